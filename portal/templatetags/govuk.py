"""Template helpers for GOV.UK Frontend markup."""

import re
from html import unescape

from django import forms, template
from django.utils.html import format_html, strip_tags

from portal.forms import error_count as _error_count

register = template.Library()

_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


@register.filter
def govuk_widget(bound_field):
    """Render a field's widget with GOV.UK classes and error/hint aria links."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", None)
    if isinstance(widget, forms.Textarea):
        kind = "textarea"
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        kind = "select"
    base = _INPUT_CLASS.get(kind, "govuk-input")
    css = base
    if bound_field.errors:
        css += f" {base}--error"
    if widget.attrs.get("class"):
        css += f" {widget.attrs['class']}"
    elif kind == "date":
        css += " govuk-input--width-10"
    elif kind == "number":
        css += " govuk-input--width-4"
    elif base == "govuk-input" and "class" not in widget.attrs:
        css += " govuk-!-width-two-thirds"
    # GOV.UK: no placeholders; labels and hints say what to enter.
    attrs = {"class": css, "placeholder": False}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def error_count(form) -> int:
    return _error_count(form)


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the first option for radios and checkboxes."""
    if field_kind(bound_field) in ("radios", "checkboxes"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.inclusion_tag("portal/includes/pagination.html", takes_context=True)
def pagination(context, page_obj, query=""):
    return {"page_obj": page_obj, "query": query, "request": context.get("request")}


_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)


class TableRegionNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        table = self.nodelist.render(context)
        caption = _CAPTION.search(table)
        label = " ".join(unescape(strip_tags(caption.group(1))).split()) if caption else ""
        if not label:
            raise template.TemplateSyntaxError(
                "{% table_region %} is named after the table's <caption>: give the table one."
            )
        return format_html(
            '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            table,  # the template's own output, already escaped (a SafeString)
        )


@register.tag
def table_region(parser, token):
    """{% table_region %}<table>…</table>{% endtable_region %}: the table scrolls
    sideways by itself on a narrow screen (GOV.UK's pattern), in a region named
    after its caption that a keyboard can focus and scroll; the first column stays."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% table_region %} takes no arguments.")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist)
