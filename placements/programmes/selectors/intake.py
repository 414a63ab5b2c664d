"""Reads for intake: the referrals list, a referral's page, the team, the contact flag.

The contact timescale (Programme.contact_working_days, 2 weeks) is counted in
working days from the day the referral arrived (portal.workingdays: weekends
and bank holidays do not count). Until the parent is reached, a referral is
flagged `due` in its last 3 working days and `overdue` after its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import Membership, User
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays

from ..models import ContactAttempt, Programme, ProgrammeWorker, Referral
from .scope import in_scope, scope_of

DUE_SOON_WORKING_DAYS = 3


class Flag:
    DUE = "due"
    OVERDUE = "overdue"


def contact_flag(referral: Referral, today: date, days: WorkingDays | None = None) -> str:
    """`overdue`, `due` or '' for a referral whose parent is not reached yet."""
    if referral.contacted_on is not None or not referral.is_open:
        return ""
    if today > referral.contact_due_on:
        return Flag.OVERDUE
    days = days or WorkingDays()
    if days.between(today, referral.contact_due_on) <= DUE_SOON_WORKING_DAYS:
        return Flag.DUE
    return ""


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    days_since: int
    flag: str


def with_flags(referrals, today: date | None = None) -> list[ReferralRow]:
    today = today or timezone.localdate()
    days = WorkingDays()
    return [
        ReferralRow(
            referral=r,
            days_since=(today - timezone.localdate(r.received_at)).days,
            flag=contact_flag(r, today, days),
        )
        for r in referrals
    ]


def team_for(programme: Programme) -> list[User]:
    """The programme's team: on it, with a current programme-worker membership of the provider."""
    current = Membership.objects.current().filter(
        organisation=programme.provider_id, role=Role.PROGRAMME_WORKER
    )
    return list(
        User.objects.filter(
            pk__in=ProgrammeWorker.objects.filter(programme=programme).values("user"),
            is_active=True,
        )
        .filter(pk__in=current.values("user"))
        .order_by("name", "email")
    )


STATUSES_OPEN = (Referral.Status.RECEIVED, Referral.Status.ALLOCATED)


def referral_list_for(
    user,
    *,
    status: str = "",
    programme: Programme | None = None,
    flag: str = "",
    mine: bool = False,
    reference: str = "",
    today: date | None = None,
) -> QuerySet[Referral]:
    """The referrals `user` may see, newest first, filtered. `status` is a status,
    `open` (received or allocated) or '' (every status)."""
    today = today or timezone.localdate()
    rows = Referral.objects.filter(in_scope(user)).select_related("programme", "care_coordinator")
    if status == "open":
        rows = rows.filter(status__in=STATUSES_OPEN)
    elif status:
        rows = rows.filter(status=status)
    if programme is not None:
        rows = rows.filter(programme=programme)
    if mine:
        rows = rows.filter(care_coordinator=user)
    if reference:
        rows = rows.filter(reference__icontains=reference.strip())
    if flag:
        waiting = Q(status__in=STATUSES_OPEN, contacted_on__isnull=True)
        if flag == Flag.OVERDUE:
            rows = rows.filter(waiting, contact_due_on__lt=today)
        elif flag == Flag.DUE:
            soon = WorkingDays().add(today, DUE_SOON_WORKING_DAYS)
            rows = rows.filter(waiting, contact_due_on__gte=today, contact_due_on__lte=soon)
    return rows.order_by("-received_at", "pk")


def referral_for_page(pk: int) -> Referral | None:
    return (
        Referral.objects.select_related("programme", "programme__provider", "care_coordinator")
        .prefetch_related(
            "children",
            Prefetch(
                "contacts",
                queryset=ContactAttempt.objects.select_related("recorded_by").order_by(
                    "-made_on", "-pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def intake_counts(user, today: date | None = None) -> dict[str, int]:
    """For the dashboard: new referrals to allocate (co-ordinators) and the user's
    referrals due or overdue for contact."""
    today = today or timezone.localdate()
    scope = scope_of(user)
    coordinated = [pk for pk, coordinates_it in scope.items() if coordinates_it]
    base = Referral.objects.filter(programme__in=list(scope))
    soon = WorkingDays().add(today, DUE_SOON_WORKING_DAYS)
    waiting = base.filter(status__in=STATUSES_OPEN, contacted_on__isnull=True)
    if not coordinated:
        waiting = waiting.filter(care_coordinator=user)
    return {
        "to_allocate": base.filter(
            programme__in=coordinated, status=Referral.Status.RECEIVED
        ).count(),
        "overdue": waiting.filter(contact_due_on__lt=today).count(),
        "due": waiting.filter(contact_due_on__gte=today, contact_due_on__lte=soon).count(),
    }
