"""Set-ups for plan and session tests: children on one placement's allocated work,
a plan for them (optionally agreed, with its sessions), and the people involved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from placements.casework.models import (
    Allocation,
    Child,
    DirectWorkPlan,
    DirectWorkSession,
    PlanChild,
    Theme,
)
from placements.casework.services.sessions import sessions_generate
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    ChildFactory,
    PlanChildFactory,
    PlanFactory,
    PlanGoalFactory,
)
from tests.factories import user_with_role


def last_weekday(before: date | None = None) -> date:
    """The latest Monday-to-Friday on or before `before` (today by default)."""
    day = before or timezone.localdate()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def next_weekday(after: date) -> date:
    day = after
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def a_theme(name: str = "Online safety") -> Theme:
    theme = Theme.objects.filter(name=name).first()
    return theme or Theme.objects.create(name=name, is_active=True)


@dataclass
class Work:
    children: list[Child]
    allocations: list[Allocation]
    plan: DirectWorkPlan | None

    @property
    def student(self):
        return self.allocations[0].student

    @property
    def educator(self):
        return self.allocations[0].practice_educator

    @property
    def placement(self):
        return self.allocations[0].placement

    @property
    def coordinator(self):
        return user_with_role(Role.COORDINATOR, self.children[0].held_by)

    def school_contact(self):
        return user_with_role(Role.SCHOOL_CONTACT, self.children[0].school)

    def sessions(self) -> list[DirectWorkSession]:
        return list(self.plan.sessions.order_by("number"))


def agree(plan: DirectWorkPlan, on: date | None = None) -> None:
    on = on or timezone.localdate() - timedelta(days=1)
    DirectWorkPlan.objects.filter(pk=plan.pk).update(
        school_agreed_on=on, school_agreed_by="Ms Patel, deputy head"
    )
    PlanChild.objects.filter(plan=plan).update(
        child_agreed_on=on, parent_agreed_on=on, parent_agreed_by="Mother"
    )
    plan.refresh_from_db()


def work_with(
    n_children: int = 1,
    *,
    status: str | None = DirectWorkPlan.Status.DRAFT,
    agreed: bool = False,
    with_sessions: bool = False,
    first_session_on: date | None = None,
    planned_sessions: int = 6,
    **first_child,
) -> Work:
    """`n_children` children of one school on one student's current work, and (unless
    status is None) a plan for them with a goal each and one theme."""
    first = ChildFactory(**first_child)
    children = [first] + [
        ChildFactory(school=first.school, held_by=first.held_by) for _ in range(n_children - 1)
    ]
    allocations = [AllocationFactory(child=first)]
    for child in children[1:]:
        allocations.append(AllocationFactory(child=child, placement=allocations[0].placement))
    plan = None
    if status is not None:
        plan = PlanFactory(
            school=first.school,
            format=DirectWorkPlan.Format.GROUP
            if n_children > 1
            else DirectWorkPlan.Format.ONE_TO_ONE,
            status=status,
            planned_sessions=planned_sessions,
            first_session_on=first_session_on or last_weekday() - timedelta(days=14),
            created_by=allocations[0].practice_educator,
        )
        plan.themes.add(a_theme())
        for child in children:
            member = PlanChildFactory(plan=plan, child=child)
            PlanGoalFactory(member=member, text="I want to feel calmer at playtime")
        if agreed:
            agree(plan)
        if with_sessions:
            sessions_generate(plan=plan, by=allocations[0].practice_educator)
    return Work(children=children, allocations=allocations, plan=plan)
