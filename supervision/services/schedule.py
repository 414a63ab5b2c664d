"""Upcoming supervision sessions made from the agreement's weekly slot.

Issue 5, requirement 2. The practice learning agreement records the day and
time of the weekly supervision slot; `schedule_sessions` books one session a
week at that slot, from today (or the start) to the end of the placement.
Running it again books only weeks that have no session yet, so it is safe to
run daily and after every change of the agreement. A week whose slot day is a
bank holiday gets its session on the next working day of that week, or the one
before. Sessions still at their generated slot move when the slot changes;
sessions someone moved by hand stay where they were put.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from placements.models import LearningAgreement, Placement
from portal.audit.context import acting_as
from portal.dates import monday_of
from portal.workingdays import WorkingDays

from ..models import SupervisionSession

# Placements whose supervision is booked ahead: set up and not yet finished.
SCHEDULED_STATUSES = frozenset(
    {
        Placement.Status.CONFIRMED,
        Placement.Status.ACTIVE,
        Placement.Status.MIDPOINT_REVIEWED,
    }
)


def slot_in_week(monday: date, weekday: int, working_days: WorkingDays) -> date | None:
    """The slot's date in the week of `monday`, moved off a bank holiday within the week."""
    slot = monday + timedelta(days=weekday)
    if working_days.is_working_day(slot):
        return slot
    later = [monday + timedelta(days=d) for d in range(weekday + 1, 5)]
    earlier = [monday + timedelta(days=d) for d in range(weekday - 1, -1, -1)]
    for day in later + earlier:
        if working_days.is_working_day(day):
            return day
    return None  # a week of holidays: nothing to book


def schedule_sessions(
    *, placement: Placement, today: date | None = None, working_days: WorkingDays | None = None
) -> list[SupervisionSession]:
    """Book the weekly sessions the placement's agreement asks for. Returns the new ones."""
    today = today or timezone.localdate()
    working_days = working_days or WorkingDays()
    agreement = LearningAgreement.objects.filter(placement=placement).first()
    if agreement is None or placement.status not in SCHEDULED_STATUSES:
        return []
    if placement.practice_educator_id is None:
        return []
    first = max(placement.starts_on, today)
    created: list[SupervisionSession] = []
    with transaction.atomic():
        sessions = list(
            SupervisionSession.objects.select_for_update().filter(
                placement=placement, date__gte=monday_of(first)
            )
        )
        weeks_with_a_session = {monday_of(s.date) for s in sessions}
        # Sessions still at their generated slot follow a changed slot.
        for session in sessions:
            if not (
                session.from_schedule and session.status == SupervisionSession.Status.SCHEDULED
            ):
                continue
            slot = slot_in_week(monday_of(session.date), agreement.supervision_day, working_days)
            wanted_time = agreement.supervision_time
            if slot is None or (slot, wanted_time) == (session.date, session.starts_at):
                continue
            if not placement.starts_on <= slot <= placement.ends_on or slot < today:
                continue
            session.date, session.starts_at = slot, wanted_time
            session._change_reason = "schedule"
            with acting_as(placement.practice_educator):
                session.save(update_fields=["date", "starts_at", "updated_at"])
        monday = monday_of(first)
        while monday <= placement.ends_on:
            if monday not in weeks_with_a_session:
                slot = slot_in_week(monday, agreement.supervision_day, working_days)
                if slot is not None and first <= slot <= placement.ends_on:
                    session = SupervisionSession(
                        placement=placement,
                        date=slot,
                        starts_at=agreement.supervision_time,
                        duration_minutes=placement.course.weekly_supervision_minutes,
                        status=SupervisionSession.Status.SCHEDULED,
                        from_schedule=True,
                    )
                    session._change_reason = "schedule"
                    with acting_as(placement.practice_educator):
                        session.save()
                    created.append(session)
            monday += timedelta(days=7)
    return created


def schedule_all(*, today: date | None = None) -> int:
    """Book ahead for every placement that has an agreement (the daily task)."""
    working_days = WorkingDays()
    count = 0
    placements = Placement.objects.filter(
        status__in=SCHEDULED_STATUSES, learning_agreement__isnull=False
    ).select_related("course", "practice_educator")
    for placement in placements:
        count += len(schedule_sessions(placement=placement, today=today, working_days=working_days))
    return count


def next_session_for(user, *, now: datetime | None = None) -> SupervisionSession | None:
    """The user's next scheduled session as student or practice educator."""
    now = timezone.localtime(now)
    from django.db.models import Q

    upcoming = SupervisionSession.objects.filter(
        Q(placement__student=user) | Q(placement__practice_educator=user),
        status=SupervisionSession.Status.SCHEDULED,
        date__gte=now.date(),
    ).select_related("placement__practice_educator")
    # What the dashboard shows: when, and with whom (the educator's name).
    upcoming = upcoming.only(
        "date",
        "starts_at",
        "status",
        "placement__practice_educator__name",
        "placement__practice_educator__email",
    )
    return upcoming.order_by("date", "starts_at", "pk").first()
