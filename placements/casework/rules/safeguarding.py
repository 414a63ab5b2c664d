"""Who may do what: safeguarding concerns.

- Seeing a concern: selectors.safeguarding.concern_scope (the raiser, the
  practice educators on the child's work, the holding organisation's
  co-ordinators, the school's designated safeguarding lead, admins).
- Raising one from a session: the student or practice educator with a current
  allocation for a child of the session (never in the read-only grace period).
- Adding to one: the raiser, the practice educator overseeing current work,
  the school's designated safeguarding lead and the holding organisation's
  co-ordinators.
- Recording the outcome (once): the practice educator overseeing current work
  with the child, or a co-ordinator of the holding organisation.
- Setting a school's designated safeguarding lead: co-ordinators of an
  organisation holding records of the school's pupils, and admins.
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from .. import selectors
from ..models import Allocation, Child, SchoolProfile
from ..selectors import safeguarding as reads


@rules.predicate
def can_see_concern(user, concern) -> bool:
    return concern is not None and user.is_authenticated and reads.can_view_concern(user, concern)


def _holds_child(user, child) -> bool:
    return any(o.pk == child.held_by_id for o in reads.holding_organisations(user))


def _oversees_current(user, child) -> bool:
    return Allocation.objects.filter(
        selectors.allocation_current(), child=child, practice_educator=user
    ).exists()


def _is_school_lead(user, child) -> bool:
    if not any(o.pk == child.school_id for o in user.organisations_where(Role.SCHOOL_CONTACT)):
        return False
    return SchoolProfile.objects.filter(school_id=child.school_id, safeguarding_lead=user).exists()


@rules.predicate
def adds_to_concern(user, concern) -> bool:
    if concern is None or not user.is_authenticated:
        return False
    child = concern.child
    if concern.raised_by_id == user.pk:
        current = Allocation.objects.filter(
            selectors.allocation_current(), child=child, student=user
        ).exists()
        if current or _oversees_current(user, child):
            return True
    return (
        _holds_child(user, child) or _oversees_current(user, child) or _is_school_lead(user, child)
    )


@rules.predicate
def records_concern_outcome(user, concern) -> bool:
    if concern is None or not user.is_authenticated:
        return False
    return _holds_child(user, concern.child) or _oversees_current(user, concern.child)


@rules.predicate
def sees_a_session_child(user, session) -> bool:
    """Whether any child of `session` is in the user's child scope."""
    if session is None or not user.is_authenticated:
        return False
    scope = selectors.child_scope(user)
    children = reads.session_children(session)
    if scope is not None:
        children = children.filter(pk__in=Child.objects.filter(scope).values("pk"))
    return children.exists()


@rules.predicate
def raises_from_session(user, session) -> bool:
    return session is not None and bool(reads.children_user_may_raise_for(user, session))


@rules.predicate
def may_list_concerns(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role(Role.PRACTICE_EDUCATOR, Role.STUDENT) or reads.holding_organisations(user):
        return True
    return user.has_role(Role.SCHOOL_CONTACT) and is_a_school_lead(user)


def is_a_school_lead(user) -> bool:
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    return (
        bool(schools)
        and SchoolProfile.objects.filter(school__in=schools, safeguarding_lead=user).exists()
    )


@rules.predicate
def sets_school_lead(user, school) -> bool:
    if not user.is_authenticated:
        return False
    holders = reads.holding_organisations(user)
    if not holders:
        return False
    if school is None:
        return True
    return Child.objects.filter(school=school, held_by__in=holders).exists()


rules.add_perm("casework.list_concerns", is_portal_admin | may_list_concerns)
rules.add_perm("casework.view_concern", can_see_concern)
rules.add_perm("casework.add_concern_addendum", can_see_concern & adds_to_concern)
rules.add_perm("casework.record_concern_outcome", can_see_concern & records_concern_outcome)
rules.add_perm("casework.view_concern_session", is_portal_admin | sees_a_session_child)
rules.add_perm("casework.raise_concern", sees_a_session_child & raises_from_session)
rules.add_perm("casework.set_school_lead", is_portal_admin | sets_school_lead)
