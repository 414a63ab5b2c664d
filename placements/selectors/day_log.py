"""Reads for logging days in one tap (issue 22, requirement 3): whether the student
may log today on a placement, what is already recorded today, and what "Repeat last
week's pattern" would log this week.

The rules live here once: the dashboard asks them to decide what to offer, and the
services (services.day_log) ask them again before writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.dates import long_date
from portal.workingdays import WorkingDays

from ..models import Placement, PlacementDay
from .waiting import DAYS_OWED


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hours_text(hours: Decimal) -> str:
    """Hours as people write them: 7.5, 7.25, 8 (not 7.50 or 8.00)."""
    return f"{Decimal(hours).normalize():f}"


def logging_refusal(placement: Placement) -> str | None:
    """Why no day can be logged on `placement` in one tap (None: it can). Only a
    placement under way (active, midpoint reviewed, final report in) takes one: a
    suspended, proposed or finished one owes no days."""
    if placement.status in DAYS_OWED:
        return None
    return (
        f"Days cannot be logged in one tap while the placement is "
        f"{placement.get_status_display().lower()}."
    )


def today_refusal(placement: Placement, *, today: date, calendar: WorkingDays) -> str | None:
    """Why `today` cannot be logged on `placement` (None: it can)."""
    refusal = logging_refusal(placement)
    if refusal:
        return refusal
    if today < placement.starts_on:
        return (
            f"Your placement starts on {long_date(placement.starts_on)}, "
            "so today cannot be logged yet."
        )
    if today > placement.ends_on:
        return f"Your placement ended on {long_date(placement.ends_on)}, so today cannot be logged."
    if today.weekday() >= 5:
        return f"Today is a {today:%A}, not a working day. To record it, use Record a day."
    if not calendar.is_working_day(today):
        return "Today is a bank holiday, not a working day. To record it, use Record a day."
    return None


@dataclass(frozen=True)
class Today:
    """Today on one placement, for the student's dashboard."""

    date: date
    hours: Decimal  # the course's usual hours: what "Log today" records
    day: PlacementDay | None  # what is already recorded today
    refusal: str | None  # why today cannot be logged (None: it can)
    can_repeat: bool  # the placement takes days logged in one tap

    @property
    def can_log(self) -> bool:
        return self.day is None and self.refusal is None

    @property
    def hours_label(self) -> str:
        return hours_text(self.hours)

    @property
    def logged_hours_label(self) -> str:
        return hours_text(self.day.hours) if self.day else ""


def today_on(
    placements: Sequence[Placement],
    *,
    today: date | None = None,
    recorded: dict[int, PlacementDay] | None = None,
) -> dict[int, Today]:
    """{placement pk: Today} for the student's placements, in two queries however many
    there are (the days recorded today, the bank holidays; the first is not made when
    the days recorded today come as `recorded`, by placement pk). The placements come
    with their course (Placement.objects.with_people())."""
    if not placements:
        return {}
    today = today or timezone.localdate()
    if recorded is None:
        recorded = {
            day.placement_id: day
            for day in PlacementDay.objects.filter(
                placement_id__in=[placement.pk for placement in placements], date=today
            )
        }
    calendar = WorkingDays()
    return {
        placement.pk: Today(
            date=today,
            hours=placement.course.usual_day_hours,
            day=recorded.get(placement.pk),
            refusal=today_refusal(placement, today=today, calendar=calendar),
            can_repeat=logging_refusal(placement) is None,
        )
        for placement in placements
    }


@dataclass(frozen=True)
class PlannedDay:
    """A day "Repeat last week's pattern" would log (or leaves out, with the reason)."""

    date: date
    kind: str
    hours: Decimal
    skipped_because: str = ""

    @property
    def kind_label(self) -> str:
        return PlacementDay.Kind(self.kind).label


@dataclass(frozen=True)
class WeekPattern:
    """Last week's placement, skills and study days, and this week's days like them."""

    monday: date  # this week's Monday
    last_week: list[PlacementDay]
    days: list[PlannedDay] = field(default_factory=list)  # this week's, up to today

    @property
    def to_log(self) -> list[PlannedDay]:
        return [day for day in self.days if not day.skipped_because]

    @property
    def skipped(self) -> list[PlannedDay]:
        return [day for day in self.days if day.skipped_because]


def last_week_pattern(
    placement: Placement, *, today: date | None = None, calendar: WorkingDays | None = None
) -> WeekPattern:
    """This week's days up to today that match last week's placement, skills and study
    days (the same weekday, kind and hours), each to log or left out: already recorded,
    a bank holiday, outside the placement's dates. Three queries (last week's days,
    this week's, the bank holidays)."""
    today = today or timezone.localdate()
    monday = monday_of(today)
    last_week = list(
        placement.days.filter(
            date__range=(monday - timedelta(weeks=1), monday - timedelta(days=1)),
            kind__in=PlacementDay.COUNTED_KINDS,
        ).order_by("date")
    )
    pattern = WeekPattern(monday=monday, last_week=last_week)
    if not last_week:
        return pattern
    recorded = set(
        placement.days.filter(date__range=(monday, today)).values_list("date", flat=True)
    )
    holidays = (calendar or WorkingDays()).holidays
    for source in last_week:
        day = source.date + timedelta(weeks=1)
        if day > today:
            continue
        if day in recorded:
            reason = "already recorded"
        elif day < placement.starts_on or day > placement.ends_on:
            reason = "outside the placement's dates"
        elif day in holidays:
            reason = "a bank holiday"
        else:
            reason = ""
        pattern.days.append(PlannedDay(day, source.kind, source.hours, reason))
    return pattern
