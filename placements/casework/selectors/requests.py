"""Reads: requests for support, scoped to who is asking.

A school contact sees their own school's requests; a co-ordinator those for
the children whose record their organisation holds; a practice educator those
waiting in the organisations where they educate a student now. Admins see
all. University roles and other schools see none.

What a school sees of a request is what it entered (`shown_to`): the record
made from it, never a record it was merged into, and no flag of a possible
duplicate (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from placements.models import Placement
from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.request_cache import per_request
from portal.workingdays import WorkingDays

from ..models import SupportRequest
from ..models.requests import REQUEST_DECISION_WORKING_DAYS
from ..rules import HOLDING_KINDS
from . import NOTHING, role_scope
from .merges import has_possible_duplicate


def coordinated_services(user: User) -> list[Organisation]:
    """The organisations running a service (holding children's records) `user` co-ordinates."""
    return [o for o in user.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]


def merging_services(user: User) -> set[int] | None:
    """Ids of the services whose records `user` may compare and merge (and so whose
    possible duplicates they are shown); None means every service (admin)."""
    if user.is_portal_admin:
        return None
    return {organisation.pk for organisation in coordinated_services(user)}


def may_merge_records_of(user: User, child) -> bool:
    services = merging_services(user)
    return services is None or child.held_by_id in services


def educated_hosts(user: User, *, on: date | None = None) -> QuerySet:
    """Host organisation ids of the live placements on which `user` is the practice educator
    (a subquery)."""
    return Placement.objects.filter(
        practice_educator=user,
        status__in=Placement.LIVE_STATUSES,
        ends_on__gte=on or timezone.localdate(),
    ).values("host")


@role_scope
def request_scope(user: User) -> Q | None:
    """The filter on SupportRequest for the requests `user` may see; None means all."""
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
    requests = SupportRequest.objects.select_related(
        "child", "school", "child__held_by", "child_as_entered"
    )
    scope = request_scope(user)
    if scope is not None:
        requests = requests.filter(scope)
    return requests


# A school sees a request it made as answered for two weeks after the decision (the
# requests list's "answered" status filter, and "Waiting for you": selectors.waiting).
ANSWERED = "answered"
ANSWERED_SHOWN_DAYS = 14


def answered_since():
    return timezone.now() - timedelta(days=ANSWERED_SHOWN_DAYS)


def request_list_for(user: User, *, status: str = "") -> QuerySet[SupportRequest]:
    requests = with_duplicate_flag(requests_visible_to(user), user)
    if status == ANSWERED:
        requests = requests.filter(decided_at__gte=answered_since())
    elif status:
        requests = requests.filter(status=status)
    return requests.order_by("-submitted_at", "-pk")


def with_duplicate_flag(requests: QuerySet[SupportRequest], user: User) -> QuerySet[SupportRequest]:
    """Annotate `possible_duplicate` for a reader who may merge records (a subquery:
    no query per row). `shown_to` keeps it to the services they may merge for."""
    services = merging_services(user)
    if services is not None and not services:
        return requests
    return requests.annotate(possible_duplicate=has_possible_duplicate())


def shown_to(user: User, rows: Iterable[SupportRequest]) -> list[SupportRequest]:
    """The requests, each with what `user` is shown of it (no queries but, for someone
    who is a school contact and a practice educator, one):

    - `school_view`: they see it as the school that asked, not as the service
      triaging it (admins, the service's co-ordinators, its practice educators);
    - `pupil`: the record the page names. The school sees the record made from
      what it entered, whatever merges happened since; the service its record now;
    - `possible_duplicate_shown`: another record of theirs may be the same child
      (only to those who may merge the two).
    """
    rows = list(rows)
    services = merging_services(user)
    schools = {o.pk for o in user.organisations_where(Role.SCHOOL_CONTACT)}
    educated = None
    for row in rows:
        triages = services is None or row.child.held_by_id in services
        if not triages and row.school_id in schools and user.has_role(Role.PRACTICE_EDUCATOR):
            if educated is None:
                educated = set(educated_hosts(user).values_list("host", flat=True))
            triages = row.child.held_by_id in educated
        row.school_view = not triages and row.school_id in schools
        row.pupil = row.child_as_entered if row.school_view else row.child
        row.possible_duplicate_shown = bool(getattr(row, "possible_duplicate", False)) and (
            services is None or row.child.held_by_id in services
        )
    return rows


def request_for_page(pk: int) -> SupportRequest | None:
    """One request with everything its page shows (a fixed number of queries)."""
    return (
        SupportRequest.objects.select_related(
            "child",
            "child__school",
            "child__held_by",
            "child_as_entered__school",
            "carer_as_entered",
            "school",
            "submitted_by",
            "decided_by",
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
    return waiting is not None and waiting > REQUEST_DECISION_WORKING_DAYS


def working_days_to_decide(support_request: SupportRequest, *, calendar: WorkingDays) -> int | None:
    """Working days from receiving the request to deciding on it (None while it waits)."""
    if support_request.decided_at is None:
        return None
    return calendar.between(
        timezone.localdate(support_request.submitted_at),
        timezone.localdate(support_request.decided_at),
    )


def with_waiting(requests, *, calendar: WorkingDays | None = None) -> list[SupportRequest]:
    """The requests, each with `.waiting` (working days, or None) and `.overdue` set,
    and once decided `.decision_days` and `.decided_late` (more than
    REQUEST_DECISION_WORKING_DAYS after it was received). One query for the bank
    holidays, none per row."""
    calendar = calendar or WorkingDays()
    today = timezone.localdate()
    rows = list(requests)
    for row in rows:
        row.waiting = working_days_waiting(row, calendar=calendar, today=today)
        row.overdue = is_overdue(row.waiting)
        row.decision_days = working_days_to_decide(row, calendar=calendar)
        row.decided_late = is_overdue(row.decision_days)
    return rows


# Dashboards count the requests decided late within this many days.
DECIDED_LATE_SHOWN_DAYS = 30


@dataclass
class WaitingRequests:
    rows: list[SupportRequest]  # the longest waiting first, at most `limit`
    total: int
    overdue: int
    duplicates: int = 0  # how many have a possible duplicate (when asked for)
    decided_late: int = 0  # decided in the last DECIDED_LATE_SHOWN_DAYS days, but late
    decided_late_days: int = DECIDED_LATE_SHOWN_DAYS
    submitted: int = 0  # how many have the status submitted (all of them, not just rows)
    first_submitted: int | None = None  # the first of those (its pk)


def waiting_requests(
    requests: QuerySet[SupportRequest], *, limit: int = 10, duplicates: bool = False
) -> WaitingRequests:
    """The requests still waiting for a decision, with how many are overdue, and how
    many of those decided in the last DECIDED_LATE_SHOWN_DAYS days were decided late
    (two queries however many there are: the dates of all of them, then the first
    `limit` waiting rows). With `duplicates` (for those who may merge the records of
    every request given), each row and the count flag possible duplicates."""
    calendar = WorkingDays()
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=DECIDED_LATE_SHOWN_DAYS)
    submitted = SupportRequest.Status.SUBMITTED
    counted = requests.filter(Q(status=submitted) | Q(decided_at__gte=since)).order_by()
    if duplicates:
        counted = counted.annotate(possible_duplicate=has_possible_duplicate())
    fields = ("submitted_at", "decided_at", "pk", "status")
    values = list(counted.values_list(*fields, *(("possible_duplicate",) if duplicates else ())))
    open_ = [row for row in values if row[1] is None]
    overdue = sum(
        1 for row in open_ if is_overdue(calendar.between(timezone.localdate(row[0]), today))
    )
    decided_late = sum(
        1
        for row in values
        if row[1] is not None
        and is_overdue(calendar.between(timezone.localdate(row[0]), timezone.localdate(row[1])))
    )
    waiting = sorted(
        (row for row in values if row[3] == submitted), key=lambda row: (row[0], row[2])
    )
    shown = {row[2]: row for row in waiting[:limit]}
    # Read with nothing to show too (no request has pk 0): the same count either way.
    rows = with_waiting(
        requests.filter(pk__in=list(shown) or [0]).order_by("submitted_at", "pk"),
        calendar=calendar,
    )
    if duplicates:
        for row in rows:
            row.possible_duplicate = shown[row.pk][4]
    return WaitingRequests(
        rows=rows,
        total=len(open_),
        overdue=overdue,
        duplicates=sum(1 for row in open_ if duplicates and row[4]),
        decided_late=decided_late,
        submitted=len(waiting),
        first_submitted=min((row[2] for row in waiting), default=None),
    )


def requests_for_coordinator(user: User) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("child", "school").filter(
        child__held_by__in=coordinated_services(user)
    )


# The co-ordinator's dashboard shows this many of the requests waiting.
COORDINATOR_SHOWN = 10


@per_request
def coordinator_waiting_requests(user: User) -> WaitingRequests:
    """The requests waiting for a service `user` co-ordinates, possible duplicates
    flagged: the dashboard's panel and its "Waiting for you" item share them."""
    return waiting_requests(
        requests_for_coordinator(user), limit=COORDINATOR_SHOWN, duplicates=True
    )


def requests_for_educator(user: User) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("child", "school").filter(
        child__held_by__in=educated_hosts(user)
    )


def requests_for_school_contact(user: User) -> QuerySet[SupportRequest]:
    """A school's requests, for its contacts' panel: they show `child_as_entered`."""
    return SupportRequest.objects.select_related("child_as_entered", "school").filter(
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


def triage_placements(
    service: Organisation, *, by: User | None = None, on: date | None = None
) -> QuerySet[Placement]:
    """Live placements at `service` that have not ended: whose students work can go to.

    With `by`, only those `by` may allocate work on (casework.add_allocation): every
    one for an admin or a co-ordinator of the service, a practice educator's own
    students' otherwise. The allocation and accept pages offer only these, so
    nobody is offered, or named, outside their scope (issue 13).
    """
    placements = Placement.objects.filter(
        host=service,
        status__in=Placement.LIVE_STATUSES,
        ends_on__gte=on or timezone.localdate(),
    )
    if by is not None and not by.is_portal_admin:
        coordinated = [o.pk for o in by.organisations_where(Role.COORDINATOR)]
        educates = Q(practice_educator=by) if by.has_role(Role.PRACTICE_EDUCATOR) else NOTHING
        placements = placements.filter(Q(host__in=coordinated) | educates)
    return placements.select_related("student", "practice_educator").order_by(
        "student__name", "starts_on", "pk"
    )


def triage_students(service: Organisation, *, by: User) -> QuerySet[User]:
    """The students of the placements at `service` that `by` may allocate work on."""
    return User.objects.filter(pk__in=triage_placements(service, by=by).values("student")).order_by(
        "name", "pk"
    )


def triage_educators(service: Organisation, *, by: User) -> QuerySet[User]:
    """The practice educators of those placements."""
    return User.objects.filter(
        pk__in=triage_placements(service, by=by)
        .filter(practice_educator__isnull=False)
        .values("practice_educator")
    ).order_by("name", "pk")


def school_offers(schools: Iterable[Organisation]) -> dict[int, set[tuple[int, str]]]:
    """Per school id: the (service id, kind of support) pairs it works with (models.
    SchoolService). A school with none recorded may ask any service for direct work."""
    from ..models import SchoolService, SupportKind

    schools = list(schools)
    offers: dict[int, set[tuple[int, str]]] = {school.pk: set() for school in schools}
    for school_id, service_id, kind in SchoolService.objects.filter(school__in=schools).values_list(
        "school_id", "service_id", "kind"
    ):
        offers[school_id].add((service_id, kind))
    open_services = None
    for pairs in offers.values():
        if not pairs:
            if open_services is None:
                open_services = list(
                    Organisation.objects.filter(kind__in=HOLDING_KINDS).values_list("pk", flat=True)
                )
            pairs.update((pk, SupportKind.DIRECT_WORK.value) for pk in open_services)
    return offers
