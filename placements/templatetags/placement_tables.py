"""The rows of the short placement tables on the dashboards
(placements/includes/placement_panel_table.html), made in Python.

Issue 20: a dashboard shows up to six of these tables of ten rows, and each row
through the template language (a link, three filters, two includes) cost about
half a millisecond: a fifth of a co-ordinator's dashboard. The markup is the one
the template made; tests/placements/test_placement_tables.py holds it to that.
The status tag's colours are the ones placements/includes/placement_status_tag.html
gives (and the RAG tag's placements/oversight/rag_tag.html's), for the pages that
still include those.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# placements/includes/placement_status_tag.html, as classes.
STATUS_TAG_CLASSES = {
    "draft": " govuk-tag--grey",
    "ended_early": " govuk-tag--grey",
    "confirmed": " govuk-tag--turquoise",
    "active": " govuk-tag--green",
    "passed": " govuk-tag--green",
    "suspended": " govuk-tag--orange",
    "midpoint_reviewed": " govuk-tag--teal",
    "final_report_submitted": " govuk-tag--purple",
    "failed": " govuk-tag--red",
}
_NOT_SIGNED = mark_safe(
    '<br><strong class="govuk-tag govuk-tag--red">Agreement not signed</strong>'
)
_NOT_RATED = mark_safe(
    '<span class="govuk-body-s">Not rated<span class="govuk-visually-hidden">: only placements '
    "under way have a status</span></span>"
)
_NOTHING_TO_ACT_ON = mark_safe(
    '\n<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-1">'
    "Nothing to act on</span>"
)


def status_tag(status: str, label) -> SafeString:
    return format_html(
        '<strong class="govuk-tag{}">{}</strong>', STATUS_TAG_CLASSES.get(status, ""), label
    )


def rag_tag_with_reasons(rag) -> SafeString:
    """placements/oversight/rag_tag.html with reasons=True."""
    if not rag:
        return _NOT_RATED
    tag = format_html('<strong class="govuk-tag {}">{}</strong>', rag.tag_class, rag.label)
    if not rag.reasons:
        return tag + _NOTHING_TO_ACT_ON
    items = format_html_join(
        "",
        "<li>{}</li>",
        (
            (format_html('<a class="govuk-link" href="{}">{}</a>', url, reason) if url else reason,)
            for reason, url in rag.explained
        ),
    )
    return format_html(
        '{}\n<ul class="govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
        "{}</ul>",
        tag,
        items,
    )


def _row(placement, overdue, rated: bool, detail: str, day) -> SafeString:
    status = format_html(
        "{}{}",
        status_tag(placement.status, placement.get_status_display()),
        _NOT_SIGNED if overdue and placement.pk in overdue else "",
    )
    rag = (
        format_html(
            '\n      <td class="govuk-table__cell">{}</td>',
            rag_tag_with_reasons(getattr(placement, "rag", None)),
        )
        if rated
        else ""
    )
    return format_html(
        '\n    <tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>\n'
        '      <td class="govuk-table__cell">{}<br><span class="govuk-body-s">{}</span></td>\n'
        '      <td class="govuk-table__cell">{} to {}</td>\n'
        '      <td class="govuk-table__cell">{}</td>{}\n'
        "    </tr>\n  ",
        f"{detail}{placement.pk}/",
        placement.student,
        placement.host,
        placement.team,
        day(placement.starts_on),
        day(placement.ends_on),
        status,
        rag,
    )


@register.simple_tag
def placement_panel_rows(rows, overdue=None, rated=False) -> SafeString:
    """The <tr> of each placement in `rows`: student (linked), setting and team, dates,
    status (and "Agreement not signed" for the pks in `overdue`), with `rated` its RAG
    status and reasons."""
    detail = reverse("placements:placement_detail", args=[0]).removesuffix("0/")
    formatted: dict = {}  # dates repeat (a cohort starts together): each formatted once

    def day(value):
        if value not in formatted:
            formatted[value] = date_filter(value, "j M Y")
        return formatted[value]

    rows_html = "".join(_row(placement, overdue, rated, detail, day) for placement in rows)
    return mark_safe(rows_html)  # noqa: S308 (each row made by format_html)


@register.simple_tag
def placement_status(placement) -> SafeString:
    """A placement's status tag (placements/includes/placement_status_tag.html) for a
    row loop, where an include per row costs more than the row."""
    return status_tag(placement.status, placement.get_status_display())


@register.simple_tag
def placement_rag(placement) -> SafeString:
    """A row's RAG status and reasons (placements/oversight/rag_tag.html with reasons)."""
    return rag_tag_with_reasons(getattr(placement, "rag", None))
