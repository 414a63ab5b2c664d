"""Reads about placements, scoped to who is asking.

`placements_visible_to` is the one definition of a user's scope over
placements; rules.py and every list, dashboard and API route use it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

from ..access import past_grace
from ..models import Placement


def placement_scope(user: User) -> Q | None:
    """The filter for the placements `user` may see; None means all of them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_portal_admin:
        return None
    scope = Q(pk__in=[])
    roles = user.active_roles
    # The people named on a placement see it while it runs and for a grace period
    # after it finishes (placements/access.py); the organisations keep it.
    named = Q(pk__in=[])
    if Role.STUDENT in roles:
        named |= Q(student=user)
    if Role.PRACTICE_EDUCATOR in roles:
        named |= Q(practice_educator=user)
    if Role.ONSITE_SUPERVISOR in roles:
        named |= Q(onsite_supervisor=user)
    if Role.TUTOR in roles:
        named |= Q(tutor=user)
    if named != Q(pk__in=[]):
        scope |= named & ~past_grace()
    universities = user.organisations_where(Role.TUTOR, Role.COORDINATOR)
    if universities:
        # Tutors and co-ordinators see the placements of their university's students.
        scope |= Q(course__university__in=universities)
    hosts = user.organisations_where(Role.COORDINATOR)
    if hosts:
        # Co-ordinators also see every placement their organisation hosts.
        scope |= Q(host__in=hosts)
    return scope


def placements_visible_to(user: User) -> QuerySet[Placement]:
    placements = Placement.objects.all()
    scope = placement_scope(user)
    if scope is not None:
        placements = placements.filter(scope)
    return placements.with_people()
