"""Sessions booked from the agreement's weekly slot: bank holidays, reruns, slot changes,
and booking when the agreement is saved (the signal and its task)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from placements.models import Placement
from placements.services.agreement import agreement_save
from supervision.models import SupervisionSession
from supervision.services.schedule import monday_of, schedule_all, schedule_sessions
from supervision.services.sessions import session_move
from supervision.tasks import schedule_placement_sessions, schedule_supervision_sessions
from tests.placements.factories import PlacementFactory
from tests.placements.support import SECTIONS
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
TUESDAY, THURSDAY, FRIDAY = 1, 3, 4


def with_agreement(*, starts_on, weeks=6, day=TUESDAY, at=time(14, 0), **fields) -> Placement:
    placement = PlacementFactory(
        starts_on=starts_on, ends_on=starts_on + timedelta(days=7 * weeks - 3), **fields
    )
    agreement_save(
        placement=placement,
        by=placement.practice_educator,
        **{**SECTIONS, "supervision_day": day, "supervision_time": at},
    )
    return placement


def booked(placement) -> list[tuple[date, time]]:
    return list(
        SupervisionSession.objects.filter(placement=placement)
        .order_by("date")
        .values_list("date", "starts_at")
    )


def test_one_session_a_week_at_the_slot_to_the_end_of_the_placement():
    start = date(2027, 2, 1)  # a Monday, no bank holidays for six weeks
    placement = with_agreement(starts_on=start)
    created = schedule_sessions(placement=placement, today=start - timedelta(days=3))
    assert len(created) == 6
    assert booked(placement) == [(start + timedelta(days=7 * n + 1), time(14, 0)) for n in range(6)]
    session = created[0]
    assert session.status == S.SCHEDULED and session.from_schedule
    assert session.duration_minutes == placement.course.weekly_supervision_minutes


def test_weeks_already_past_are_not_booked():
    start = date(2027, 2, 1)
    placement = with_agreement(starts_on=start)
    schedule_sessions(placement=placement, today=start + timedelta(days=16))  # Wednesday, week 3
    assert [d for d, _ in booked(placement)] == [
        start + timedelta(days=7 * n + 1) for n in (3, 4, 5)
    ]


def test_a_slot_on_a_bank_holiday_moves_within_the_week():
    # Fridays 25 December 2026 and 1 January 2027 are bank holidays.
    start = date(2026, 12, 14)
    placement = with_agreement(starts_on=start, weeks=4, day=FRIDAY)
    schedule_sessions(placement=placement, today=start)
    assert [d for d, _ in booked(placement)] == [
        date(2026, 12, 18),
        date(2026, 12, 24),  # Thursday: no working day later that week
        date(2026, 12, 31),  # Thursday again (Monday 28th is a holiday too)
        date(2027, 1, 8),
    ]


def test_running_again_books_nothing_twice():
    start = date(2027, 2, 1)
    placement = with_agreement(starts_on=start)
    schedule_sessions(placement=placement, today=start)
    assert schedule_sessions(placement=placement, today=start) == []
    assert schedule_sessions(placement=placement, today=start + timedelta(days=9)) == []
    assert SupervisionSession.objects.filter(placement=placement).count() == 6


def test_a_week_with_a_session_booked_by_hand_gets_no_second_one():
    start = date(2027, 2, 1)
    placement = with_agreement(starts_on=start)
    SupervisionSessionFactory(
        placement=placement, date=start + timedelta(days=3), status=S.SCHEDULED
    )
    schedule_sessions(placement=placement, today=start)
    first_week = [d for d, _ in booked(placement) if monday_of(d) == start]
    assert first_week == [start + timedelta(days=3)]


def test_a_new_slot_moves_generated_sessions_only():
    today = timezone.localdate()
    placement = with_agreement(starts_on=monday_of(today) + timedelta(days=7), weeks=4)
    generated = schedule_sessions(placement=placement, today=today)
    assert len(generated) == 4
    # The student and PE agree a different time for the second week.
    by_hand = session_move(
        session=generated[1],
        by=placement.practice_educator,
        date=generated[1].date + timedelta(days=1),
        starts_at=time(10, 0),
        reason="Team day on the Tuesday",
    )
    agreement_save(
        placement=placement,
        by=placement.practice_educator,
        **{**SECTIONS, "supervision_day": THURSDAY, "supervision_time": time(9, 30)},
    )
    assert schedule_sessions(placement=placement, today=today) == []
    sessions = {s.pk: s for s in SupervisionSession.objects.filter(placement=placement)}
    for session in (generated[0], generated[2], generated[3]):
        moved = sessions[session.pk]
        assert (moved.date.weekday(), moved.starts_at) == (THURSDAY, time(9, 30))
        assert monday_of(moved.date) == monday_of(session.date)
    kept = sessions[by_hand.pk]
    assert (kept.date, kept.starts_at) == (by_hand.date, time(10, 0))


def test_a_session_already_written_is_not_moved_by_a_new_slot():
    today = timezone.localdate()
    placement = with_agreement(starts_on=monday_of(today) + timedelta(days=7), weeks=2)
    first, _ = schedule_sessions(placement=placement, today=today)
    SupervisionSession.objects.filter(pk=first.pk).update(status=S.DRAFT)
    agreement_save(
        placement=placement,
        by=placement.practice_educator,
        **{**SECTIONS, "supervision_day": FRIDAY},
    )
    schedule_sessions(placement=placement, today=today)
    first.refresh_from_db()
    assert first.date.weekday() == TUESDAY


def test_nothing_is_booked_without_an_agreement_or_for_a_finished_placement():
    start = date(2027, 2, 1)
    no_agreement = PlacementFactory(starts_on=start)
    assert schedule_sessions(placement=no_agreement, today=start) == []
    finished = with_agreement(starts_on=start)
    Placement.objects.filter(pk=finished.pk).update(status=Placement.Status.PASSED)
    finished.refresh_from_db()
    assert schedule_sessions(placement=finished, today=start) == []
    assert SupervisionSession.objects.count() == 0


def test_saving_the_agreement_books_the_sessions_once_it_commits(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    placement = PlacementFactory(starts_on=monday_of(today) + timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)
        # Nothing is booked before the agreement is committed.
        assert not SupervisionSession.objects.filter(placement=placement).exists()
    assert callbacks
    sessions = SupervisionSession.objects.filter(placement=placement)
    assert sessions.count() > 0
    assert {s.date.weekday() for s in sessions} <= {0, 1, 2, 3, 4}
    assert sessions.filter(from_schedule=True).count() == sessions.count()
    # The history names the practice educator, not an anonymous task.
    assert sessions.first().history.first().history_user == placement.practice_educator


def test_the_placement_task_and_the_daily_task_book_through_the_service():
    today = timezone.localdate()
    placement = with_agreement(starts_on=monday_of(today) + timedelta(days=7), weeks=3)
    assert schedule_placement_sessions.apply(args=[placement.pk]).get() == 3
    assert schedule_placement_sessions.apply(args=[placement.pk]).get() == 0
    assert schedule_placement_sessions.apply(args=[987654]).get() == 0
    other = with_agreement(starts_on=monday_of(today) + timedelta(days=7), weeks=2)
    assert schedule_supervision_sessions.apply().get() == 2
    assert schedule_all() == 0
    assert len(booked(other)) == 2
