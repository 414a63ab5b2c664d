"""Reads: requests for support, scoped to who is asking.

A school contact sees their own school's requests; a co-ordinator those for
the children whose record their organisation holds; a practice educator those
waiting in the organisations where they educate a student now. Admins see
all. University roles and other schools see none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from placements.models import Placement
from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays

from ..models import SupportRequest
from ..models.requests import REQUEST_TRIAGE_WORKING_DAYS
from ..rules import HOLDING_KINDS

NOTHING = Q(pk__in=[])


def coordinated_services(user: User) -> list[Organisation]:
    """The organisations running a service (holding children's records) `user` co-ordinates."""
    return [o for o in user.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]


def educated_hosts(user: User, *, on: date | None = None) -> QuerySet:
    """Host organisation ids of the live placements on which `user` is the practice educator
    (a subquery)."""
    return Placement.objects.filter(
        practice_educator=user,
        status__in=Placement.LIVE_STATUSES,
        ends_on__gte=on or timezone.localdate(),
    ).values("host")


def request_scope(user: User) -> Q | None:
    """The filter on SupportRequest for the requests `user` may see; None means all."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_portal_admin:
        return None
    scope = NOTHING
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    if schools:
        scope |= Q(school__in=schools)
    services = coordinated_services(user)
    if services:
        scope |= Q(child__held_by__in=services)
    if user.has_role(Role.PRACTICE_EDUCATOR):
        scope |= Q(child__held_by__in=educated_hosts(user))
    return scope


def requests_visible_to(user: User) -> QuerySet[SupportRequest]:
    requests = SupportRequest.objects.select_related("child", "school", "child__held_by")
    scope = request_scope(user)
    if scope is not None:
        requests = requests.filter(scope)
    return requests


def request_list_for(user: User, *, status: str = "") -> QuerySet[SupportRequest]:
    requests = requests_visible_to(user)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-submitted_at", "-pk")


def request_for_page(pk: int) -> SupportRequest | None:
    """One request with everything its page shows (a fixed number of queries)."""
    return (
        SupportRequest.objects.select_related(
            "child", "child__school", "child__held_by", "school", "submitted_by", "decided_by"
        )
        .prefetch_related(
            "themes",
            "child__carers",
            "allocations__student",
            "allocations__practice_educator",
        )
        .filter(pk=pk)
        .first()
    )


# --- waiting for a decision ----------------------------------------------------------


def working_days_waiting(
    support_request: SupportRequest, *, calendar: WorkingDays, today: date | None = None
) -> int | None:
    """Working days the request has waited for a decision (None once decided)."""
    if support_request.status != SupportRequest.Status.SUBMITTED:
        return None
    submitted = timezone.localdate(support_request.submitted_at)
    return calendar.between(submitted, today or timezone.localdate())


def is_overdue(waiting: int | None) -> bool:
    return waiting is not None and waiting > REQUEST_TRIAGE_WORKING_DAYS


def with_waiting(requests, *, calendar: WorkingDays | None = None) -> list[SupportRequest]:
    """The requests, each with `.waiting` (working days, or None) and `.overdue` set
    (one query for the bank holidays, none per row)."""
    calendar = calendar or WorkingDays()
    today = timezone.localdate()
    rows = list(requests)
    for row in rows:
        row.waiting = working_days_waiting(row, calendar=calendar, today=today)
        row.overdue = is_overdue(row.waiting)
    return rows


@dataclass
class WaitingRequests:
    rows: list[SupportRequest]  # the longest waiting first, at most `limit`
    total: int
    overdue: int


def waiting_requests(requests: QuerySet[SupportRequest], *, limit: int = 10) -> WaitingRequests:
    """The requests still waiting for a decision, with how many are overdue (three
    queries however many there are)."""
    waiting = requests.filter(status=SupportRequest.Status.SUBMITTED).order_by("submitted_at", "pk")
    calendar = WorkingDays()
    today = timezone.localdate()
    dates = list(waiting.values_list("submitted_at", flat=True))
    overdue = sum(
        1
        for at in dates
        if calendar.between(timezone.localdate(at), today) > REQUEST_TRIAGE_WORKING_DAYS
    )
    rows = with_waiting(waiting[:limit], calendar=calendar)
    return WaitingRequests(rows=rows, total=len(dates), overdue=overdue)


def requests_for_coordinator(user: User) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("child", "school").filter(
        child__held_by__in=coordinated_services(user)
    )


def requests_for_educator(user: User) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("child", "school").filter(
        child__held_by__in=educated_hosts(user)
    )


def requests_for_school_contact(user: User) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("child", "school").filter(
        school__in=user.organisations_where(Role.SCHOOL_CONTACT)
    )


# --- the people a request concerns ---------------------------------------------------


def members(organisation: Organisation, role: str) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current()
        .filter(organisation=organisation, role=role)
        .select_related("user")
        .order_by("user__pk")
    ]


def triage_placements(service: Organisation, *, on: date | None = None) -> QuerySet[Placement]:
    """Live placements at `service` that have not ended: whose students work can go to."""
    return (
        Placement.objects.filter(
            host=service,
            status__in=Placement.LIVE_STATUSES,
            ends_on__gte=on or timezone.localdate(),
        )
        .select_related("student", "practice_educator")
        .order_by("student__name", "starts_on", "pk")
    )


def triage_students(service: Organisation) -> QuerySet[User]:
    return User.objects.filter(pk__in=triage_placements(service).values("student")).order_by(
        "name", "pk"
    )


def triage_educators(service: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=triage_placements(service)
        .filter(practice_educator__isnull=False)
        .values("practice_educator")
    ).order_by("name", "pk")
