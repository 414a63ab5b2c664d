"""Reads about people: students and practice educators a co-ordinator works with."""

from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.roles import Role

from ..models import Placement


# --- People: students and practice educators a co-ordinator works with ------
def people_for_coordination(user: User, *, role: str, q: str = ""):
    """Current holders of `role` (student or practice educator) in the user's
    organisations (all organisations for an admin), with their profile and,
    for educators, how many live placements they hold now."""
    from django.db.models import Count
    from django.db.models import Q as _Q

    from portal.accounts.models import Membership

    memberships = Membership.objects.current().filter(role=role)
    if not user.is_portal_admin:
        memberships = memberships.filter(
            organisation__in=user.organisations_where(Role.COORDINATOR)
        )
    people = User.objects.filter(pk__in=memberships.values("user_id")).order_by("name", "pk")
    if q:
        people = people.filter(_Q(name__icontains=q) | _Q(email__icontains=q))
    if role == Role.STUDENT:
        return people.select_related(
            "student_profile", "student_profile__course", "student_profile__university"
        )
    return people.select_related("educator_profile").annotate(
        live_placements=Count(
            "placements_educated",
            filter=_Q(placements_educated__status__in=list(Placement.LIVE_STATUSES)),
        )
    )
