"""Who may do what: direct-work sessions.

- Seeing a session (its date, outcome and attendance): whoever sees its plan.
- Its notes, the children's voice and observations: rules.plans.sees_plan_notes.
- Logging it: the student with a current allocation for every child on the
  plan (not in the read-only grace period; never a school contact).
- Reviewing it: a practice educator overseeing current work with a child on
  the plan.
- Moving it to another day while only planned: the student logging it or the
  practice educator reviewing it.
- Starting a PCF evidence item from it: the student on the work, including the
  read-only grace period (evidence is often written up just after).
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from ..selectors import plans as reads
from .plans import can_see_plan, child_ids_of, sees_plan_notes, student_on_plan


@rules.predicate
def sees_session(user, session) -> bool:
    return session is not None and can_see_plan(user, session.plan)


@rules.predicate
def sees_session_notes(user, session) -> bool:
    return session is not None and sees_plan_notes(user, session.plan)


@rules.predicate
def logs_session(user, session) -> bool:
    return session is not None and student_on_plan(user, session.plan)


@rules.predicate
def reviews_session(user, session) -> bool:
    if session is None or not user.is_authenticated:
        return False
    if not user.has_role(Role.PRACTICE_EDUCATOR):
        return False
    ids = child_ids_of(session.plan)
    return bool(reads.children_allocated_to(user, ids, as_role=Role.PRACTICE_EDUCATOR))


@rules.predicate
def student_who_can_see(user, session) -> bool:
    if session is None or not user.is_authenticated or not user.has_role(Role.STUDENT):
        return False
    ids = child_ids_of(session.plan)
    return bool(reads.children_allocated_to(user, ids, as_role=Role.STUDENT, current=False))


rules.add_perm("casework.view_session", is_portal_admin | sees_session)
rules.add_perm("casework.view_session_notes", sees_session & sees_session_notes)
rules.add_perm("casework.log_session", sees_session & logs_session)
rules.add_perm("casework.review_session", sees_session & reviews_session)
rules.add_perm("casework.evidence_from_session", sees_session & student_who_can_see)
# Moving a planned session to another day (services.session_dates).
rules.add_perm("casework.move_session", sees_session & (logs_session | reviews_session))
