"""The day ledger's arithmetic: a pure function, and the selector that feeds it.

`compute_ledger` reads nothing from the database, so it can be tested with
arbitrary date ranges and day sets (tests/placements/test_ledger_arithmetic.py);
`ledger_for` loads a placement's days and the bank holidays once and calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from math import floor
from typing import Protocol

from django.db.models import Count, Max, Q
from django.utils import timezone

from portal.workingdays import WorkingDays

from .models import Placement, PlacementDay

# A student is "behind" once the confirmed days trail the expected pace by more
# than this many days (the RAG rule for days behind schedule).
BEHIND_THRESHOLD_DAYS = 3


def pace_measured_through(today: date) -> date:
    """The last day the expected pace counts: the Sunday before this week.

    Practice educators confirm days a week at a time, so the current week's
    days are normally still waiting; counting them as expected would show
    every student on pace as a few days behind until their PE confirms.
    """
    return today - timedelta(days=today.weekday() + 1)


class LedgerDay(Protocol):
    """What the arithmetic reads from a day (a PlacementDay has all of these)."""

    date: date
    kind: str
    makes_up_missed_day: bool

    @property
    def is_confirmed(self) -> bool: ...


class WorkingDayCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...

    def add(self, start: date, days: int) -> date: ...

    def between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class Ledger:
    required: int
    confirmed: int
    pending: int
    missed: int
    made_up: int
    remaining: int
    projected_end_date: date | None
    behind: bool
    days_behind: int
    expected_to_date: int


@dataclass(frozen=True)
class DayTally:
    """What the ledger needs from a placement's days: counts and the last confirmed
    date. Tallied in Python from the days (`tally`) or by the database for many
    placements at once (`tallies_for`): the same figures either way."""

    confirmed: int = 0
    pending: int = 0
    missed: int = 0
    made_up: int = 0
    last_confirmed: date | None = None


def tally(days: Iterable[LedgerDay]) -> DayTally:
    confirmed = pending = missed = made_up = 0
    last_confirmed: date | None = None
    for day in days:
        counted = day.kind in PlacementDay.COUNTED_KINDS
        if day.kind in PlacementDay.MISSED_KINDS:
            missed += 1
        if not counted:
            continue
        if day.is_confirmed:
            confirmed += 1
            if day.makes_up_missed_day:
                made_up += 1
            if last_confirmed is None or day.date > last_confirmed:
                last_confirmed = day.date
        else:
            pending += 1
    return DayTally(confirmed, pending, missed, made_up, last_confirmed)


@dataclass(frozen=True)
class _Day:
    date: date
    kind: str
    makes_up_missed_day: bool
    is_confirmed: bool


def tallies_of(rows: Iterable[tuple]) -> dict[int, DayTally]:
    """`tallies_for` from days read already, as (placement pk, date, kind, confirmed_at,
    makes_up_missed_day) rows: the same figures, no query."""
    days: dict[int, list[_Day]] = {}
    for placement_id, day, kind, confirmed_at, makes_up in rows:
        days.setdefault(placement_id, []).append(
            _Day(day, kind, makes_up, confirmed_at is not None)
        )
    return {placement_id: tally(listed) for placement_id, listed in days.items()}


def tallies_for(placement_ids: Iterable[int]) -> dict[int, DayTally]:
    """{placement pk: DayTally} in one query, counted by the database (a placement
    without days is left out: its tally is DayTally())."""
    counted = Q(kind__in=PlacementDay.COUNTED_KINDS)
    confirmed = counted & Q(confirmed_at__isnull=False)
    rows = (
        PlacementDay.objects.filter(placement_id__in=list(placement_ids))
        .order_by()
        .values("placement_id")
        .annotate(
            confirmed=Count("pk", filter=confirmed),
            pending=Count("pk", filter=counted & Q(confirmed_at__isnull=True)),
            missed=Count("pk", filter=Q(kind__in=PlacementDay.MISSED_KINDS)),
            made_up=Count("pk", filter=confirmed & Q(makes_up_missed_day=True)),
            last_confirmed=Max("date", filter=confirmed),
        )
    )
    return {
        row["placement_id"]: DayTally(
            row["confirmed"],
            row["pending"],
            row["missed"],
            row["made_up"],
            row["last_confirmed"],
        )
        for row in rows
    }


def compute_ledger(
    *,
    required_days: int,
    starts_on: date,
    ends_on: date,
    days: Iterable[LedgerDay] | DayTally,
    today: date,
    working_days: WorkingDayCalendar,
) -> Ledger:
    """The ledger from the placement's days (or their tally, already counted)."""
    counts = days if isinstance(days, DayTally) else tally(days)
    confirmed, pending, missed = counts.confirmed, counts.pending, counts.missed
    made_up, last_confirmed = counts.made_up, counts.last_confirmed
    remaining = max(required_days - confirmed, 0)

    # Working days elapsed, counting the start day itself.
    day_before_start = starts_on - timedelta(days=1)
    elapsed = working_days.between(day_before_start, today)
    in_placement = working_days.between(day_before_start, ends_on)

    # Projection: at the current rate (confirmed days per working day elapsed).
    projected: date | None = None
    if confirmed and remaining == 0:
        projected = last_confirmed
    elif confirmed and elapsed:
        # ceil(remaining / (confirmed / elapsed)) working days from today.
        needed = -(-remaining * elapsed // confirmed)
        projected = working_days.add(today, needed)

    # Expected pace: required days spread evenly over the placement's working
    # days, up to the end of last week (see pace_measured_through).
    paced = working_days.between(day_before_start, pace_measured_through(today))
    if in_placement:
        expected = Fraction(required_days * min(paced, in_placement), in_placement)
    else:
        expected = Fraction(required_days if pace_measured_through(today) >= ends_on else 0)
    shortfall = expected - confirmed
    days_behind = max(floor(shortfall), 0)
    return Ledger(
        required=required_days,
        confirmed=confirmed,
        pending=pending,
        missed=missed,
        made_up=made_up,
        remaining=remaining,
        projected_end_date=projected,
        behind=shortfall > BEHIND_THRESHOLD_DAYS,
        days_behind=days_behind,
        expected_to_date=floor(expected),
    )


def ledger_for(
    placement: Placement,
    *,
    today: date | None = None,
    days: list[PlacementDay] | DayTally | None = None,
    working_days: WorkingDays | None = None,
) -> Ledger:
    """The ledger of `placement`: one query for its days (unless given), one for holidays."""
    if days is None:
        days = list(placement.days.all())
    return compute_ledger(
        required_days=placement.required_days,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        days=days,
        today=today or timezone.localdate(),
        working_days=working_days or WorkingDays(),
    )
