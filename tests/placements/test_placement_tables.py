"""The short placement tables of the dashboards (placements/includes/
placement_panel_table.html): rows made in Python (issue 20) read as the template
made them: the student linked to the placement, setting and team, dates, status
tag (and "Agreement not signed"), and with `rated` the RAG status and reasons."""

import re
from datetime import date

from django.template.loader import render_to_string

from placements.models import Placement
from placements.oversight import AMBER, GREEN, Rag
from portal.accounts.models import Organisation, User


def placement(pk: int, status: str, *, student="Ada Lovelace", rag=None) -> Placement:
    row = Placement(
        pk=pk,
        status=status,
        student=User(name=student, email=f"s{pk}@example.org"),
        host=Organisation(name="Fenwick Children's Services"),
        team="Early Help Hub",
        starts_on=date(2026, 10, 26),
        ends_on=date(2027, 2, 16),
    )
    row.rag = rag
    return row


def squash(html: str) -> str:
    """The markup without the whitespace between tags (includes add line breaks)."""
    return re.sub(r"\s*\|\s*", "|", re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))).strip()


def table(rows, **context) -> str:
    html = render_to_string(
        "placements/includes/placement_panel_table.html",
        {"rows": rows, "total": len(rows), "caption": "Placements", **context},
    )
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def test_each_row_links_the_student_to_the_placement_with_setting_dates_and_status():
    html = table([placement(7, Placement.Status.ACTIVE)])
    assert (
        '<tr class="govuk-table__row"><td class="govuk-table__cell">'
        '<a class="govuk-link" href="/portal/placements/7/">Ada Lovelace</a></td>'
        '<td class="govuk-table__cell">Fenwick Children&#x27;s Services<br>'
        '<span class="govuk-body-s">Early Help Hub</span></td>'
        '<td class="govuk-table__cell">26 Oct 2026 to 16 Feb 2027</td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">Active'
        "</strong></td></tr>"
    ) in html
    assert "Progress (RAG)" not in html and "Agreement not signed" not in html


def test_status_tags_keep_their_colours():
    html = table(
        [
            placement(1, Placement.Status.DRAFT),
            placement(2, Placement.Status.SUSPENDED),
            placement(3, Placement.Status.MIDPOINT_REVIEWED),
            placement(4, Placement.Status.PROPOSED),
        ]
    )
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--orange">Suspended</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--teal">Midpoint reviewed</strong>' in html
    assert '<strong class="govuk-tag">Proposed</strong>' in html


def test_only_the_overdue_rows_say_the_agreement_is_not_signed():
    html = table(
        [placement(1, Placement.Status.ACTIVE), placement(2, Placement.Status.ACTIVE)],
        overdue={2},
    )
    assert html.count("Agreement not signed") == 1
    second_row = html.split('href="/portal/placements/2/"')[1]
    assert "Agreement not signed" in second_row.split("</tr>")[0]


def test_rated_rows_show_the_status_and_each_reason_linked_to_its_page():
    amber = Rag(
        AMBER,
        reasons=("No supervision for 2 weeks", "Midpoint review due"),
        links=("/portal/supervision/", ""),
    )
    html = table(
        [
            placement(1, Placement.Status.ACTIVE, rag=amber),
            placement(2, Placement.Status.ACTIVE, rag=Rag(GREEN)),
            placement(3, Placement.Status.DRAFT, rag=None),
        ],
        rated=True,
    )
    assert '<th scope="col" class="govuk-table__header">Progress (RAG)</th>' in html
    assert (
        '<strong class="govuk-tag govuk-tag--orange">Amber</strong><ul class="govuk-list '
        'govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0"><li><a class="govuk-link" '
        'href="/portal/supervision/">No supervision for 2 weeks</a></li>'
        "<li>Midpoint review due</li></ul>"
    ) in html
    assert "Nothing to act on" in html
    assert "Not rated" in html


def test_names_are_escaped():
    html = table([placement(1, Placement.Status.ACTIVE, student="<script>x</script>")])
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_row_tags_of_the_placements_list_match_the_includes():
    from django.template import engines

    engine = engines["django"]
    amber = Rag(AMBER, reasons=("Midpoint review due",), links=("/portal/placements/3/review/",))
    for row in (
        placement(3, Placement.Status.SUSPENDED, rag=amber),
        placement(4, Placement.Status.FAILED, rag=None),
        placement(5, Placement.Status.ACTIVE, rag=Rag(GREEN)),
    ):
        tags = engine.from_string(
            "{% load placement_tables %}{% placement_status p %}|{% placement_rag p %}"
        ).render({"p": row})
        includes = engine.from_string(
            '{% include "placements/includes/placement_status_tag.html" with status=p.status '
            'label=p.get_status_display %}|{% include "placements/oversight/rag_tag.html" '
            "with rag=p.rag reasons=True %}"
        ).render({"p": row})
        assert squash(tags) == squash(includes)
