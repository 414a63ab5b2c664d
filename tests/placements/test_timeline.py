"""The placement page's timeline (placements.timeline): everything that happened, newest first."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements.models import (
    EvidenceItem,
    FinalReport,
    MidpointReview,
    PanelDecision,
    Placement,
    PlacementDay,
)
from placements.services.agreement import agreement_save
from placements.services.concern import concern_step
from placements.services.lifecycle import placement_transition
from placements.timeline import placement_timeline, week_of
from portal import signatures
from portal.dates import long_date
from tests.dashboard_bounds import HEADER_QUERIES, PROGRESS_QUERIES
from tests.placements.factories import PlacementFactory
from tests.placements.support import SECTIONS, make_cast, raise_concern, sign_agreement

pytestmark = pytest.mark.django_db

S = Placement.Status
REFLECTION = "Worked with Jamie Okafor, aged 9, on feelings about moving school."
COMMENT = "Sensitive with Jamie; next time involve the parent."


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def confirm(placement, day, when) -> None:
    PlacementDay.objects.create(
        placement=placement,
        date=day,
        kind=PlacementDay.Kind.PLACEMENT if day.weekday() != 2 else PlacementDay.Kind.SICKNESS,
        hours=7,
        confirmed_at=when,
        confirmed_by=placement.practice_educator,
    )


def evidence(placement, title: str, *, commented: bool = False) -> EvidenceItem:
    item = EvidenceItem.objects.create(
        placement=placement,
        date=placement.starts_on,
        kind=EvidenceItem.Kind.DIRECT_WORK,
        title=title,
        reflection=REFLECTION,
    )
    if commented:
        item.educator_comment = COMMENT
        item.commented_by = placement.practice_educator
        item.commented_at = timezone.now()
        item.save()
    return item


def lived(cast):
    """Take the cast's draft placement through a realistic first half and more."""
    placement = cast.placement
    for move in ("propose", "confirm", "start"):
        placement = placement_transition(placement=placement, name=move, by=cast.host_coordinator)
    sign_agreement(placement)
    agreement_save(
        placement=placement, by=cast.educator, **{**SECTIONS, "induction": "Three weeks"}
    )
    first_monday = week_of(placement.starts_on)
    for offset in range(5):
        confirm(placement, first_monday + timedelta(days=offset), timezone.now())
    for offset in range(3):
        confirm(placement, first_monday + timedelta(days=7 + offset), timezone.now())
    concern = raise_concern(placement)
    concern = concern_step(concern=concern, name="escalate", by=cast.educator)
    concern_step(concern=concern, name="resolve", by=cast.tutor, outcome="Attendance improved")
    evidence(placement, "Group session on online safety", commented=True)
    MidpointReview.objects.create(
        placement=placement,
        held_on=placement.starts_on + timedelta(days=50),
        attendees="Practice educator\nStudent\nTutor",
        outcome=MidpointReview.Outcome.SATISFACTORY,
        summary=f"Discussed {REFLECTION}",
        recorded_by=cast.educator,
    )
    report = FinalReport.objects.create(
        placement=placement,
        summary="Holistic summary",
        recommendation=FinalReport.Recommendation.PASS,
        written_by=cast.educator,
        student_comment="Thank you",
        student_commented_at=timezone.now(),
    )
    signatures.sign(record=report, signer=cast.educator, capacity="practice_educator")
    PanelDecision.objects.create(
        placement=placement,
        sat_on=placement.starts_on + timedelta(days=130),
        outcome=PanelDecision.Outcome.RATIFIED,
        notes="Panel notes about the case",
        recorded_by=cast.tutor,
    )
    return placement


def test_the_timeline_merges_everything_that_happened_newest_first():
    cast = make_cast(status=S.DRAFT)
    placement = lived(cast)
    monday = week_of(placement.starts_on)

    events = placement_timeline(placement)

    titles = [event.title for event in events]
    expected = [
        "Set up as draft",
        "Draft → Proposed",
        "Proposed → Confirmed",
        "Confirmed → Active",
        "Practice learning agreement written",
        "Signed the practice learning agreement as student",
        "Signed the practice learning agreement as practice educator",
        "Signed the practice learning agreement as on-site supervisor",
        "Signed the practice learning agreement as university tutor",
        "Practice learning agreement changed",
        "4 signatures cleared",
        f"5 days confirmed for the week of {long_date(monday)}",
        f"3 days confirmed for the week of {long_date(monday + timedelta(days=7))}",
        "Cause for concern raised (stage 1)",
        "Cause for concern escalated to stage 2",
        "Cause for concern resolved",
        "Evidence added: Group session on online safety",
        "Practice educator commented on evidence: Group session on online safety",
        f"Midpoint review held on {long_date(placement.starts_on + timedelta(days=50))}: "
        "satisfactory",
        "Final report written, recommending pass",
        "The student commented on the final report",
        "Signed the final report as practice educator",
        f"Practice assessment panel on {long_date(placement.starts_on + timedelta(days=130))}: "
        "ratified",
    ]
    assert sorted(titles) == sorted(expected)
    whens = [event.when for event in events]
    assert whens == sorted(whens, reverse=True)
    assert titles[-1] == "Set up as draft"  # the oldest is last
    by_title = {event.title: event for event in events}
    assert by_title["Cause for concern escalated to stage 2"].who == cast.educator
    assert by_title["Cause for concern resolved"].who == cast.tutor
    assert by_title["Signed the practice learning agreement as university tutor"].who == cast.tutor
    week = by_title[f"5 days confirmed for the week of {long_date(monday)}"]
    assert week.who == cast.educator
    assert week.detail == "4 × placement day, 1 × sickness"


def test_days_are_grouped_by_week_not_listed_one_by_one():
    cast = make_cast(status=S.ACTIVE)
    monday = week_of(cast.placement.starts_on)
    for offset in range(5):
        confirm(cast.placement, monday + timedelta(days=offset), timezone.now())
    PlacementDay.objects.create(  # recorded but not confirmed: not in the timeline
        placement=cast.placement, date=monday + timedelta(days=7), kind="placement", hours=7
    )
    days = [e for e in placement_timeline(cast.placement) if e.kind == "days"]
    assert [e.title for e in days] == [f"5 days confirmed for the week of {long_date(monday)}"]


def test_the_page_shows_the_timeline_to_a_tutor_without_any_free_text_about_children(client):
    cast = make_cast(status=S.DRAFT)
    placement = lived(cast)
    client.force_login(cast.tutor)

    response = client.get(f"/portal/placements/{placement.pk}/")

    page = text(response)
    assert "Everything that happened to this placement, newest first." in page
    assert "Evidence added: Group session on online safety" in page
    assert "Cause for concern resolved" in page
    assert "Practice assessment panel on" in page
    for private in ("Jamie", "Okafor", "Late to visits", "Attendance improved", "Panel notes"):
        assert private not in page, private


def test_the_timeline_is_paginated(client):
    cast = make_cast(status=S.ACTIVE)
    for number in range(55):
        evidence(cast.placement, f"Evidence {number}")
    client.force_login(cast.tutor)

    first = client.get(f"/portal/placements/{cast.placement.pk}/")
    second = client.get(f"/portal/placements/{cast.placement.pk}/", {"page": 2})

    assert first.context["timeline"].paginator.count == 56  # 55 items and the set-up
    assert len(first.context["timeline"]) == 50
    assert len(second.context["timeline"]) == 6
    assert "Set up as active" in text(second)  # the oldest, on the last page
    assert "Set up as active" not in text(first)


def test_a_placement_outside_scope_shows_no_timeline(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.person("other_tutor"))
    assert client.get(f"/portal/placements/{cast.placement.pk}/").status_code == 404


def _timeline_queries(evidence_items: int, weeks: int) -> int:
    placement = PlacementFactory(status=S.ACTIVE)
    monday = week_of(placement.starts_on)
    for week in range(weeks):
        for offset in range(5):
            confirm(placement, monday + timedelta(days=7 * week + offset), timezone.now())
    for number in range(evidence_items):
        evidence(placement, f"Evidence {number}", commented=True)
    for _ in range(evidence_items // 5):
        raise_concern(placement)
    placement = Placement.objects.get(pk=placement.pk)
    with CaptureQueriesContext(connection) as queries:
        events = placement_timeline(placement)
    assert len([e for e in events if e.kind == "days"]) == weeks
    return len(queries)


def test_the_timeline_costs_a_fixed_number_of_queries():
    # 10 for the placement's own records, 1 for its tutor visits (placements/visits.py),
    # 2 for supervision's (supervision/timeline.py).
    assert _timeline_queries(5, 1) == _timeline_queries(50, 10) <= 13


@pytest.mark.parametrize("items", [5, 50])
def test_the_placement_page_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, items
):
    cast = make_cast(status=S.ACTIVE)
    for number in range(items):
        evidence(cast.placement, f"Evidence {number}", commented=True)
        raise_concern(cast.placement)
    client.force_login(cast.tutor)

    # +2 for supervision's timeline entries (supervision/timeline.py); the progress
    # panel (placements.progress) in place of the two evidence counts it replaced;
    # +1 for whether the portfolio pack's link is shown (supervision.export_portfolio);
    # -4 (issue 20): the reviews and the timeline share their three reads
    # (review_records), and the supervision section reuses the page's scope check.
    with django_assert_max_num_queries(42 - 1 - 4 + PROGRESS_QUERIES + HEADER_QUERIES):
        response = client.get(f"/portal/placements/{cast.placement.pk}/")

    assert response.status_code == 200
    # Each item added and commented on, each concern raised, and the set-up.
    assert response.context["timeline"].paginator.count == 3 * items + 1
