"""Who may do what: direct-work plans.

- Seeing a plan: whoever sees a child on it, and the school's contacts
  (read-only, never session notes, the children's voice or observations).
- Leading a plan (agreeing it, completing it, closing it early): a
  co-ordinator of the organisation holding every child's record, or the
  practice educator overseeing current work with every child on it.
- Working on a plan (drafting, recording agreements, starting it): those who
  lead it, and the student with a current allocation for every child on it.
- Session notes: the students and practice educators on the children's work
  (including the read-only grace period) and the co-ordinators holding the
  records; not school contacts.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from .. import selectors
from ..models import Allocation, DirectWorkPlan
from ..selectors import plans as reads
from . import works_with_children


def child_ids_of(plan) -> list[int]:
    return reads.plan_child_ids(plan)


def leads_work_with(user, child_ids) -> bool:
    """Whether `user` may lead a plan for all of `child_ids`."""
    child_ids = set(child_ids)
    if not child_ids or not user.is_authenticated:
        return False
    if user.is_portal_admin:
        return True
    if child_ids <= reads.children_held_by_coordinated(user, child_ids):
        return True
    if user.has_role(Role.PRACTICE_EDUCATOR):
        overseen = reads.children_allocated_to(user, child_ids, as_role=Role.PRACTICE_EDUCATOR)
        return child_ids <= overseen
    return False


def does_work_with(user, child_ids) -> bool:
    """Whether `user` is the student on current work with all of `child_ids`."""
    child_ids = set(child_ids)
    if not child_ids or not user.is_authenticated or not user.has_role(Role.STUDENT):
        return False
    return child_ids <= reads.children_allocated_to(user, child_ids, as_role=Role.STUDENT)


@rules.predicate
def can_see_plan(user, plan) -> bool:
    if plan is None or not user.is_authenticated:
        return False
    scope = reads.plan_scope(user)
    if scope is None:
        return True
    return DirectWorkPlan.objects.filter(scope, pk=plan.pk).exists()


@rules.predicate
def leads_plan(user, plan) -> bool:
    return plan is not None and leads_work_with(user, child_ids_of(plan))


@rules.predicate
def student_on_plan(user, plan) -> bool:
    return plan is not None and does_work_with(user, child_ids_of(plan))


@rules.predicate
def sees_plan_notes(user, plan) -> bool:
    if plan is None or not user.is_authenticated:
        return False
    if user.is_portal_admin:
        return True
    ids = child_ids_of(plan)
    if reads.children_held_by_coordinated(user, ids):
        return True
    return (
        Allocation.objects.filter(selectors.allocation_window(), child_id__in=ids)
        .filter(Q(student=user) | Q(practice_educator=user))
        .exists()
    )


@rules.predicate
def may_plan(user) -> bool:
    return user.is_authenticated and (
        user.has_role(Role.PRACTICE_EDUCATOR, Role.STUDENT, Role.COORDINATOR)
    )


works_on_plan = leads_plan | student_on_plan


@rules.predicate
def contact_of_plans_school(user, plan) -> bool:
    """A school contact of the school the plan's work happens in."""
    return (
        plan is not None
        and user.is_authenticated
        and plan.school_id in {o.pk for o in user.organisations_where(Role.SCHOOL_CONTACT)}
    )


rules.add_perm("casework.list_plans", is_portal_admin | works_with_children)
rules.add_perm("casework.view_plan", is_portal_admin | can_see_plan)
rules.add_perm("casework.add_plan", is_portal_admin | may_plan)
rules.add_perm("casework.change_plan", can_see_plan & works_on_plan)
rules.add_perm("casework.view_plan_notes", can_see_plan & sees_plan_notes)
# The school gives its own agreement to a draft plan (issue 22: "plans to agree").
rules.add_perm("casework.agree_plan_for_school", can_see_plan & contact_of_plans_school)
