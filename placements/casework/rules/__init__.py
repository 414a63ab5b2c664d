"""Who may see and do what with children's records.

Scope (may see) comes from selectors.child_scope, so pages, API routes and
these rules agree. Writes need more: a student or practice educator whose
allocation has ended reads the record for the grace period but changes
nothing (`can_write_child`).
"""

from __future__ import annotations

import rules

from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin
from portal.audit.records import child_record_of

from .. import selectors
from ..apps import CASEWORK_ROLES
from ..models import Allocation, Child
from ..models.children import CHILD_DETAILS

# Roles that work with children's records. Others are refused the children list
# outright (403) rather than shown an empty one.
CHILD_ROLES = frozenset(CASEWORK_ROLES)

# Organisations that run services and so hold children's records.
HOLDING_KINDS = frozenset({Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.SERVICE_PROVIDER})


@rules.predicate
def can_see_child(user, child) -> bool:
    if child is None or not user.is_authenticated:
        return False
    scope = selectors.child_scope(user)
    if scope is None:
        return True
    return Child.objects.filter(scope, pk=child.pk).exists()


@rules.predicate
def works_with_children(user) -> bool:
    # An on-site supervisor named as a student's practice educator holds the
    # practice educator role too (placements refuse a PE without it).
    return user.is_authenticated and bool(user.active_roles & CHILD_ROLES)


def coordinates_a_holding_organisation(user) -> bool:
    return any(o.kind in HOLDING_KINDS for o in user.organisations_where(Role.COORDINATOR))


@rules.predicate
def may_record_children(user) -> bool:
    return user.is_authenticated and coordinates_a_holding_organisation(user)


@rules.predicate
def coordinates_child(user, child) -> bool:
    return child is not None and selectors.coordinates_child(user, child)


@rules.predicate
def oversees_current_work_with(user, child) -> bool:
    if child is None:
        return False
    return Allocation.objects.filter(
        selectors.allocation_current(), child=child, practice_educator=user
    ).exists()


@rules.predicate
def coordinates_host(user, placement) -> bool:
    """With a placement: co-ordinates its host. Without: co-ordinates any host."""
    if placement is None:
        return coordinates_a_holding_organisation(user)
    return any(o.pk == placement.host_id for o in user.organisations_where(Role.COORDINATOR))


@rules.predicate
def may_end_allocation(user, allocation) -> bool:
    if allocation is None:
        return False
    return allocation.practice_educator_id == user.pk or coordinates_host(
        user, allocation.placement
    )


@rules.predicate
def reads_child_details(user, record) -> bool:
    """Not the limited page a school contact gets (selectors.sees_school_view) for
    any child `record` is about: a child, or a record declaring its child."""
    if record is None or not user.is_authenticated:
        return False
    children = [record] if isinstance(record, Child) else child_record_of(record).children(record)
    return not any(selectors.sees_school_view(user, child) for child in children)


rules.add_perm("casework.list_children", is_portal_admin | works_with_children)
rules.add_perm("casework.view_child", is_portal_admin | can_see_child)
rules.add_perm("casework.add_child", is_portal_admin | may_record_children)
# What the child's page, its history, the API and the records about the child
# show beyond the limited page (models.children.CHILD_DETAILS says which fields).
rules.add_perm(CHILD_DETAILS, reads_child_details)
# The child's own details: those who hold the record, and the PE overseeing
# current work (students record their sessions, not the child's identity).
rules.add_perm(
    "casework.change_child",
    can_see_child & (is_portal_admin | coordinates_child | oversees_current_work_with),
)


@rules.predicate
def educates_on_placement(user, placement) -> bool:
    """The practice educator of `placement` (they may allocate their own student)."""
    return (
        placement is not None
        and placement.practice_educator_id == user.pk
        and user.has_role(Role.PRACTICE_EDUCATOR)
    )


rules.add_perm(
    "casework.add_allocation", is_portal_admin | coordinates_host | educates_on_placement
)
rules.add_perm("casework.end_allocation", is_portal_admin | may_end_allocation)


def can_write_child(user, child: Child) -> bool:
    """Whether `user` may add to `child`'s record now (details, sessions, notes).

    False for a student or PE in the read-only grace period after their
    allocation ended, for school contacts, and for anyone outside the scope.
    """
    if not user.is_authenticated or not can_see_child(user, child):
        return False
    if user.is_portal_admin or selectors.coordinates_child(user, child):
        return True
    return selectors.allocated_access(user, child).current
