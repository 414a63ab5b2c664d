"""Closing a child's direct work: what must be recorded before a plan completes.

The end-of-work summary, the child's faces-scale feedback and each goal's
outcome are recorded per child (PlanChild, PlanGoal); the plan's `complete`
transition refuses while `closure_problems` lists anything missing.
`closure_record` records all of it for one child at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..models import DirectWorkPlan, PlanChild, PlanGoal


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


# --- recording a child's closure -----------------------------------------------------


@transaction.atomic
def closure_record(
    *,
    by: User,
    member: PlanChild,
    summary: str,
    faces_rating: int | None,
    child_feedback: str = "",
    goal_outcomes: Mapping[int, str],
) -> PlanChild:
    """Record the end of `member`'s work: the summary for the school and parents,
    how the child felt (faces scale), what they said, and each goal's outcome.

    The student or PE on current work with the child records it while the plan
    is active; it can be recorded again (corrected) until the plan completes.
    `goal_outcomes` maps each of the child's goal ids to met / partly / not_met.
    """
    member = (
        PlanChild.objects.select_for_update()
        .select_related("plan", "child")
        .filter(pk=member.pk)
        .first()
    )
    if member is None:
        raise Http404("Not found")
    require_object_permission(by, member.child, scope="casework.view_child")
    if not by.has_perm("casework.record_closure", member):
        raise PermissionDenied(
            "Only the student or the practice educator on current work with the child "
            "can record the end of the work."
        )
    if member.plan.status != DirectWorkPlan.Status.ACTIVE:
        raise ValidationError(
            "The end of the work is recorded while the plan is active "
            f"(this plan is {member.plan.get_status_display().lower()})."
        )
    errors: dict[str, list[str]] = {}
    summary = (summary or "").strip()
    child_feedback = (child_feedback or "").strip()
    if not summary:
        errors["summary"] = ["Write the end-of-work summary for the school and parents."]
    if faces_rating in (None, ""):
        errors["faces_rating"] = [
            "Choose the face that shows how the child felt about the sessions."
        ]
    else:
        try:
            faces_rating = int(faces_rating)
        except (TypeError, ValueError):
            faces_rating = 0
        if faces_rating not in PlanChild.Faces.values:
            errors["faces_rating"] = ["Choose one of the five faces."]
    goals = list(PlanGoal.objects.select_for_update().filter(member=member))
    if not goals:
        errors.setdefault("__all__", []).append("The child has no goals on the plan.")
    outcomes = {int(key): value for key, value in (goal_outcomes or {}).items()}
    unknown = set(outcomes) - {goal.pk for goal in goals}
    if unknown:
        errors.setdefault("__all__", []).append(
            "An outcome was given for a goal not on this child's plan."
        )
    for goal in goals:
        outcome = outcomes.get(goal.pk) or ""
        if outcome not in PlanGoal.Outcome.values:
            errors[f"goal_{goal.pk}"] = [
                f"Choose met, partly met or not met for the goal \u201c{goal.text}\u201d."
            ]
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        for goal in goals:
            if goal.outcome != outcomes[goal.pk]:
                goal.outcome = outcomes[goal.pk]
                goal.save(update_fields=["outcome"])
        member.closure_summary = summary
        member.faces_rating = faces_rating
        member.child_feedback = child_feedback
        member.closed_at = member.closed_at or timezone.now()
        member.save()
    return member
