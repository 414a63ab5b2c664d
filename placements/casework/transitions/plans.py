"""The transition table of direct-work plans (shape: portal.transitions).

    draft → agreed (the school, each child and a parent of each child agreed;
        the plan's weekly sessions are generated)
    agreed → active (the first held session is logged, or started by hand;
        the same check again: a plan cannot become active before all three
        agreements are recorded)
    active → completed (the closure of every child is recorded)
    draft / agreed / active → closed early (with a reason)

The one function that applies a move is services.plan_status.plan_transition.
"""

from __future__ import annotations

from portal.transitions import Transition

from ..models import DirectWorkPlan
from ..rules.plans import leads_plan, works_on_plan
from ..services.closure import closure_problems


def agreements_missing(plan: DirectWorkPlan) -> list[str]:
    """Each agreement still to record (school, every child, a parent of every child)."""
    problems: list[str] = []
    if not plan.school_agreed_on:
        problems.append("Record the date the school agreed to the plan.")
    elif not plan.school_agreed_by.strip():
        problems.append("Record who agreed to the plan for the school.")
    members = list(plan.members.select_related("child").order_by("child__reference"))
    if not members:
        problems.append("The plan has no children on it.")
    for member in members:
        who = member.child
        if not member.child_agreed_on:
            problems.append(f"Record the date {who} agreed to the plan.")
        if not member.parent_agreed_on:
            problems.append(f"Record the date a parent of {who} agreed to the plan.")
        elif not member.parent_agreed_by.strip():
            problems.append(f"Record which parent of {who} agreed to the plan.")
    return problems


def closure_recorded(plan: DirectWorkPlan) -> list[str]:
    return closure_problems(plan)


P = DirectWorkPlan.Status

PLAN_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="agree",
            done_message="You marked the plan as agreed.",
            label="Mark the plan as agreed",
            sources=frozenset({P.DRAFT}),
            target=P.AGREED,
            who=leads_plan,
            who_text="a co-ordinator holding the children's records or the practice educator "
            "overseeing the work",
            explanation="The plan is agreed by the school, each child and a parent of each "
            "child. Its weekly sessions are added, ready for the student to log.",
            checks=(agreements_missing,),
        ),
        Transition(
            name="start",
            done_message="You started the work on the plan.",
            label="Start the work",
            sources=frozenset({P.AGREED}),
            target=P.ACTIVE,
            who=works_on_plan,
            who_text="the student, the practice educator or a co-ordinator on the work",
            explanation="The work is under way. Logging the first held session starts it too.",
            checks=(agreements_missing,),
        ),
        Transition(
            name="complete",
            done_message="You completed the plan.",
            label="Complete the plan",
            sources=frozenset({P.ACTIVE}),
            target=P.COMPLETED,
            who=leads_plan,
            who_text="a co-ordinator holding the children's records or the practice educator "
            "overseeing the work",
            explanation="The work is finished. Sessions not logged stay as planned, and the "
            "plan can no longer be changed.",
            checks=(closure_recorded,),
        ),
        Transition(
            name="close_early",
            done_message="You closed the plan early.",
            label="Close the plan early",
            sources=frozenset({P.DRAFT, P.AGREED, P.ACTIVE}),
            target=P.CLOSED_EARLY,
            who=leads_plan,
            who_text="a co-ordinator holding the children's records or the practice educator "
            "overseeing the work",
            explanation="The work stops before all its sessions. The reason is kept on the "
            "plan, and no more sessions can be logged.",
            needs_reason=True,
            warning=True,
        ),
    )
}

# Moves taken from a confirmation page (the others are a button on the plan page).
CONFIRMED = frozenset({"complete", "close_early"})
