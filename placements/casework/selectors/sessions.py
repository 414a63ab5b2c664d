"""Reads: direct-work sessions.

A session is seen by whoever sees its plan (selectors.plans.plan_scope); its
notes, the children's voice and observations only by the people doing or
overseeing the work (rules.sessions). Dashboards list sessions with the
children's initials and reference only, in a fixed number of queries.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import User
from portal.request_cache import per_request

from ..models import Allocation, DirectWorkSession, PlanChild, SessionAttendance
from . import allocation_current
from .plans import OPEN_STATUSES

S = DirectWorkSession


def _members() -> Prefetch:
    return Prefetch(
        "plan__members",
        queryset=PlanChild.objects.select_related("child").order_by("child__reference"),
    )


def _listed(sessions: QuerySet[DirectWorkSession]) -> QuerySet[DirectWorkSession]:
    return sessions.select_related("plan__school", "theme").prefetch_related(_members())


def session_for_page(pk: int) -> DirectWorkSession | None:
    """One session with its plan, themes, children and attendance (fixed queries)."""
    return (
        S.objects.select_related(
            "plan__school", "plan__support_request", "theme", "logged_by", "reviewed_by"
        )
        .prefetch_related(
            "plan__themes",
            _members(),
            Prefetch(
                "attendance",
                queryset=SessionAttendance.objects.select_related("child").order_by(
                    "child__reference"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def sessions_for_plan(plan) -> QuerySet[DirectWorkSession]:
    return S.objects.filter(plan=plan).select_related("theme").order_by("number")


def _on_current_work(user: User, field: str, on: date | None = None) -> Exists:
    """Sessions of plans with a child on `user`'s current allocation (as `field`)."""
    return Exists(
        Allocation.objects.filter(
            allocation_current(on),
            child__plan_memberships__plan=OuterRef("plan"),
            **{field: user},
        )
    )


def _to_log(on: date) -> Q:
    """Sessions due to be logged on `on`: dated then or earlier, not logged yet, on
    agreed or active plans."""
    return Q(review=S.Review.NOT_LOGGED, planned_on__lte=on, plan__status__in=OPEN_STATUSES)


def _returned(user: User) -> Q:
    """Sessions `user` logged that the practice educator returned with comments."""
    return Q(logged_by=user, review=S.Review.RETURNED)


_STUDENT_ORDER = ("planned_on", "plan_id", "number")


def sessions_to_log(
    user: User, *, on: date | None = None, limit: int | None = None
) -> QuerySet[DirectWorkSession]:
    """The student's sessions due to be logged: dated today or earlier, not logged yet,
    on agreed or active plans for children on their current work."""
    on = on or timezone.localdate()
    sessions = _listed(
        S.objects.filter(_on_current_work(user, "student", on), _to_log(on))
    ).order_by(*_STUDENT_ORDER)
    return sessions[:limit] if limit else sessions


def sessions_returned_to(user: User, *, limit: int | None = None) -> QuerySet[DirectWorkSession]:
    """Sessions the student logged and the practice educator returned with comments."""
    sessions = _listed(
        S.objects.filter(_on_current_work(user, "student"), _returned(user))
    ).order_by(*_STUDENT_ORDER)
    return sessions[:limit] if limit else sessions


def student_session_lists(
    user: User, *, limit: int, on: date | None = None
) -> tuple[list[DirectWorkSession], list[DirectWorkSession]]:
    """The first `limit` of `sessions_to_log` and of `sessions_returned_to`, each with
    its plan but not the plan's children (the caller loads those with other plans'):
    two queries."""
    on = on or timezone.localdate()
    current = S.objects.filter(_on_current_work(user, "student", on)).select_related("plan")
    return (
        list(current.filter(_to_log(on)).order_by(*_STUDENT_ORDER)[:limit]),
        list(current.filter(_returned(user)).order_by(*_STUDENT_ORDER)[:limit]),
    )


@per_request
def student_session_counts(user: User) -> dict[str, int | None]:
    """How many sessions the student has to log and returned to them, and the first
    of each (its pk, None when there are none): one query, shared by the two
    "Waiting for you" items."""
    on = timezone.localdate()
    to_log, returned = _to_log(on), _returned(user)
    return S.objects.filter(_on_current_work(user, "student", on)).aggregate(
        to_log=Count("pk", filter=to_log),
        to_log_first=Min("pk", filter=to_log),
        returned=Count("pk", filter=returned),
        returned_first=Min("pk", filter=returned),
    )


def sessions_awaiting_review(
    user: User, *, limit: int | None = None
) -> QuerySet[DirectWorkSession]:
    """Sessions logged on work the practice educator oversees now, waiting for review."""
    # The plan (for its children) and who logged it: what the dashboard shows.
    sessions = (
        S.objects.filter(_on_current_work(user, "practice_educator"), review=S.Review.AWAITING)
        .select_related("plan", "logged_by")
        .prefetch_related(_members())
        .order_by("logged_at", "pk")
    )
    return sessions[:limit] if limit else sessions
