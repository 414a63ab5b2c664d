"""Closing a child's direct work: what must be recorded before a plan completes.

The end-of-work summary, the child's faces-scale feedback and each goal's
outcome are recorded per child (PlanChild, PlanGoal); the plan's `complete`
transition refuses while `closure_problems` lists anything missing.
"""

from __future__ import annotations

from ..models import DirectWorkPlan


def closure_problems(plan: DirectWorkPlan) -> list[str]:
    """What is still missing before `plan` can be completed, child by child."""
    problems: list[str] = []
    members = plan.members.select_related("child").prefetch_related("goals")
    for member in members:
        who = member.child.initials
        if not member.closure_summary.strip():
            problems.append(f"Write the end-of-work summary for {who}.")
        if member.faces_rating is None:
            problems.append(f"Record how {who} felt about the sessions on the faces scale.")
        goals = list(member.goals.all())
        if not goals:
            problems.append(f"{who} has no goals on the plan.")
        missing = [g for g in goals if not g.outcome]
        if missing:
            problems.append(
                f"Record an outcome (met, partly met or not met) for each of {who}'s goals: "
                f"{len(missing)} still to record."
            )
    return problems
