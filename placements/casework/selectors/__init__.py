"""Reads about casework, scoped to who is asking.

`child_scope` is the one definition of who may see which child (issue 6,
requirement 9); rules.py, every list, page and API route use it.

- A student sees the children on their allocations from the day the work
  starts until it ends, then read-only for CHILD_ACCESS_GRACE_DAYS, then not
  at all. The practice educator overseeing an allocation sees it the same way.
- A school contact sees their own school's pupils who have an allocation
  (a limited page: never assessments).
- Co-ordinators see the children whose record their organisation holds, and
  those allocated on placements their organisation hosts.
- Admins see every child (every read is logged). University roles, on-site
  supervisors (unless they are also the practice educator named on the
  allocation, which needs the PE role), life-story workers and editors see none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role

from ..models import Allocation, Assessment, Carer, Child

# Days a student and their practice educator go on reading a child's record
# after the allocation ends (DESIGN.md: read-only for a grace period).
CHILD_ACCESS_GRACE_DAYS = 30

NOTHING = Q(pk__in=[])


def role_scope(build: Callable[..., Q]) -> Callable[..., Q | None]:
    """A scope filter from `build(user, ...)`: nothing for a signed-out or inactive
    user, None (everything) for an administrator, else what `build` gives."""

    @wraps(build)
    def scope(user: User, *args, **kwargs) -> Q | None:
        if not user.is_authenticated or not user.is_active:
            return NOTHING
        if user.is_portal_admin:
            return None
        return build(user, *args, **kwargs)

    return scope


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def allocation_window(on: date | None = None) -> Q:
    """Allocations (a filter on Allocation) whose people may read the child on `on`."""
    on = _today(on)
    return Q(starts_on__lte=on) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on - timedelta(days=CHILD_ACCESS_GRACE_DAYS))
    )


def allocation_current(on: date | None = None) -> Q:
    """Allocations (a filter on Allocation) under way on `on`: their people may write."""
    on = _today(on)
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def _allocated(condition: Q) -> Exists:
    return Exists(Allocation.objects.filter(condition, child=OuterRef("pk")))


def _coordinated(user: User) -> list[Organisation]:
    return user.organisations_where(Role.COORDINATOR)


@role_scope
def child_scope(user: User, *, on: date | None = None) -> Q | None:
    """The filter on Child for the children `user` may see; None means all of them."""
    roles = user.active_roles
    scope = NOTHING
    window = allocation_window(on)
    if Role.STUDENT in roles:
        scope |= Q(_allocated(window & Q(student=user)))
    if Role.PRACTICE_EDUCATOR in roles:
        scope |= Q(_allocated(window & Q(practice_educator=user)))
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    if schools:
        scope |= Q(school__in=schools) & Q(_allocated(Q()))
    hosts = _coordinated(user)
    if hosts:
        scope |= Q(held_by__in=hosts) | Q(_allocated(Q(placement__host__in=hosts)))
    # Assessments (requirement 8): the accountable social worker sees the children
    # they assess; a team manager the children their organisation holds that have one.
    if Role.SOCIAL_WORKER in roles:
        scope |= Q(Exists(Assessment.objects.filter(child=OuterRef("pk"), social_worker=user)))
    managed = user.organisations_where(Role.TEAM_MANAGER)
    if managed:
        scope |= Q(held_by__in=managed) & Q(Exists(Assessment.objects.filter(child=OuterRef("pk"))))
    return scope


def children_visible_to(user: User, *, on: date | None = None) -> QuerySet[Child]:
    children = Child.objects.select_related("school")
    scope = child_scope(user, on=on)
    if scope is not None:
        children = children.filter(scope)
    return children


def child_list_for(user: User, *, reference: str = "", school: Organisation | None = None):
    """The children list page: visible children, by reference, optionally narrowed.
    Records merged into another (selectors.merges) are left out: their work is there."""
    children = children_visible_to(user).filter(merged_into__isnull=True)
    reference = (reference or "").strip().upper()
    if reference:
        if not reference.startswith("C-"):
            reference = "C-" + reference
        children = children.filter(reference__startswith=reference)
    if school is not None:
        children = children.filter(school=school)
    return children.order_by("reference")


def schools_of_visible_children(user: User) -> QuerySet[Organisation]:
    """The schools a user can filter the children list by (one query)."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.SCHOOL,
        pk__in=children_visible_to(user).values("school"),
    ).order_by("name")


def child_for_page(pk: int) -> Child | None:
    """One child with everything its page shows (a fixed number of queries)."""
    return (
        Child.objects.select_related("school", "held_by", "created_by")
        .prefetch_related(
            Prefetch("carers", queryset=Carer.objects.order_by("-is_main_contact", "name")),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related(
                    "student", "practice_educator", "placement__host"
                ).order_by("-starts_on", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


# --- what a person named on an allocation may still do -------------------------------


@dataclass(frozen=True)
class AllocatedAccess:
    """How a student or PE reaches a child through their allocations."""

    current: bool  # an allocation is under way: they may write
    read_only_until: date | None  # all ended: the last day they can read


def allocated_access(user: User, child: Child, *, on: date | None = None) -> AllocatedAccess:
    """`user`'s access to `child` as the student or PE named on an allocation."""
    on = _today(on)
    allocations = Allocation.objects.filter(
        Q(student=user) | Q(practice_educator=user), child=child
    ).filter(allocation_window(on))
    ends = list(allocations.values_list("ends_on", flat=True))
    if not ends:
        return AllocatedAccess(current=False, read_only_until=None)
    if any(end is None or end >= on for end in ends):
        return AllocatedAccess(current=True, read_only_until=None)
    last = max(ends)
    return AllocatedAccess(
        current=False, read_only_until=last + timedelta(days=CHILD_ACCESS_GRACE_DAYS)
    )


def coordinates_child(user: User, child: Child) -> bool:
    """Whether `user` co-ordinates the organisation holding `child`'s record or a
    host of a placement the child's work is allocated on."""
    hosts = {o.pk for o in _coordinated(user)}
    if not hosts:
        return False
    if child.held_by_id in hosts:
        return True
    return Allocation.objects.filter(child=child, placement__host__in=hosts).exists()


def names_on_work(*, student: User, practice_educator: User | None = None) -> set[str]:
    """The names of every child, and of each child's carers, on the allocated work of
    `student` or of `practice_educator`: first, last and preferred names, and carers'
    full names.

    The anonymisation guard (placements/services/anonymisation.py) refuses what a
    university reads (evidence, supervision, observations, reviews) when it
    contains any of these. Work the student or PE can still read counts (current
    allocations and those within the grace period): records are often written up
    just after the work ends.
    """
    people = Q(student=student)
    if practice_educator is not None:
        people |= Q(practice_educator=practice_educator)
    children = Child.objects.filter(_allocated(allocation_window() & people))
    rows = children.values_list("first_name", "last_name", "preferred_name")
    carers = Carer.objects.filter(child__in=children).values_list("name", flat=True)
    return {name for row in rows for name in row if name} | {name for name in carers if name}


def sees_school_view(user: User, child: Child) -> bool:
    """Whether `user` sees the limited page a school contact gets (no social care
    details such as the local authority case number, never assessments)."""
    if user.is_portal_admin or not user.has_role(Role.SCHOOL_CONTACT):
        return False
    if coordinates_child(user, child):
        return False
    access = allocated_access(user, child)
    return not access.current and access.read_only_until is None
