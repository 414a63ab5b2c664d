"""Issue 20: the placement page reads its review records once (placements.selectors.review
review_records), shared by the reviews section and the timeline, checks the
placement's scope once (placements.rules) and its agreement in one cheap query, with
the same answers as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.models import FinalReport, Placement
from placements.selectors.agreement import agreements_overdue
from placements.selectors.review import review_overview, review_records
from placements.services.final_report import final_report_amend
from placements.timeline import placement_timeline
from placements.views.lifecycle import _agreement_overdue
from tests.placements.support import days_ago, make_cast, sign_agreement, submitted_cast

pytestmark = pytest.mark.django_db


def test_the_current_report_is_the_version_nobody_amended():
    cast, report = submitted_cast()
    report.refresh_from_db()
    correction = final_report_amend(report=report, by=cast.educator, reason="Domain 5.")

    records = review_records(cast.placement)
    overview = review_overview(cast.placement)

    current = FinalReport.objects.current().get(placement=cast.placement)
    assert current == correction
    assert records.current_final_report == current
    assert overview.final_report == current
    assert [r.pk for r in records.final_reports] == [correction.pk, report.pk]
    # Both versions are on the timeline.
    written = [e for e in placement_timeline(cast.placement) if "Final report written" in e.title]
    assert len(written) == 2


def test_the_page_reads_the_reports_and_the_scope_once(client):
    cast, _ = submitted_cast()
    client.force_login(cast.tutor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/portal/placements/{cast.placement.pk}/")

    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    report_reads = [s for s in sql if s.startswith('SELECT "placements_finalreport"."id"')]
    panel_reads = [s for s in sql if s.startswith('SELECT "placements_paneldecision"."id"')]
    assert len(report_reads) == 1
    assert len(panel_reads) == 1
    assert "Final report written" in response.content.decode()
    assert response.context["reviews"].final_report is not None


S = Placement.Status


@pytest.mark.parametrize(
    ("status", "started", "signed", "onsite"),
    [
        (S.ACTIVE, 20, False, True),
        (S.ACTIVE, 20, True, True),
        (S.ACTIVE, 20, True, False),
        (S.ACTIVE, 5, False, True),
        (S.CONFIRMED, 10, False, False),
        (S.PASSED, 20, False, True),
    ],
)
def test_the_agreement_warning_agrees_with_the_dashboards(status, started, signed, onsite):
    fields = {} if onsite else {"onsite_supervisor": None}
    cast = make_cast(status=status, starts_on=days_ago(started), **fields)
    if signed:
        sign_agreement(cast.placement)
    placement = Placement.objects.with_people().get(pk=cast.placement.pk)

    expected = agreements_overdue([placement]).exists()
    assert _agreement_overdue(placement) == expected
    assert expected == (status != S.PASSED and started >= 10 and not signed)


def test_an_agreement_missing_the_onsite_supervisors_signature_is_overdue():
    cast = make_cast(status=S.ACTIVE, starts_on=days_ago(20), onsite_supervisor=None)
    sign_agreement(cast.placement)  # everyone but an on-site supervisor, who is added later
    Placement.objects.filter(pk=cast.placement.pk).update(onsite_supervisor=cast.supervisor)
    placement = Placement.objects.with_people().get(pk=cast.placement.pk)

    assert agreements_overdue([placement]).exists()
    assert _agreement_overdue(placement)
