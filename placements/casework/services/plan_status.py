"""The one function that changes a direct-work plan's status (`plan_transition`),
and telling the people on the work."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.services import notifications_done_for, notify
from portal.transitions import Transition, apply_transition

from ..models import Allocation, DirectWorkPlan
from ..selectors import allocation_current
from ..transitions.plans import PLAN_TRANSITIONS
from .plans import locked_plan, references


def plan_transition(
    *, plan: DirectWorkPlan, name: str, by: User, reason: str = ""
) -> DirectWorkPlan:
    """Take the move `name` (transitions.plans.PLAN_TRANSITIONS) on `plan` for `by`.

    Refused (nothing changes): outside `by`'s scope (Http404), a move the table
    does not allow from the status (TransitionNotAllowed), someone the move is
    not for (PermissionDenied), a missing reason or failed check
    (ValidationError listing every problem). Agreeing generates the weekly
    sessions; the people on the work are told.
    """
    from .sessions import sessions_generate

    def record_closing(plan: DirectWorkPlan, transition: Transition, reason: str) -> list[str]:
        if transition.target == DirectWorkPlan.Status.CLOSED_EARLY:
            plan.closed_reason = reason
            plan.closed_at = timezone.now()
            return ["closed_reason", "closed_at"]
        if transition.target == DirectWorkPlan.Status.COMPLETED:
            plan.closed_at = timezone.now()
            return ["closed_at"]
        return []

    def generate_sessions(plan: DirectWorkPlan, transition: Transition) -> None:
        if transition.target == DirectWorkPlan.Status.AGREED:
            sessions_generate(plan=plan, by=by)

    def tell(plan: DirectWorkPlan, transition: Transition, previous: str, reason: str) -> None:
        if transition.name == "agree":  # "agree the plan" is done for the person who did
            notifications_done_for(user=by, url=reverse("casework:plan_detail", args=[plan.pk]))
        _tell(plan, transition.name, by=by)

    return apply_transition(
        table=PLAN_TRANSITIONS,
        record=plan,
        name=name,
        by=by,
        reason=reason,
        lock=locked_plan,
        guard=lambda plan: require_object_permission(by, plan, scope="casework.view_plan"),
        refusal=lambda transition, plan: (
            f"“{transition.label}” is not possible while the plan is "
            f"{plan.get_status_display().lower()}."
        ),
        record_fields=record_closing,
        after_save=generate_sessions,
        tell=tell,
    )


_TELL = {
    "agree": "The plan was agreed by {by}: its {n} weekly sessions start on {first}.",
    "start": "The work has started.",
    "complete": "{by} completed the plan.",
    "close_early": "{by} closed the plan early. The reason is on the plan.",
}


def people_on_plan(plan: DirectWorkPlan) -> list[User]:
    """The students and practice educators on current work with the plan's children."""
    allocations = Allocation.objects.filter(
        allocation_current(), child__plan_memberships__plan=plan
    ).select_related("student", "practice_educator")
    people: dict[int, User] = {}
    for allocation in allocations:
        people[allocation.student_id] = allocation.student
        people[allocation.practice_educator_id] = allocation.practice_educator
    return list(people.values())


def _tell(plan: DirectWorkPlan, name: str, *, by: User) -> None:
    children = [m.child for m in plan.members.select_related("child").order_by("child__reference")]
    status = plan.get_status_display().lower()
    title = f"The direct-work plan for {references(children)} is {status}"
    # Never free text in a notification: it may name a child.
    body = _TELL[name].format(
        by=by, n=plan.planned_sessions, first=long_date(plan.first_session_on)
    )
    url = reverse("casework:plan_detail", args=[plan.pk])
    for person in people_on_plan(plan):
        if person.pk != by.pk:
            notify(
                user=person,
                title=title,
                body=body,
                url=url,
                email=name != "start",
                kind="casework",
            )
