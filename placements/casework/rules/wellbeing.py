"""Who may do what: wellbeing measures and closing a child's work.

(Closure has no rules module of its own in apps.PARTS, so its permissions live
here too.)

- Recording a measure or a child's closure: the student or the practice
  educator named on a current allocation for the child (not in the read-only
  grace period, not co-ordinators or school contacts: they did not do the work).
- The wellbeing report: co-ordinators of an organisation that holds children's
  records (they see their own organisation's children), and administrators.
- A child's end-of-work summary (page and PDF): whoever sees the child and is
  the student or PE on their work, a co-ordinator holding the record, or a
  school contact of the plan's school (summaries are for the school).
"""

from __future__ import annotations

import rules
from django.db.models import Q

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from .. import selectors
from ..models import Allocation
from . import can_see_child, coordinates_a_holding_organisation


def works_currently_with(user, child) -> bool:
    """`user` is the student or PE on an allocation for `child` under way today."""
    if child is None or not user.is_authenticated:
        return False
    return (
        Allocation.objects.filter(selectors.allocation_current(), child=child)
        .filter(Q(student=user) | Q(practice_educator=user))
        .exists()
    )


def _allocated_in_window(user, child) -> bool:
    return (
        Allocation.objects.filter(selectors.allocation_window(), child=child)
        .filter(Q(student=user) | Q(practice_educator=user))
        .exists()
    )


@rules.predicate
def may_record_for_child(user, child) -> bool:
    return works_currently_with(user, child)


@rules.predicate
def may_record_for_member(user, member) -> bool:
    return member is not None and works_currently_with(user, member.child)


@rules.predicate
def sees_member(user, member) -> bool:
    return member is not None and can_see_child(user, member.child)


@rules.predicate
def may_read_closure(user, member) -> bool:
    if member is None or not user.is_authenticated:
        return False
    if user.is_portal_admin or selectors.coordinates_child(user, member.child):
        return True
    if any(o.pk == member.plan.school_id for o in user.organisations_where(Role.SCHOOL_CONTACT)):
        return True
    return _allocated_in_window(user, member.child)


@rules.predicate
def may_see_wellbeing_report(user) -> bool:
    return user.is_authenticated and coordinates_a_holding_organisation(user)


rules.add_perm("casework.record_wellbeing", may_record_for_child)
rules.add_perm("casework.view_wellbeing_report", is_portal_admin | may_see_wellbeing_report)
# A child on a plan (PlanChild): seen by whoever sees the child.
rules.add_perm("casework.view_plan_member", is_portal_admin | sees_member)
rules.add_perm("casework.record_closure", may_record_for_member)
rules.add_perm("casework.view_closure_summary", sees_member & may_read_closure)
