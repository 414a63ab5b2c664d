"""Who may see and do what with placements.

Scope (may see) comes from selectors.placement_scope, so pages, API routes and
these rules agree. Action permissions name the role that acts.
"""

import rules

from portal.accounts.roles import Role

from .selectors import placement_scope


@rules.predicate
def can_see_placement(user, placement) -> bool:
    if placement is None or not user.is_authenticated:
        return False
    scope = placement_scope(user)
    if scope is None:
        return True
    from .models import Placement

    return Placement.objects.filter(scope, pk=placement.pk).exists()


@rules.predicate
def is_student_of(user, placement) -> bool:
    return placement is not None and placement.student_id == user.pk


@rules.predicate
def is_educator_of(user, placement) -> bool:
    return placement is not None and placement.practice_educator_id == user.pk


@rules.predicate
def is_tutor_of(user, placement) -> bool:
    return placement is not None and placement.tutor_id == user.pk


@rules.predicate
def coordinates_placement(user, placement) -> bool:
    if placement is None:
        return False
    mine = {o.pk for o in user.organisations_where(Role.COORDINATOR)}
    return placement.host_id in mine or placement.course.university_id in mine


@rules.predicate
def is_portal_admin(user) -> bool:
    return user.is_authenticated and user.is_portal_admin


rules.add_perm("placements.view_placement", can_see_placement)
