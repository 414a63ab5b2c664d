"""Reads of outcome checks (requirement 6): the "Outcome checks" list.

A co-ordinator of the provider (or an administrator) sees every follow-up check
of the programmes they co-ordinate; any other member of a programme's team sees
the checks of the families they are the care co-ordinator for. The baseline
(the status at referral) is the referrer's answer and is never listed as due.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import OutcomeCheck
from .scope import scope_of

P = OutcomeCheck.Point

SHOW_DUE = "due"  # not recorded, due within a week or overdue
SHOW_OVERDUE = "overdue"
SHOW_RECORDED = "recorded"
SHOW_ALL = "all"
SHOWS = (
    (SHOW_DUE, "Due within a week or overdue"),
    (SHOW_OVERDUE, "Overdue"),
    (SHOW_RECORDED, "Recorded"),
    (SHOW_ALL, "All follow-up checks"),
)
DUE_WITHIN_DAYS = 7


def visible_checks(user) -> Q:
    """The follow-up checks `user` records: every family of the programmes they
    co-ordinate, their own families on the others."""
    scope = scope_of(user)
    coordinated = [pk for pk, coordinates in scope.items() if coordinates]
    on_team = [pk for pk, coordinates in scope.items() if not coordinates]
    return Q(child__referral__programme__in=coordinated) | Q(
        child__referral__programme__in=on_team, child__referral__care_coordinator=user
    )


def outcome_checks_for(
    user, *, show: str = SHOW_DUE, today: date | None = None
) -> QuerySet[OutcomeCheck]:
    """The follow-up checks `user` sees, soonest due first (a constant 1 query a page)."""
    today = today or timezone.localdate()
    checks = (
        OutcomeCheck.objects.filter(visible_checks(user))
        .exclude(point=P.REFERRAL)
        .select_related("child__referral__programme", "recorded_by")
    )
    if show == SHOW_DUE:
        checks = checks.filter(status="", due_on__lte=today + timedelta(days=DUE_WITHIN_DAYS))
    elif show == SHOW_OVERDUE:
        checks = checks.filter(status="", due_on__lt=today)
    elif show == SHOW_RECORDED:
        checks = checks.exclude(status="")
    if show == SHOW_RECORDED:
        return checks.order_by("-recorded_on", "pk")
    return checks.order_by("due_on", "child__referral_id", "child_id", "pk")


def outcome_check_for_page(pk: int) -> OutcomeCheck | None:
    return (
        OutcomeCheck.objects.select_related(
            "child__referral__programme", "child__referral__care_coordinator", "recorded_by"
        )
        .filter(pk=pk)
        .first()
    )


def checks_of_referral(referral_id: int) -> list[OutcomeCheck]:
    """Every check of a family's children, for the record page (one query)."""
    return list(
        OutcomeCheck.objects.filter(child__referral_id=referral_id)
        .select_related("child")
        .order_by("child_id", "due_on", "pk")
    )
