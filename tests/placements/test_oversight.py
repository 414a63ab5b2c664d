"""The RAG status of placements (placements.oversight): every rule, and the bulk cost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import supervision.selectors.observations
import supervision.selectors.sessions
from placements import oversight
from placements.ledger import BEHIND_THRESHOLD_DAYS, ledger_for
from placements.models import MidpointReview, Placement
from placements.oversight import (
    AMBER,
    GREEN,
    MIDPOINT_REVIEW_GRACE_WORKING_DAYS,
    NO_DATA,
    RED,
    RED_DAYS_BEHIND,
    Rag,
    filter_by_rag,
    placement_rag_for,
    rag_counts,
    rag_from,
)
from placements.services.concern import concern_step
from portal.dates import long_date
from portal.workingdays import WorkingDays
from supervision import oversight as supervision_oversight
from supervision.models import Observation
from supervision.selectors.observations import OverdueObservation
from tests.placements.factories import CourseFactory, PlacementFactory
from tests.placements.support import (
    answer_cannot_tell,
    confirm_days,
    raise_concern,
    sign_agreement,
    working_day_after_start,
)
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = Placement.Status
NO_SUPERVISION_DATA = ("Weekly supervision: no data yet", "Direct observations: no data yet")


def rag_of(placement, **kwargs) -> Rag:
    return placement_rag_for([placement], **kwargs)[placement.pk]


@pytest.fixture
def supervision_on_track(monkeypatch):
    """The supervision app answering, for every placement, "nothing missed" (its contract's
    empty lists); tests change `answers` to report gaps."""
    answers = {"gaps": [], "observations": []}

    def gaps(placements, *, today=None):
        return {p.pk: answers["gaps"] for p in placements}

    def observations(placements, *, today=None):
        return {p.pk: answers["observations"] for p in placements}

    monkeypatch.setattr(supervision_oversight, "supervision_gaps_for", gaps)
    monkeypatch.setattr(supervision_oversight, "observations_overdue_for", observations)
    return answers


@pytest.fixture
def supervision_cannot_tell(monkeypatch):
    """The supervision app answering None ("cannot tell") for the placements whose pk a
    test adds to the returned set; every other placement gets the real answer."""
    return answer_cannot_tell(monkeypatch)


def fresh(**fields) -> Placement:
    """An active placement starting today: nothing can be late yet."""
    return PlacementFactory(starts_on=timezone.localdate(), **fields)


# --- "No data" is not green ---------------------------------------------------------------


def test_without_supervision_data_a_placement_with_nothing_wrong_shows_no_data(
    supervision_cannot_tell,
):
    placement = fresh()
    supervision_cannot_tell.add(placement.pk)
    rag = rag_of(placement)
    assert rag.status == NO_DATA
    assert rag.label == "No data"
    assert rag.tag_class == "govuk-tag--grey"
    assert rag.reasons == NO_SUPERVISION_DATA


def test_with_supervision_data_and_nothing_wrong_a_placement_is_green(supervision_on_track):
    rag = rag_of(fresh())
    assert rag == Rag(status=GREEN, reasons=())
    assert rag.label == "Green"


def test_an_amber_or_red_signal_shows_even_without_supervision_data(supervision_cannot_tell):
    placement = fresh()
    supervision_cannot_tell.add(placement.pk)
    raise_concern(placement)
    rag = rag_of(placement)
    assert rag.status == AMBER
    # The worst reasons come first; the missing data is still said.
    assert rag.reasons == ("Open cause for concern (stage 1)", *NO_SUPERVISION_DATA)


def test_the_supervision_selectors_answer_for_every_placement():
    placements = [fresh(), PlacementFactory(status=S.PASSED)]
    # Neither has a full week with placement days behind it: nothing missed.
    assert supervision.selectors.sessions.supervision_gaps_for(placements) == {
        p.pk: [] for p in placements
    }
    # Direct observations answer too: the fresh one has nothing due yet, the passed one
    # is no longer rated.
    nothing_overdue = {p.pk: [] for p in placements}
    assert (
        supervision.selectors.observations.observations_overdue_for(placements) == nothing_overdue
    )


def test_the_status_is_the_worst_reason():
    assert rag_from([]).status == GREEN
    assert rag_from([(NO_DATA, "a")]).status == NO_DATA
    assert rag_from([(NO_DATA, "a"), (AMBER, "b")]) == Rag(AMBER, ("b", "a"))
    assert rag_from([(AMBER, "b"), (RED, "c"), (NO_DATA, "a")]) == Rag(RED, ("c", "b", "a"))


# --- Which placements are rated -------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.PASSED, S.FAILED, S.ENDED_EARLY])
def test_draft_and_finished_placements_have_no_rag_status(status):
    placement = PlacementFactory(status=status)
    assert placement_rag_for([placement]) == {}


@pytest.mark.parametrize("status", sorted(Placement.LIVE_STATUSES))
def test_every_live_placement_has_a_rag_status(status):
    placement = PlacementFactory(status=status, starts_on=timezone.localdate())
    assert placement.pk in placement_rag_for([placement])


# --- Days behind schedule (the ledger's own notion of "behind") ---------------------------


def paced_placement() -> Placement:
    """Started on 5 January 2026, one required day per working day, agreement signed."""
    start, end = date(2026, 1, 5), date(2026, 5, 5)
    in_placement = WorkingDays().between(start - timedelta(days=1), end)
    placement = PlacementFactory(starts_on=start, ends_on=end, required_days=in_placement)
    sign_agreement(placement)
    return placement


@pytest.mark.parametrize(
    ("confirmed", "status", "reason"),
    [
        (10, GREEN, None),  # on pace
        (10 - BEHIND_THRESHOLD_DAYS, GREEN, None),  # not yet "behind" by the ledger's rule
        (10 - BEHIND_THRESHOLD_DAYS - 1, AMBER, "4 days behind schedule"),
        (10 - RED_DAYS_BEHIND + 1, AMBER, "9 days behind schedule"),
        (10 - RED_DAYS_BEHIND, RED, "10 days behind schedule"),
    ],
)
def test_days_behind_schedule(supervision_on_track, confirmed, status, reason):
    placement = paced_placement()
    confirm_days(placement, confirmed)
    # Monday of week 3: the pace counts the 10 working days of the weeks before.
    today = working_day_after_start(placement, 11)

    rag = rag_of(placement, today=today)

    assert rag.status == status
    assert rag.reasons == ((reason,) if reason else ())
    # The same arithmetic as the ledger page: they never disagree.
    ledger = ledger_for(placement, today=today)
    assert ledger.behind is (reason is not None)
    if reason:
        assert reason == f"{ledger.days_behind} days behind schedule"


def test_unconfirmed_days_do_not_count_towards_the_pace(supervision_on_track):
    placement = paced_placement()
    confirm_days(placement, 10)
    placement.days.update(confirmed_at=None, confirmed_by=None)
    rag = rag_of(placement, today=working_day_after_start(placement, 11))
    assert rag == Rag(RED, ("10 days behind schedule",))


# --- Practice learning agreement --------------------------------------------------------------


def started(days_ago: int, **fields) -> Placement:
    return PlacementFactory(starts_on=timezone.localdate() - timedelta(days=days_ago), **fields)


def test_an_agreement_unsigned_ten_days_after_the_start_is_amber(supervision_on_track):
    today = timezone.localdate()
    placement = started(14, required_days=1)
    confirm_days(placement, 1)

    assert rag_of(placement, today=today) == Rag(
        AMBER, ("Learning agreement unsigned 14 days after the start",)
    )
    assert rag_of(placement, today=today - timedelta(days=5)).status == GREEN  # 9 days in


def test_a_signed_agreement_is_not_a_reason(supervision_on_track):
    placement = started(14, required_days=1)
    confirm_days(placement, 1)
    sign_agreement(placement)
    assert rag_of(placement).status == GREEN


# --- Causes for concern and suspension ------------------------------------------------------


def test_an_open_stage_1_concern_is_amber_and_stage_2_is_red(supervision_on_track):
    first, second = fresh(), fresh()
    raise_concern(first)
    raise_concern(second, stage=2)
    rags = placement_rag_for([first, second])
    assert rags[first.pk] == Rag(AMBER, ("Open cause for concern (stage 1)",))
    assert rags[second.pk] == Rag(RED, ("Open cause for concern (stage 2)",))


def test_a_resolved_concern_is_not_a_reason(supervision_on_track):
    placement = fresh()
    concern = raise_concern(placement, stage=2)
    concern_step(concern=concern, name="resolve", by=placement.tutor, outcome="Improved")
    assert rag_of(placement).status == GREEN


def test_a_suspended_placement_is_red(supervision_on_track):
    placement = fresh(status=S.SUSPENDED)
    assert rag_of(placement) == Rag(RED, ("Placement suspended",))


# --- Midpoint review ------------------------------------------------------------------------

# 5 January to 5 May 2026: the midpoint is Friday 6 March; ten working days later
# (no bank holiday in between) is Friday 20 March.
MIDPOINT_DUE = date(2026, 3, 20)


def midpoint_placement(**fields) -> Placement:
    placement = PlacementFactory(
        starts_on=date(2026, 1, 5), ends_on=date(2026, 5, 5), required_days=1, **fields
    )
    confirm_days(placement, 1)
    sign_agreement(placement)
    return placement


def test_the_grace_period_is_ten_working_days():
    assert MIDPOINT_REVIEW_GRACE_WORKING_DAYS == 10
    placement = Placement(starts_on=date(2026, 1, 5), ends_on=date(2026, 5, 5))
    assert oversight.midpoint_of(placement) == date(2026, 3, 6)
    assert oversight.midpoint_review_due(placement, WorkingDays()) == MIDPOINT_DUE


def test_a_midpoint_review_is_overdue_after_the_grace_period(supervision_on_track):
    placement = midpoint_placement()
    assert rag_of(placement, today=MIDPOINT_DUE).status == GREEN
    assert rag_of(placement, today=MIDPOINT_DUE + timedelta(days=1)) == Rag(
        AMBER, ("Midpoint review overdue (due by 20 March 2026)",)
    )


def test_a_recorded_midpoint_review_is_not_overdue(supervision_on_track):
    placement = midpoint_placement()
    MidpointReview.objects.create(
        placement=placement,
        held_on=date(2026, 3, 25),
        attendees="PE\nStudent\nTutor",
        outcome=MidpointReview.Outcome.SATISFACTORY,
        recorded_by=placement.practice_educator,
    )
    assert rag_of(placement, today=date(2026, 4, 1)).status == GREEN


@pytest.mark.parametrize("status", [S.MIDPOINT_REVIEWED, S.FINAL_REPORT_SUBMITTED])
def test_a_placement_past_its_midpoint_review_is_not_overdue(supervision_on_track, status):
    placement = midpoint_placement(status=status)
    assert rag_of(placement, today=date(2026, 4, 1)).status == GREEN


# --- Weekly supervision and direct observations (through the supervision selectors) -------


def test_one_missed_supervision_week_is_amber_and_two_are_red(supervision_on_track):
    placement = fresh()
    supervision_on_track["gaps"] = [date(2026, 3, 2)]
    assert rag_of(placement) == Rag(
        AMBER, ("Weekly supervision missed in 1 week (latest the week of 2 March 2026)",)
    )
    supervision_on_track["gaps"] = [date(2026, 3, 2), date(2026, 3, 16)]
    assert rag_of(placement) == Rag(
        RED, ("Weekly supervision missed in 2 weeks (latest the week of 16 March 2026)",)
    )


def test_one_overdue_observation_is_amber_and_two_are_red(supervision_on_track):
    placement = fresh()
    before_midpoint = OverdueObservation("the one before the midpoint", date(2026, 3, 6))
    by_educator = OverdueObservation("the second by the practice educator", date(2026, 4, 1))
    supervision_on_track["observations"] = [before_midpoint]
    assert rag_of(placement) == Rag(
        AMBER,
        ("Direct observation overdue: the one before the midpoint (due by 6 March 2026)",),
    )
    supervision_on_track["observations"] = [by_educator, before_midpoint]
    assert rag_of(placement) == Rag(
        RED,
        (
            "Direct observation overdue: the one before the midpoint (due by 6 March 2026)",
            "Direct observation overdue: the second by the practice educator (due by 1 April 2026)",
        ),
    )


def test_the_real_supervision_records_decide_the_supervision_reasons():
    # 5 January to 5 May 2026, one placement day in the week of 5 January; on 10 March
    # that week is counted and the midpoint (6 March) has passed, but the midpoint
    # review (due by 20 March) and the other observations (due 5 May) are not late.
    placement = midpoint_placement()
    today = date(2026, 3, 10)
    assert rag_of(placement, today=today) == Rag(
        AMBER,
        (
            "Weekly supervision missed in 1 week (latest the week of 5 January 2026)",
            "Direct observation overdue: the one before the midpoint (due by 6 March 2026)",
        ),
    )

    SupervisionSessionFactory(placement=placement, date=date(2026, 1, 7), duration_minutes=90)
    ObservationFactory(placement=placement, date=date(2026, 3, 6), status=Observation.Status.DRAFT)

    assert rag_of(placement, today=today) == Rag(GREEN, ())


# --- Many placements at once ----------------------------------------------------------------


def test_several_reasons_are_listed_worst_first():
    placement = started(30, required_days=80)
    # One placement day in the first week and no supervision that week: a missed week
    # (the real selectors), and far too few days for the pace (red whatever weekday
    # today is).
    confirm_days(placement, 1)
    day = placement.days.get().date
    week_of = day - timedelta(days=day.weekday())
    raise_concern(placement)
    rag = rag_of(placement)
    assert rag.status == RED
    assert rag.reasons[0].endswith("days behind schedule")
    assert rag.reasons[1:] == (
        "Open cause for concern (stage 1)",
        "Learning agreement unsigned 30 days after the start",
        f"Weekly supervision missed in 1 week (latest the week of {long_date(week_of)})",
    )


def test_counts_and_filtering_by_rag_status(supervision_cannot_tell):
    course = CourseFactory()
    amber = PlacementFactory(course=course, starts_on=timezone.localdate())
    raise_concern(amber)
    grey = PlacementFactory(course=course, starts_on=timezone.localdate())
    supervision_cannot_tell.add(grey.pk)
    # Started today: nothing the real selectors look at can be missed yet.
    green = PlacementFactory(course=course, starts_on=timezone.localdate())
    PlacementFactory(course=course, status=S.PASSED)
    placements = Placement.objects.filter(course=course)

    rags = oversight.rag_for_queryset(placements)

    assert set(rags) == {amber.pk, grey.pk, green.pk}
    counts = {row["status"]: row["count"] for row in rag_counts(rags)}
    assert counts == {RED: 0, AMBER: 1, GREEN: 1, NO_DATA: 1}
    assert list(filter_by_rag(placements, AMBER)) == [amber]
    assert list(filter_by_rag(placements, NO_DATA, rags)) == [grey]
    assert list(filter_by_rag(placements, GREEN, rags)) == [green]
    assert list(filter_by_rag(placements, RED)) == []


def _queries_for(rows: int) -> int:
    course = CourseFactory()
    for index in range(rows):
        placement = PlacementFactory(course=course)
        if index % 2:
            raise_concern(placement)
        else:
            # Supervision records for the real selectors to read.
            SupervisionSessionFactory(placement=placement)
            ObservationFactory(placement=placement, status=Observation.Status.DRAFT)
    placements = list(Placement.objects.filter(course=course))
    with CaptureQueriesContext(connection) as queries:
        rags = placement_rag_for(placements)
    assert len(rags) == rows
    return len(queries)


def test_the_rag_status_of_many_placements_costs_a_fixed_number_of_queries():
    # Six for the oversight rules, three for weekly supervision
    # (supervision.compliance) and two for the observation checklist (the courses and
    # the observations: supervision.checklist).
    assert _queries_for(5) == _queries_for(50) <= 6 + 3 + 2
