"""Reads for "Waiting for you" (portal.waiting; issue 22, requirement 2): casework's
sessions, plans and requests waiting for a person, one query each (with the
thing's own page when there is one).

Where several wait, the link is the plans list or the requests list narrowed to
exactly those: the plans list's `waiting` filter (WAITING_PLANS, answered by
`plans_waiting`) and the requests list's status filter (`answered` for the
requests decided in the last selectors.requests.ANSWERED_SHOWN_DAYS days).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Min, QuerySet
from django.urls import reverse

from portal.accounts.roles import Role
from portal.waiting import NOTHING, Waiting

from ..models import DirectWorkPlan, SupportRequest
from .requests import answered_since, coordinator_waiting_requests, requests_for_school_contact
from .sessions import (
    sessions_awaiting_review,
    sessions_returned_to,
    sessions_to_log,
    student_session_counts,
)

# The plans list's "waiting" filter: the plans with such work waiting for the user.
WAITING_PLANS = {
    "sessions_to_review": (Role.PRACTICE_EDUCATOR, "With sessions to review"),
    "sessions_to_log": (Role.STUDENT, "With sessions to log"),
    "sessions_returned": (Role.STUDENT, "With sessions returned to you"),
    "plans_to_agree": (Role.SCHOOL_CONTACT, "Waiting for the school's agreement"),
}


def waiting_plan_choices(user) -> list[tuple[str, str]]:
    """The plans list's "waiting" choices for the roles `user` holds."""
    return [(key, label) for key, (role, label) in WAITING_PLANS.items() if user.has_role(role)]


def plans_to_agree(user) -> QuerySet[DirectWorkPlan]:
    """Draft plans of the school contact's schools the school has not agreed to yet."""
    return DirectWorkPlan.objects.filter(
        school__in=user.organisations_where(Role.SCHOOL_CONTACT),
        status=DirectWorkPlan.Status.DRAFT,
        school_agreed_on__isnull=True,
    )


_SESSIONS: dict[str, Callable] = {
    "sessions_to_review": sessions_awaiting_review,
    "sessions_to_log": sessions_to_log,
    "sessions_returned": sessions_returned_to,
}


def plans_waiting(user, key: str) -> QuerySet[DirectWorkPlan]:
    """The plans with `key`'s work waiting for `user` (none for an unknown key)."""
    if key == "plans_to_agree":
        return plans_to_agree(user)
    if key in _SESSIONS:
        sessions = _SESSIONS[key](user).order_by()
        return DirectWorkPlan.objects.filter(pk__in=sessions.values("plan_id"))
    return DirectWorkPlan.objects.none()


def _plan_list(key: str) -> str:
    return f"{reverse('casework:plan_list')}?waiting={key}"


def _found(n: int, first: int | None, key: str, one: Callable[[int], str]) -> Waiting:
    if not n:
        return NOTHING
    if n == 1:
        return Waiting(1, one(first))
    return Waiting(n, _plan_list(key))


def _counted(records: QuerySet, key: str, one: Callable[[int], str]) -> Waiting:
    found = records.order_by().aggregate(n=Count("pk", distinct=True), first=Min("pk"))
    return _found(found["n"], found["first"], key, one)


def _page(name: str) -> Callable[[int], str]:
    return lambda pk: reverse(f"casework:{name}", args=[pk])


def educator_sessions(user) -> Waiting:
    return _counted(sessions_awaiting_review(user), "sessions_to_review", _page("session_review"))


def student_sessions_to_log(user) -> Waiting:
    found = student_session_counts(user)
    return _found(found["to_log"], found["to_log_first"], "sessions_to_log", _page("session_log"))


def student_sessions_returned(user) -> Waiting:
    found = student_session_counts(user)
    return _found(
        found["returned"], found["returned_first"], "sessions_returned", _page("session_log")
    )


def school_plans(user) -> Waiting:
    return _counted(plans_to_agree(user), "plans_to_agree", _page("plan_detail"))


def _requests(n: int, first: int | None, status: str) -> Waiting:
    if not n:
        return NOTHING
    if n == 1:
        return Waiting(1, reverse("casework:request_detail", args=[first]))
    return Waiting(n, f"{reverse('casework:request_list')}?status={status}")


def coordinator_requests(user) -> Waiting:
    """Requests waiting for a decision by a service the user co-ordinates (read with
    the dashboard's panel of them)."""
    waiting = coordinator_waiting_requests(user)
    return _requests(waiting.submitted, waiting.first_submitted, SupportRequest.Status.SUBMITTED)


def school_requests(user) -> Waiting:
    """The school's requests decided in the last ANSWERED_SHOWN_DAYS days (requests)."""
    answered = requests_for_school_contact(user).filter(decided_at__gte=answered_since())
    found = answered.order_by().aggregate(n=Count("pk"), first=Min("pk"))
    return _requests(found["n"], found["first"], "answered")
