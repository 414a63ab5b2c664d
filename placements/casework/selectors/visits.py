"""Reads: who comes into school for a direct-work plan, and when (issue 22,
requirement 8). The school sees names and times only: the people on the work by
name and role, the session dates and times, where in school and who agreed for
the school. Nothing about the children's words or the session notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.db.models import Q
from django.utils import timezone

from ..models import Allocation, DirectWorkPlan, DirectWorkSession
from .terms import school_calendar


@dataclass
class Visit:
    on: date
    at: time
    number: int
    closed: str = ""  # why the school is closed that day (term dates changed since)


@dataclass
class SchoolVisits:
    students: list[str] = field(default_factory=list)
    educators: list[str] = field(default_factory=list)
    onsite_supervisors: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    proposed: bool = False  # dates suggested from the draft plan (no sessions yet)
    term_dates_recorded: bool = False


def _names(people) -> list[str]:
    return sorted({person.name or "Name not recorded" for person in people if person})


def school_visits(plan: DirectWorkPlan, *, today: date | None = None) -> SchoolVisits:
    """The people on current or coming work with the plan's children, and the plan's
    coming sessions (or, for a plan without sessions yet, the dates it would have,
    skipping the days the school is closed). A fixed number of queries."""
    today = today or timezone.localdate()
    result = SchoolVisits()
    if plan.is_closed:
        return result
    members = getattr(plan, "_prefetched_objects_cache", {}).get("members")
    child_ids = (
        [m.child_id for m in members]
        if members is not None
        else list(plan.members.values_list("child_id", flat=True))
    )
    allocations = list(
        Allocation.objects.filter(child_id__in=child_ids)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("student", "practice_educator", "placement__onsite_supervisor")
    )
    result.students = _names(a.student for a in allocations)
    result.educators = _names(a.practice_educator for a in allocations)
    result.onsite_supervisors = [
        name
        for name in _names(a.placement.onsite_supervisor for a in allocations)
        if name not in result.educators
    ]
    calendar = school_calendar(plan.school)
    result.term_dates_recorded = calendar.recorded
    sessions = getattr(plan, "_prefetched_objects_cache", {}).get("sessions")
    if sessions is None:
        sessions = list(plan.sessions.all())
    if sessions:
        result.visits = [
            Visit(s.planned_on, s.planned_time, s.number, calendar.why_closed(s.planned_on))
            for s in sessions
            if s.status == DirectWorkSession.Status.PLANNED and s.planned_on >= today
        ]
    else:
        result.proposed = True
        result.visits = [
            Visit(day, plan.session_time, number)
            for number, day in enumerate(
                calendar.weekly_dates(plan.first_session_on, plan.planned_sessions), start=1
            )
        ]
    return result
