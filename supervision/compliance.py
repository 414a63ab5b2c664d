"""Weekly supervision against the course minimum (issue 5, requirement 4).

How a placement's weeks are judged
- Weeks run Monday to Sunday, from the week the placement starts to the
  current week (never past the week it ends).
- A week's placement days are the ledger's days of kind "placement" in it,
  confirmed or not: supervision is owed for the weeks the student is in
  practice, and the practice educator confirming the days a week later should
  not make a short week look fine in the meantime.
- A week's minutes are the durations of the sessions held that week (drafted,
  waiting for a signature or locked) that are the current version of their
  amendment chain: a session that has been amended is replaced by its
  correction, so its minutes count once. Scheduled and cancelled sessions did
  not happen and count nothing.
- A week counts when it has placement days and is over (its Sunday is before
  today): the current week can still be made up. Weeks without placement days
  (all sickness, study, skills or bank holidays, or the placement suspended,
  when no days are recorded) are shown but not counted, so they can neither
  meet nor miss the minimum.
- The percentage is the counted weeks that met the minimum, rounded; None
  while nothing is counted.

Everything is worked out for many placements at once with three queries (the
courses' minimums, the placement days, the sessions), whatever their number,
so the tutor's RAG list and the API can use it per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from placements.models import Placement, PlacementDay
from portal.dates import monday_of
from portal.request_cache import per_request

from .models import SupervisionSession

MET = "met"
BELOW = "below"
NO_PLACEMENT_DAYS = "no_placement_days"
CURRENT = "current"

_STATE_LABELS = {
    MET: "Met",
    BELOW: "Below minimum",
    NO_PLACEMENT_DAYS: "No placement days",
    CURRENT: "Current week",
}
_STATE_TAGS = {
    MET: "govuk-tag--green",
    BELOW: "govuk-tag--red",
    NO_PLACEMENT_DAYS: "govuk-tag--grey",
    CURRENT: "govuk-tag--blue",
}


@dataclass(frozen=True)
class ComplianceWeek:
    monday: date
    placement_days: int  # placement days the ledger has in the week
    minutes: int  # supervision minutes held in the week (current versions only)
    minimum: int  # the course's weekly_supervision_minutes
    counted: bool  # the week has placement days and is over (its Sunday is before today)
    met: bool | None  # None: not counted
    current: bool = False  # the week today falls in

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def state(self) -> str:
        if self.counted:
            return MET if self.met else BELOW
        if self.current:
            return CURRENT
        return NO_PLACEMENT_DAYS

    @property
    def state_label(self) -> str:
        return _STATE_LABELS[self.state]

    @property
    def tag_class(self) -> str:
        return _STATE_TAGS[self.state]


@dataclass(frozen=True)
class Compliance:
    minimum: int
    weeks: tuple[ComplianceWeek, ...]
    percentage: int | None  # weeks met / weeks counted (full weeks only); None if none
    weeks_counted: int = 0
    weeks_met: int = 0

    @property
    def short_weeks(self) -> list[date]:
        """Mondays of the counted weeks below the minimum, oldest first."""
        return [week.monday for week in self.weeks if week.counted and not week.met]


def _weeks_of(placement, today: date) -> list[date]:
    """Mondays from the start week to the current week, not past the end week."""
    if today < placement.starts_on:
        return []
    last = min(monday_of(today), monday_of(placement.ends_on))
    monday = monday_of(placement.starts_on)
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _as_date(value) -> date:
    """A truncated week as a date (a backend may hand back a datetime)."""
    return value.date() if isinstance(value, datetime) else value


def _minimums(placements: list) -> dict[int, int]:
    """{placement pk: the course's weekly minimum}: from the courses already loaded,
    and the rest in one query."""
    course_field = Placement._meta.get_field("course")
    minimums = {}
    missing = []
    for placement in placements:
        if isinstance(placement, Placement) and course_field.is_cached(placement):
            minimums[placement.pk] = placement.course.weekly_supervision_minutes
        else:
            missing.append(placement.pk)
    if missing:
        minimums.update(
            Placement.objects.filter(pk__in=missing).values_list(
                "pk", "course__weekly_supervision_minutes"
            )
        )
    return minimums


def compliance_for_many(
    placements: Iterable, *, today: date | None = None
) -> dict[int, Compliance]:
    """{placement pk: Compliance}, with three queries however many placements (two
    when their courses are loaded already).

    Only the placements' own fields are read (dates, course id), so a slim
    queryset will do.
    """
    placements = list(placements)
    if not placements:
        return {}
    today = today or timezone.localdate()
    if all(isinstance(placement, Placement) for placement in placements):
        # The placement page works one placement's out for its section and its RAG.
        return _kept_compliance(tuple(placements), today)
    return _compliance(placements, today)


@per_request
def _kept_compliance(placements: tuple, today: date) -> dict[int, Compliance]:
    return _compliance(placements, today)


def _compliance(placements, today: date) -> dict[int, Compliance]:
    pks = [p.pk for p in placements]
    first_monday = monday_of(min(p.starts_on for p in placements))

    minimums = _minimums(placements)
    # Summed per placement and week (its Monday) by the database: a row a week, not a day.
    days: dict[tuple[int, date], int] = {
        (row["placement_id"], _as_date(row["week"])): row["n"]
        for row in PlacementDay.objects.filter(
            placement_id__in=pks,
            kind=PlacementDay.Kind.PLACEMENT,
            date__gte=first_monday,
            date__lte=today,
        )
        .order_by()
        .values("placement_id", week=TruncWeek("date"))
        .annotate(n=Count("pk"))
    }
    minutes: dict[tuple[int, date], int] = {
        (row["placement_id"], _as_date(row["week"])): row["minutes"]
        for row in SupervisionSession.objects.filter(
            placement_id__in=pks,
            status__in=SupervisionSession.HELD_STATUSES,
            # The current version of its amendment chain: nothing amends it.
            amendment__isnull=True,
            date__gte=first_monday,
            date__lte=today,
        )
        .order_by()
        .values("placement_id", week=TruncWeek("date"))
        .annotate(minutes=Sum("duration_minutes"))
    }

    this_monday = monday_of(today)
    answer = {}
    for placement in placements:
        minimum = minimums.get(placement.pk, 0)
        weeks = []
        for monday in _weeks_of(placement, today):
            placement_days = days.get((placement.pk, monday), 0)
            held = minutes.get((placement.pk, monday), 0)
            counted = placement_days > 0 and monday + timedelta(days=6) < today
            weeks.append(
                ComplianceWeek(
                    monday=monday,
                    placement_days=placement_days,
                    minutes=held,
                    minimum=minimum,
                    counted=counted,
                    met=(held >= minimum) if counted else None,
                    current=monday == this_monday,
                )
            )
        counted_weeks = [w for w in weeks if w.counted]
        met_weeks = [w for w in counted_weeks if w.met]
        percentage = round(100 * len(met_weeks) / len(counted_weeks)) if counted_weeks else None
        answer[placement.pk] = Compliance(
            minimum=minimum,
            weeks=tuple(weeks),
            percentage=percentage,
            weeks_counted=len(counted_weeks),
            weeks_met=len(met_weeks),
        )
    return answer


def compliance_for(placement, *, today: date | None = None) -> Compliance:
    return compliance_for_many([placement], today=today)[placement.pk]


def gaps_for(placements: Iterable, *, today: date | None = None) -> dict[int, list[date] | None]:
    """The contract of supervision.selectors.sessions.supervision_gaps_for.

    The short weeks are the counted weeks below the minimum, so they stop at
    the last full week before today and leave out weeks without placement
    days. A suspended placement records no placement days while it is
    suspended, so those weeks are left out by the same rule; no status check
    is needed (and one would wrongly drop the weeks before the suspension).
    A placement that has not started has no weeks: an empty list.
    """
    return {
        pk: list(compliance.short_weeks)
        for pk, compliance in compliance_for_many(placements, today=today).items()
    }
