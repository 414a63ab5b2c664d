"""Reads: safeguarding concerns, scoped to who is asking.

`concern_scope` is the one definition of who sees which concern (pages, rules,
dashboards and the child's page all use it). Least privilege:

- the student who raised it, while they can still read the child's record;
- a practice educator named on an allocation for the child (in its window);
- co-ordinators of the organisation holding the child's record;
- the school's designated safeguarding lead, when they are a school contact
  of the child's school (other school contacts see nothing of it);
- admins (every read is logged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role

from ..models import (
    Allocation,
    Child,
    DirectWorkSession,
    SafeguardingAddendum,
    SafeguardingConcern,
    SchoolProfile,
)
from . import NOTHING, allocation_current, allocation_window

# The parts of the scope, by the role that gives them (dashboards ask for one).
RAISER = "raiser"
PARTS = (RAISER, Role.PRACTICE_EDUCATOR, Role.COORDINATOR, Role.SCHOOL_CONTACT)


def holding_organisations(user: User) -> list[Organisation]:
    """The organisations holding children's records that `user` co-ordinates."""
    from ..rules import HOLDING_KINDS

    return [o for o in user.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]


def _allocation_for(condition: Q) -> Exists:
    return Exists(Allocation.objects.filter(condition, child=OuterRef("child_id")))


def concern_scope(user: User, *, parts: tuple[str, ...] = PARTS) -> Q | None:
    """The filter on SafeguardingConcern for the concerns `user` may read; None: all."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_portal_admin and parts == PARTS:
        return None
    roles = user.active_roles
    window = allocation_window()
    scope = NOTHING
    if RAISER in parts:
        scope |= Q(raised_by=user) & Q(
            _allocation_for(window & (Q(student=user) | Q(practice_educator=user)))
        )
    if Role.PRACTICE_EDUCATOR in parts and Role.PRACTICE_EDUCATOR in roles:
        scope |= Q(_allocation_for(window & Q(practice_educator=user)))
    if Role.COORDINATOR in parts:
        holders = holding_organisations(user)
        if holders:
            scope |= Q(child__held_by__in=holders)
    if Role.SCHOOL_CONTACT in parts:
        schools = user.organisations_where(Role.SCHOOL_CONTACT)
        if schools:
            scope |= Q(
                child__school__in=schools, child__school__school_profile__safeguarding_lead=user
            )
    return scope


def concerns_visible_to(user: User, *, parts: tuple[str, ...] = PARTS) -> QuerySet:
    concerns = SafeguardingConcern.objects.select_related("child__school", "raised_by")
    scope = concern_scope(user, parts=parts)
    if scope is not None:
        concerns = concerns.filter(scope)
    return concerns


def open_first(concerns: QuerySet) -> QuerySet:
    """Open concerns first (the longest open at the top), then closed, latest first."""
    return concerns.order_by(F("outcome_recorded_at").desc(nulls_first=True), "raised_at", "pk")


def concern_list_for(user: User, *, status: str = "") -> QuerySet:
    concerns = concerns_visible_to(user)
    if status == "open":
        concerns = concerns.filter(outcome_recorded_at__isnull=True)
    elif status == "closed":
        concerns = concerns.filter(outcome_recorded_at__isnull=False)
    return open_first(concerns)


def concern_for_page(pk: int) -> SafeguardingConcern | None:
    """One concern with everything its page shows (a fixed number of queries)."""
    return (
        SafeguardingConcern.objects.select_related(
            "child__school",
            "child__held_by",
            "session__plan",
            "raised_by",
            "outcome_recorded_by",
        )
        .prefetch_related(
            Prefetch("addenda", queryset=SafeguardingAddendum.objects.select_related("added_by"))
        )
        .filter(pk=pk)
        .first()
    )


def can_view_concern(user: User, concern: SafeguardingConcern) -> bool:
    scope = concern_scope(user)
    if scope is None:
        return True
    return SafeguardingConcern.objects.filter(scope, pk=concern.pk).exists()


def child_concerns_for(user: User, child: Child) -> list[SafeguardingConcern]:
    """The concerns about `child` that `user` may read (one query)."""
    return list(open_first(concerns_visible_to(user).filter(child=child)))


def child_has_open_concern(child: Child) -> bool:
    return SafeguardingConcern.objects.filter(
        child=child, outcome_recorded_at__isnull=True
    ).exists()


# --- dashboards -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenConcern:
    concern: SafeguardingConcern
    open_days: int


@dataclass(frozen=True)
class OpenConcerns:
    total: int
    rows: list[OpenConcern]


def days_open(concern: SafeguardingConcern, now: datetime | None = None) -> int:
    """Whole days since the concern was raised (until its outcome, if recorded)."""
    end = concern.outcome_recorded_at or now or timezone.now()
    raised = timezone.localtime(concern.raised_at).date()
    return max((timezone.localtime(end).date() - raised).days, 0)


def open_concerns_for(user: User, *, parts: tuple[str, ...], limit: int = 10) -> OpenConcerns:
    """Open concerns through the given parts of the scope, the longest open first
    (two queries)."""
    concerns = concerns_visible_to(user, parts=parts).filter(outcome_recorded_at__isnull=True)
    total = concerns.count()
    if not total:
        return OpenConcerns(total=0, rows=[])
    now = timezone.now()
    rows = [
        OpenConcern(concern=concern, open_days=days_open(concern, now))
        for concern in concerns.order_by("raised_at", "pk")[:limit]
    ]
    return OpenConcerns(total=total, rows=rows)


# --- raising a concern from a session -------------------------------------------------


def session_for_concern(pk: int) -> DirectWorkSession | None:
    return DirectWorkSession.objects.select_related("plan__school").filter(pk=pk).first()


def session_children(session: DirectWorkSession) -> QuerySet[Child]:
    """The children of a session: those on its plan and any with an attendance row."""
    return (
        Child.objects.filter(
            Q(plan_memberships__plan_id=session.plan_id) | Q(session_attendance__session=session)
        )
        .select_related("school")
        .distinct()
        .order_by("reference")
    )


def children_user_may_raise_for(user: User, session: DirectWorkSession) -> list[Child]:
    """The session's children for whom `user` is the student or practice educator
    on a current allocation (one query)."""
    if not user.is_authenticated:
        return []
    current = allocation_current() & (Q(student=user) | Q(practice_educator=user))
    return list(
        session_children(session).filter(
            Exists(Allocation.objects.filter(current, child=OuterRef("pk")))
        )
    )


def overseeing_educators(child: Child) -> list[User]:
    """The practice educators overseeing current work with `child`."""
    return list(
        User.objects.filter(
            pk__in=Allocation.objects.filter(allocation_current(), child=child).values(
                "practice_educator"
            ),
            is_active=True,
        ).order_by("name", "pk")
    )


def school_profile_for(school: Organisation) -> SchoolProfile | None:
    return (
        SchoolProfile.objects.select_related("safeguarding_lead", "school")
        .filter(school=school)
        .first()
    )


# --- schools' designated safeguarding leads --------------------------------------------


def partner_schools_for(user: User) -> QuerySet[Organisation]:
    """Schools whose pupils' records an organisation `user` co-ordinates holds (all
    schools with pupils for an admin), with their profile."""
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    if not user.is_portal_admin:
        schools = schools.filter(
            pk__in=Child.objects.filter(held_by__in=holding_organisations(user)).values("school")
        )
    else:
        schools = schools.filter(pk__in=Child.objects.values("school"))
    return schools.select_related("school_profile__safeguarding_lead").order_by("name", "pk")


def school_contacts_of(school: Organisation) -> list[User]:
    """The current school contacts of `school` (candidates for its DSL)."""
    from portal.accounts.models import Membership

    return list(
        User.objects.filter(
            pk__in=Membership.objects.current()
            .filter(organisation=school, role=Role.SCHOOL_CONTACT)
            .values("user")
        ).order_by("name", "email")
    )
