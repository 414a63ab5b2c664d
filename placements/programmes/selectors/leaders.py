"""Reads of the leader register (issue 19, requirement 5).

A certificate is valid from the day it was issued to the day it expires, both
included (`Leader.valid_on`). The register shows each leader with one status:
valid, expiring within `EXPIRING_DAYS` (still valid) or expired. Leaders are
professionals, not families: reading the register writes no access-log row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from portal.accounts.models import Membership, User
from portal.accounts.roles import Role

from ..models import Leader, Programme

EXPIRING_DAYS = 90

STATUS_VALID = "valid"
STATUS_EXPIRING = "expiring"
STATUS_EXPIRED = "expired"


def _expiring_label() -> str:
    return gettext("Expires within %(days)s days") % {"days": EXPIRING_DAYS}


# Labels in the active language when shown (the page's, or the CSV's).
STATUSES = (
    (STATUS_VALID, gettext_lazy("Valid")),
    (STATUS_EXPIRING, lazy(_expiring_label, str)()),
    (STATUS_EXPIRED, gettext_lazy("Expired")),
)
STATUS_LABELS = dict(STATUSES)


def status_filter(status: str, today: date) -> Q:
    """The leaders whose certificate has `status` on `today` (one of STATUSES)."""
    soon = today + timedelta(days=EXPIRING_DAYS)
    if status == STATUS_EXPIRED:
        return Q(expires_on__lt=today)
    if status == STATUS_EXPIRING:
        return Q(expires_on__gte=today, expires_on__lte=soon)
    return Q(expires_on__gt=soon)


def leader_status(leader: Leader, today: date) -> str:
    if leader.expires_on < today:
        return STATUS_EXPIRED
    if leader.expires_on <= today + timedelta(days=EXPIRING_DAYS):
        return STATUS_EXPIRING
    return STATUS_VALID


def leaders_of(
    programme: Programme,
    *,
    municipality: str = "",
    status: str = "",
    today: date | None = None,
) -> QuerySet[Leader]:
    """The programme's register, by name (one query a page)."""
    today = today or timezone.localdate()
    leaders = Leader.objects.filter(programme=programme)
    if municipality:
        leaders = leaders.filter(municipality=municipality)
    if status:
        leaders = leaders.filter(status_filter(status, today))
    return leaders.order_by("name", "pk")


def municipalities_of(programme: Programme) -> list[str]:
    return list(
        Leader.objects.filter(programme=programme)
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class MunicipalityCount:
    municipality: str
    valid: int
    expiring: int
    expired: int


def leader_counts_by_municipality(
    programme: Programme, *, today: date | None = None
) -> list[MunicipalityCount]:
    """The register's counts by municipality, one row each (one query)."""
    today = today or timezone.localdate()
    rows = (
        Leader.objects.filter(programme=programme)
        .values("municipality")
        .annotate(
            valid=Count("pk", filter=status_filter(STATUS_VALID, today)),
            expiring=Count("pk", filter=status_filter(STATUS_EXPIRING, today)),
            expired=Count("pk", filter=status_filter(STATUS_EXPIRED, today)),
        )
        .order_by("municipality")
    )
    return [
        MunicipalityCount(r["municipality"], r["valid"], r["expiring"], r["expired"]) for r in rows
    ]


def certified_leader_count(programme: Programme, *, today: date | None = None) -> int:
    """How many of the programme's leaders hold a certificate valid today: the
    public fact editors can show (requirement 5)."""
    today = today or timezone.localdate()
    return Leader.objects.filter(
        programme=programme, issued_on__lte=today, expires_on__gte=today
    ).count()


def leader_of_programme(programme: Programme, pk: int) -> Leader | None:
    return Leader.objects.select_related("programme").filter(programme=programme, pk=pk).first()


def provider_coordinators(provider_ids: list[int], *, today: date | None = None) -> dict:
    """{provider id: [its current co-ordinators]} (one query)."""
    found: dict[int, list[User]] = {pk: [] for pk in provider_ids}
    memberships = (
        Membership.objects.current(today)
        .filter(organisation__in=provider_ids, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        found[membership.organisation_id].append(membership.user)
    return found
