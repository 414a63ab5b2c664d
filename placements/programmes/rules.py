"""Who may do what with programmes (requirement 9; scope: selectors.scope).

Every record of a programme reaches its programme through `programme_id` or a
referral (`referral.programme_id`); each predicate takes the record a page
shows. The care co-ordinator a referral is allocated to works with the family;
the provider's co-ordinators triage and see everything the provider runs;
other team members see the programme's referrals and families and take group
registers.
"""

from __future__ import annotations

import rules

from portal.accounts.models import Organisation
from portal.accounts.roles import Role

from .models import GroupSession, Programme
from .selectors.cofacilitation import co_facilitates
from .selectors.scope import coordinates, works_on

PATHS = (
    "programme_id",
    "referral.programme_id",
    "group_session.programme_id",
    "child.referral.programme_id",
    "plan.enrolment.programme_id",
)


def _programme_id(record) -> int | None:
    if record is None:
        return None
    if isinstance(record, Programme):
        return record.pk
    for path in PATHS:
        value = record
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def _referral(record):
    if record is None:
        return None
    if hasattr(record, "care_coordinator_id"):
        return record
    if hasattr(record, "referral"):
        return record.referral
    enrolment = getattr(record, "enrolment", None)
    return enrolment.referral if enrolment is not None else None


@rules.predicate
def works_on_any_programme(user) -> bool:
    """Holds a role that works on programmes (no query: the header asks it on every page)."""
    if not user.is_authenticated:
        return False
    if user.is_portal_admin or user.has_role(Role.PROGRAMME_WORKER):
        return True
    return any(
        o.kind == Organisation.Kind.SERVICE_PROVIDER
        for o in user.organisations_where(Role.COORDINATOR)
    )


@rules.predicate
def works_on_programme(user, record) -> bool:
    return works_on(user, _programme_id(record))


@rules.predicate
def coordinates_programme(user, record) -> bool:
    return coordinates(user, _programme_id(record))


@rules.predicate
def is_care_coordinator(user, record) -> bool:
    referral = _referral(record)
    return (
        referral is not None
        and referral.care_coordinator_id == user.pk
        and works_on(user, referral.programme_id)
    )


may_work_with_family = coordinates_programme | is_care_coordinator


@rules.predicate
def refers_families(user) -> bool:
    """Children's social care staff of a local authority (a partner agency)."""
    if not user.is_authenticated:
        return False
    return any(
        m.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
        and m.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
        for m in user.active_memberships
    )


@rules.predicate
def is_student(user) -> bool:
    return user.is_authenticated and user.has_role(Role.STUDENT)


@rules.predicate
def co_facilitates_session(user, record) -> bool:
    """A student added to the group session (requirement 8)."""
    return (
        isinstance(record, GroupSession) and user.is_authenticated and co_facilitates(user, record)
    )


rules.add_perm("programmes.list_referrals", works_on_any_programme)
rules.add_perm("programmes.refer_by_api", refers_families)
rules.add_perm("programmes.view_programme", works_on_programme)
rules.add_perm("programmes.view_referral", works_on_programme)
rules.add_perm("programmes.allocate_referral", coordinates_programme)
rules.add_perm("programmes.work_with_family", may_work_with_family)
rules.add_perm("programmes.take_register", works_on_programme)
rules.add_perm("programmes.manage_groups", coordinates_programme)
rules.add_perm("programmes.view_evaluation", works_on_programme)
# The leader register (issue 19, requirement 5): the team reads it; the provider's
# co-ordinators keep it and choose each run's leaders from it.
rules.add_perm("programmes.view_leaders", works_on_programme)
rules.add_perm("programmes.manage_leaders", coordinates_programme)
# Students co-facilitating groups (requirement 8): their own sessions, and an
# evidence item started from one; the register and the families stay with the team.
rules.add_perm("programmes.list_co_facilitated", is_student)
rules.add_perm("programmes.co_facilitate", is_student & co_facilitates_session)
# Places on a run (issue 19, requirement 3): the programme's team invites families
# from the waiting list, moves them between runs and records a place declined.
rules.add_perm("programmes.invite_to_run", works_on_programme)
# A run's days and outcomes (issue 19, requirements 4, 6 and 7): the provider's
# co-ordinators plan runs and choose their leaders; the team confirms arrivals,
# takes the daily register, keeps a child's support-group history and records the
# ratings before, after and 3 months on.
rules.add_perm("programmes.plan_run", coordinates_programme)
rules.add_perm("programmes.record_run_day", works_on_programme)
rules.add_perm("programmes.record_support_group", works_on_programme)
rules.add_perm("programmes.record_run_outcomes", works_on_programme)
