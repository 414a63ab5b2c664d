"""Template helpers for public pages."""

import re

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

register = template.Library()

# Rich text from the editor is plain HTML; GOV.UK Frontend styles elements only
# through classes, so each tag the editor can produce gets its class here.
GOVUK_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
OPENING_TAG = re.compile(r"<(p|ul|ol|a)(?=[\s>])(?![^>]*\sclass=)")


@register.filter
def govuk_richtext(value) -> str:
    """Render Wagtail rich text with GOV.UK Frontend classes on its elements."""
    html = expand_db_html(str(value.source if hasattr(value, "source") else value or ""))
    return mark_safe(  # noqa: S308 - editor HTML already sanitised by Wagtail's rich text rules
        OPENING_TAG.sub(lambda m: f'<{m.group(1)} class="{GOVUK_CLASSES[m.group(1)]}"', html)
    )
