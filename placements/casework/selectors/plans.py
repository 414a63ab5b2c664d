"""Reads: direct-work plans, scoped to who is asking.

Who sees a plan: anyone who sees a child on it (`child_scope`), and the school
contacts of the plan's school (read-only, without session notes). Lists and
dashboards show children as initials and reference only.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role

from ..models import Allocation, Child, DirectWorkPlan, DirectWorkSession, PlanChild, PlanGoal
from . import NOTHING, allocation_current, allocation_window, child_scope, role_scope

OPEN_STATUSES = (DirectWorkPlan.Status.AGREED, DirectWorkPlan.Status.ACTIVE)


@role_scope
def plan_scope(user: User, *, on: date | None = None) -> Q | None:
    """The filter on DirectWorkPlan for the plans `user` may see; None means all."""
    children = Child.objects.filter(child_scope(user, on=on))
    scope = Q(Exists(PlanChild.objects.filter(plan=OuterRef("pk"), child__in=children)))
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    if schools:
        scope |= Q(school__in=schools)
    return scope


def plans_visible_to(user: User) -> QuerySet[DirectWorkPlan]:
    plans = DirectWorkPlan.objects.select_related("school")
    scope = plan_scope(user)
    if scope is not None:
        plans = plans.filter(scope)
    return plans


def members_by_reference() -> Prefetch:
    return Prefetch(
        "members", queryset=PlanChild.objects.select_related("child").order_by("child__reference")
    )


def with_session_counts(plans: QuerySet[DirectWorkPlan]) -> QuerySet[DirectWorkPlan]:
    """Annotate `sessions_logged` (held, did not attend or cancelled) on each plan."""
    return plans.annotate(
        sessions_logged=Count(
            "sessions", filter=~Q(sessions__status=DirectWorkSession.Status.PLANNED)
        )
    )


def plan_list_for(
    user: User, *, status: str = "", school: Organisation | None = None
) -> QuerySet[DirectWorkPlan]:
    """The plans list page: visible plans, newest first, with their children (one
    prefetch) and logged-session counts."""
    plans = plans_visible_to(user)
    if status:
        plans = plans.filter(status=status)
    if school is not None:
        plans = plans.filter(school=school)
    return (
        with_session_counts(plans)
        .prefetch_related(members_by_reference())
        .order_by("-first_session_on", "-pk")
    )


def schools_of_visible_plans(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=Organisation.Kind.SCHOOL, pk__in=plans_visible_to(user).values("school")
    ).order_by("name")


def plan_for_page(pk: int) -> DirectWorkPlan | None:
    """One plan with its children, goals, themes and sessions (a fixed number of queries)."""
    return (
        DirectWorkPlan.objects.select_related("school", "support_request", "created_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=PlanChild.objects.select_related("child")
                .prefetch_related(
                    Prefetch("goals", queryset=PlanGoal.objects.order_by("position", "pk"))
                )
                .order_by("child__reference"),
            ),
            "themes",
            Prefetch(
                "sessions",
                queryset=DirectWorkSession.objects.select_related("theme")
                .prefetch_related("attendance")
                .order_by("number"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def plan_child_ids(plan: DirectWorkPlan) -> list[int]:
    cached = getattr(plan, "_prefetched_objects_cache", {}).get("members")
    if cached is not None:
        return [member.child_id for member in cached]
    return list(plan.members.values_list("child_id", flat=True))


def readable_children(user: User, plan: DirectWorkPlan) -> frozenset[int]:
    """The children on `plan` whose own words `user` may read (issue 13, R7): what
    each said and the notes about them at sessions, their goals and the parent who
    agreed for them, their wellbeing answers and their end-of-work feedback.

    In a group plan each person reaches the plan through the children they work
    with; that opens no other child's words. A child's words go to whoever may
    open that child's own record (`child_scope`): the student and practice
    educator on work with that child (with its read-only grace period), the
    co-ordinators of the organisation holding the record and admins (who read
    every child), and the school's contacts, who read goals but never session
    notes (those need casework.view_plan_notes as well). Logging a group session
    needs current work with every child on it (rules.plans.student_on_plan), so
    the student logging reads every row they write. Pages and the API use this
    one rule; one query (none for an admin once the plan's members are loaded).
    """
    ids = plan_child_ids(plan)
    scope = child_scope(user)
    if scope is None:
        return frozenset(ids)
    return frozenset(Child.objects.filter(scope, pk__in=ids).values_list("pk", flat=True))


def plans_for_child(child: Child) -> list[DirectWorkPlan]:
    """The plans `child` is on, newest first (two queries)."""
    plans = DirectWorkPlan.objects.filter(members__child=child).select_related("school")
    return list(
        with_session_counts(plans)
        .prefetch_related(members_by_reference())
        .order_by("-first_session_on", "-pk")
    )


def school_plan_counts(user: User) -> dict:
    """A school contact's dashboard: their schools' plans counted by status (one query),
    and the latest open ones (two queries)."""
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    plans = DirectWorkPlan.objects.filter(school__in=schools)
    counts = {row["status"]: row["n"] for row in plans.values("status").annotate(n=Count("pk"))}
    return {
        "by_status": [
            {"status": value, "label": label, "count": counts.get(value, 0)}
            for value, label in DirectWorkPlan.Status.choices
        ],
        "total": sum(counts.values()),
    }


def open_plans_for_school_contact(user: User, *, limit: int = 10) -> list[DirectWorkPlan]:
    schools = user.organisations_where(Role.SCHOOL_CONTACT)
    plans = DirectWorkPlan.objects.filter(school__in=schools, status__in=OPEN_STATUSES)
    return list(
        with_session_counts(plans.select_related("school"))
        .prefetch_related(members_by_reference())
        .order_by("first_session_on", "pk")[:limit]
    )


def student_plans(user: User, *, limit: int = 10) -> list[DirectWorkPlan]:
    """The student's plans in draft, agreed or active for children on their current
    work, without their children (one query; plans_for_student adds them)."""
    allocated = Allocation.objects.filter(allocation_current(), student=user).values("child")
    plans = DirectWorkPlan.objects.filter(
        status__in=(DirectWorkPlan.Status.DRAFT, *OPEN_STATUSES),
        pk__in=PlanChild.objects.filter(child__in=allocated).values("plan"),
    )
    return list(with_session_counts(plans).order_by("first_session_on", "pk")[:limit])


def plans_for_student(user: User, *, limit: int = 10) -> list[DirectWorkPlan]:
    """The student's plans in draft, agreed or active for children on their current work."""
    plans = student_plans(user, limit=limit)
    prefetch_related_objects(plans, members_by_reference())
    return plans


# --- who works on a plan's children --------------------------------------------------


def children_allocated_to(
    user: User, child_ids, *, as_role: str, on: date | None = None, current: bool = True
) -> set[int]:
    """Which of `child_ids` `user` is on an allocation for, as student or practice educator."""
    window = allocation_current(on) if current else allocation_window(on)
    field = "student" if as_role == Role.STUDENT else "practice_educator"
    return set(
        Allocation.objects.filter(window, child_id__in=list(child_ids), **{field: user})
        .values_list("child_id", flat=True)
        .distinct()
    )


def children_held_by_coordinated(user: User, child_ids) -> set[int]:
    """Which of `child_ids` have their record held by an organisation `user` co-ordinates."""
    hosts = user.organisations_where(Role.COORDINATOR)
    if not hosts:
        return set()
    return set(
        Child.objects.filter(pk__in=list(child_ids), held_by__in=hosts).values_list("pk", flat=True)
    )


def plannable_children(user: User) -> QuerySet[Child]:
    """Children `user` may put on a plan: held by an organisation they co-ordinate, or on
    current work they oversee (PE) or do (student); never a record merged into another."""
    if user.is_portal_admin:
        return (
            Child.objects.filter(merged_into__isnull=True)
            .select_related("school")
            .order_by("school__name", "reference")
        )
    current = Allocation.objects.filter(allocation_current())
    condition = NOTHING
    if user.has_role(Role.PRACTICE_EDUCATOR):
        condition |= Q(pk__in=current.filter(practice_educator=user).values("child"))
    if user.has_role(Role.STUDENT):
        condition |= Q(pk__in=current.filter(student=user).values("child"))
    hosts = user.organisations_where(Role.COORDINATOR)
    if hosts:
        condition |= Q(held_by__in=hosts)
    return (
        Child.objects.filter(condition, merged_into__isnull=True)
        .select_related("school")
        .order_by("school__name", "reference")
    )
