"""Reads about placements, scoped to who is asking.

`placements_visible_to` is the one definition of a user's scope over
placements; rules.py and every list, dashboard and API route use it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

from .models import Placement


def placement_scope(user: User) -> Q | None:
    """The filter for the placements `user` may see; None means all of them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_portal_admin:
        return None
    scope = Q(pk__in=[])
    roles = user.active_roles
    if Role.STUDENT in roles:
        scope |= Q(student=user)
    if Role.PRACTICE_EDUCATOR in roles:
        scope |= Q(practice_educator=user)
    if Role.ONSITE_SUPERVISOR in roles:
        scope |= Q(onsite_supervisor=user)
    universities = user.organisations_where(Role.TUTOR, Role.COORDINATOR)
    if universities:
        # Tutors and co-ordinators see the placements of their university's students.
        scope |= Q(course__university__in=universities)
    if Role.TUTOR in roles:
        scope |= Q(tutor=user)
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
    return placements.select_related(
        "student",
        "course",
        "course__university",
        "host",
        "practice_educator",
        "tutor",
        "onsite_supervisor",
    )


# --- Practice learning agreement ------------------------------------------------
# DOMAIN.md / issue 4: the dashboards warn when a placement's agreement is not
# fully signed 10 days after the start.
AGREEMENT_SIGNING_DAYS = 10


def agreements_overdue(placements, *, on=None) -> QuerySet[Placement]:
    """The live placements among `placements` whose agreement is overdue.

    Overdue: started `AGREEMENT_SIGNING_DAYS` or more days before `on` (today
    by default) and the agreement is missing or lacks a required signature
    (student, practice educator, on-site supervisor when there is one, tutor).
    `placements` is a queryset or a list; the answer is one query.
    """
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from portal.models import Signature

    on = on or timezone.localdate()
    if isinstance(placements, QuerySet):
        chosen = Q(pk__in=placements.values("pk"))
    else:
        chosen = Q(pk__in=[placement.pk for placement in placements])

    def signed_as(capacity: str) -> Exists:
        return Exists(
            Signature.objects.filter(
                content_type__app_label="placements",
                content_type__model="learningagreement",
                object_id=OuterRef("learning_agreement__pk"),
                capacity=capacity,
            )
        )

    fully_signed = (
        Q(learning_agreement__isnull=False)
        & signed_as("student")
        & signed_as("practice_educator")
        & signed_as("tutor")
        & (Q(onsite_supervisor__isnull=True) | signed_as("onsite_supervisor"))
    )
    return (
        Placement.objects.filter(chosen)
        .filter(
            status__in=Placement.LIVE_STATUSES,
            starts_on__lte=on - timedelta(days=AGREEMENT_SIGNING_DAYS),
        )
        .exclude(fully_signed)
    )


# --- end practice learning agreement --------------------------------------------


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
