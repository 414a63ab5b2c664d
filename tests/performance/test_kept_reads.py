"""Issue 20, requirement 3, second round: what the dashboards, the lists and the API
read instead of working out again.

- A whole scope's statuses (a university's, for the oversight panel) are kept as
  one value, let go by any write a placement's kept status would be let go by.
- A page of rows (the list, the API, a placement's own page) reads the statuses
  kept today and works out only the others.
- The dashboards' two review lists come from one query, with the rows they had.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements import dashboard, rag_cache
from placements.models import Placement, PlacementDay
from placements.oversight import kept_rag_for, placement_rag_for, rag_for_queryset
from placements.selectors.review import (
    final_reports_awaiting_countersignature,
    final_reports_awaiting_panel,
)
from portal import signatures
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import FinalReportFactory, PlacementFactory, UniversityFactory
from tests.placements.support import raise_concern, sign_agreement

pytestmark = pytest.mark.django_db


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.fixture
def university_placements():
    university = UniversityFactory()
    made = []
    for _ in range(3):
        placement = PlacementFactory(
            course__university=university, starts_on=timezone.localdate() - timedelta(days=30)
        )
        sign_agreement(placement)
        made.append(placement)
    return made


def scope(placements):
    return Placement.objects.filter(pk__in=[p.pk for p in placements])


def kept_scope(placements):
    rows = [rag_cache.Fingerprint.of(p) for p in scope(placements)]
    return rag_cache.Scope(rows, timezone.localdate()).found


def test_an_unchanged_scope_is_read_in_one_query_with_the_same_statuses(university_placements):
    fresh = placement_rag_for(scope(university_placements))
    rag_for_queryset(scope(university_placements))

    assert queries(lambda: rag_for_queryset(scope(university_placements))) == 1  # the rows
    assert rag_for_queryset(scope(university_placements)) == fresh


def test_a_write_to_any_placement_lets_every_kept_scope_go(university_placements):
    first, *others = university_placements
    rag_for_queryset(scope(others))
    assert kept_scope(others) is not None

    PlacementDay.objects.create(
        placement=first, date=first.starts_on, kind=PlacementDay.Kind.PLACEMENT, hours=7
    )

    assert kept_scope(others) is None  # the others' own kept statuses still serve
    rag_for_queryset(scope(others))
    raise_concern(others[0])
    reasons = rag_for_queryset(scope(others))[others[0].pk].reasons
    assert "Open cause for concern (stage 1)" in reasons


def test_a_scope_with_a_placement_changed_without_signals_is_not_read(university_placements):
    rag_for_queryset(scope(university_placements))
    Placement.objects.filter(pk=university_placements[0].pk).update(
        status=Placement.Status.SUSPENDED
    )

    rags = rag_for_queryset(scope(university_placements))

    assert rags[university_placements[0].pk].reasons[0] == "Placement suspended"


def test_a_page_of_rows_reads_the_kept_statuses(university_placements):
    rows = list(scope(university_placements).order_by("pk"))
    fresh = placement_rag_for(rows)

    assert kept_rag_for(rows) == fresh
    assert queries(lambda: kept_rag_for(rows)) == 0
    raise_concern(rows[1])
    assert "Open cause for concern (stage 1)" in kept_rag_for(rows)[rows[1].pk].reasons


def test_the_list_and_the_placement_page_show_a_concern_at_once(client, university_placements):
    placement = university_placements[0]
    coordinator = user_with_role(Role.COORDINATOR, placement.course.university)
    client.force_login(coordinator)
    list_url = reverse("placements:placement_list")
    page_url = reverse("placements:placement_detail", args=[placement.pk])
    for url in (list_url, page_url):
        assert "Open cause for concern" not in client.get(url).content.decode()

    raise_concern(placement)

    for url in (list_url, page_url):
        assert "Open cause for concern (stage 1)" in client.get(url).content.decode()


def test_the_review_lists_are_those_of_the_two_selectors():
    university = UniversityFactory()
    tutor = user_with_role(Role.TUTOR, university)
    for number in range(25):
        placement = PlacementFactory(
            tutor=tutor,
            course__university=university,
            status=Placement.Status.FINAL_REPORT_SUBMITTED,
            starts_on=timezone.localdate() - timedelta(days=number % 7),
        )
        report = FinalReportFactory(placement=placement)
        if number % 5 == 4:
            continue  # not signed by the practice educator: in neither list
        signatures.sign(
            record=report, signer=placement.practice_educator, capacity="practice_educator"
        )
        if number % 3:
            signatures.sign(record=report, signer=tutor, capacity="tutor")
    placements = Placement.objects.filter(tutor=tutor)

    lists = dashboard._review_rows(placements)

    for key, selector in (
        ("to_countersign", final_reports_awaiting_countersignature),
        ("awaiting_panel", final_reports_awaiting_panel),
    ):
        expected = dashboard._rows(selector(placements))
        assert lists[key]["total"] == expected["total"]
        assert [p.pk for p in lists[key]["rows"]] == [p.pk for p in expected["rows"]]
    assert lists["awaiting_panel"]["total"] > dashboard.PANEL_ROWS  # more than one page
    assert queries(lambda: dashboard._review_rows(placements)) == 2
    assert queries(lambda: dashboard._review_rows(Placement.objects.filter(tutor=None))) == 2


def test_the_assessment_lists_are_the_first_of_each_flag_nearest_first():
    from placements.casework.models import Assessment
    from placements.casework.selectors import assessments as reads
    from portal.workingdays import WorkingDays
    from tests.casework.factories import AssessmentFactory

    everything = Assessment.objects.select_related("child", "social_worker", "student")
    empty = queries(lambda: reads.dashboard_lists(everything))
    today, calendar = timezone.localdate(), WorkingDays()
    for days in range(1, 8):  # due soon (within 5 working days) and overdue, 7 of each
        AssessmentFactory(due_date=calendar.add(today, days % 5 + 1))
        AssessmentFactory(due_date=today - timedelta(days=days * 3))
    AssessmentFactory(due_date=today - timedelta(days=1), status=Assessment.Status.AUTHORISED)

    lists = reads.dashboard_lists(everything, limit=4)

    open_ = everything.exclude(status=Assessment.Status.AUTHORISED).order_by("due_date", "pk")
    soon = [a.pk for a in reads.with_days_left(open_.filter(due_date__gte=today)) if a.due_soon]
    late = [a.pk for a in open_.filter(due_date__lt=today)]
    assert [a.pk for a in lists["casework_assessments_due_soon"]] == soon[:4]
    assert [a.pk for a in lists["casework_assessments_overdue"]] == late[:4]
    assert all(a.overdue and a.days_left < 0 for a in lists["casework_assessments_overdue"])
    assert queries(lambda: reads.dashboard_lists(everything)) == empty == 3
