"""Who may do what: requests for support.

A school contact asks for support for a pupil of their school. The service's
co-ordinators, and the practice educators of students placed with it, triage
the request; accepting it allocates students, which (services.children.
allocation_create) only a co-ordinator of the host or an administrator may do.
University roles and other schools never see a request.
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin

from ..models import SupportRequest
from ..selectors import requests as reads


@rules.predicate
def is_school_contact(user, school=None) -> bool:
    if not user.is_authenticated:
        return False
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    if school is None:
        return bool(schools)
    return any(s.pk == school.pk for s in schools)


@rules.predicate
def works_with_requests(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        user.organisations_where(Role.SCHOOL_CONTACT)
        or reads.coordinated_services(user)
        or user.has_role(Role.PRACTICE_EDUCATOR)
    )


@rules.predicate
def can_see_request(user, support_request) -> bool:
    if support_request is None or not user.is_authenticated:
        return False
    scope = reads.request_scope(user)
    if scope is None:
        return True
    return SupportRequest.objects.filter(scope, pk=support_request.pk).exists()


@rules.predicate
def coordinates_request_service(user, support_request) -> bool:
    if support_request is None:
        return False
    held_by = support_request.child.held_by_id
    return any(o.pk == held_by for o in reads.coordinated_services(user))


@rules.predicate
def educates_at_request_service(user, support_request) -> bool:
    if support_request is None or not user.has_role(Role.PRACTICE_EDUCATOR):
        return False
    return reads.educated_hosts(user).filter(host=support_request.child.held_by_id).exists()


# DOMAIN/issue 6: a co-ordinator or a practice educator triages. A PE accepting
# allocates only students they educate (services.requests._allocate checks it).
may_triage_request = is_portal_admin | coordinates_request_service | educates_at_request_service
may_accept_request = may_triage_request

rules.add_perm("casework.list_requests", is_portal_admin | works_with_requests)
rules.add_perm("casework.add_request", is_school_contact)
rules.add_perm("casework.view_request", is_portal_admin | can_see_request)
rules.add_perm("casework.triage_request", may_triage_request)
rules.add_perm("casework.accept_request", may_accept_request)
