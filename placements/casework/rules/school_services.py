"""Who manages which schools a service works with (models.SchoolService): the
co-ordinators of that service, and admins.

Without a link: whether the user co-ordinates any service (the list and add
pages; 403 otherwise). With a link: whether they co-ordinate its service (404
otherwise: another service's links are not shown to exist)."""

from __future__ import annotations

import rules

from portal.accounts.rules import is_portal_admin

from ..selectors.requests import coordinated_services

MANAGE = "casework.manage_school_services"


@rules.predicate
def coordinates_links_service(user, link=None) -> bool:
    if not user.is_authenticated:
        return False
    services = coordinated_services(user)
    if link is None:
        return bool(services)
    return any(service.pk == link.service_id for service in services)


rules.add_perm(MANAGE, is_portal_admin | coordinates_links_service)
