"""Who may do what: child and family assessments (issue 6, requirement 8).

Scope comes from selectors.assessments.assessment_scope. An assessment is
started by a team manager or co-ordinator of the organisation holding the
child's record, by one of its qualified social workers (naming themself as
accountable), or by an administrator. The accountable social worker and the
student co-worker write it; only the social worker submits it; a team manager
of the holding organisation who is not its social worker authorises it.
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from ..models import Assessment
from ..selectors import assessments as reads

ASSESSMENT_ROLES = frozenset(
    {
        Role.STUDENT,
        Role.PRACTICE_EDUCATOR,
        Role.COORDINATOR,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
    }
)
REPORT_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_MANAGER})


def _in(user, organisation_id, role) -> bool:
    return any(o.pk == organisation_id for o in user.organisations_where(role))


@rules.predicate
def works_with_assessments(user) -> bool:
    return user.is_authenticated and bool(user.active_roles & ASSESSMENT_ROLES)


@rules.predicate
def sees_assessment_report(user) -> bool:
    return user.is_authenticated and bool(user.active_roles & REPORT_ROLES)


@rules.predicate
def can_see_assessment(user, assessment) -> bool:
    return user.is_authenticated and reads.can_see_assessment(user, assessment)


@rules.predicate
def manages_assessment(user, assessment) -> bool:
    """A team manager of the organisation holding the child's record."""
    return assessment is not None and _in(user, assessment.child.held_by_id, Role.TEAM_MANAGER)


@rules.predicate
def is_accountable_social_worker(user, assessment) -> bool:
    return assessment is not None and assessment.social_worker_id == user.pk


@rules.predicate
def is_student_coworker(user, assessment) -> bool:
    return (
        assessment is not None
        and assessment.student_id is not None
        and assessment.student_id == user.pk
    )


@rules.predicate
def may_start_assessment(user, child=None) -> bool:
    """With a child: may start one for them. Without: may start one for someone."""
    if not user.is_authenticated:
        return False
    roles = (Role.TEAM_MANAGER, Role.COORDINATOR, Role.SOCIAL_WORKER)
    if child is None:
        return any(user.organisations_where(role) for role in roles)
    return any(_in(user, child.held_by_id, role) for role in roles)


@rules.predicate
def is_draft(user, assessment) -> bool:
    return assessment is not None and assessment.status == Assessment.Status.DRAFT


may_authorise = manages_assessment & ~is_accountable_social_worker
may_change_dates = is_portal_admin | is_accountable_social_worker | manages_assessment

rules.add_perm("casework.list_assessments", is_portal_admin | works_with_assessments)
rules.add_perm("casework.view_assessment", is_portal_admin | can_see_assessment)
rules.add_perm("casework.add_assessment", is_portal_admin | may_start_assessment)
rules.add_perm(
    "casework.change_assessment",
    can_see_assessment & is_draft & (is_accountable_social_worker | is_student_coworker),
)
rules.add_perm("casework.view_assessment_report", is_portal_admin | sees_assessment_report)
