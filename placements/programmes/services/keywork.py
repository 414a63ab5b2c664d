"""1-1 keywork (issue 18, requirement 4): the plan of goals, its reviews every 4
weeks, and the sessions held. Only the family's care co-ordinator (or a
co-ordinator of the provider) writes them, while the parent is on the programme.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission

from ..models import Enrolment, KeyworkGoal, KeyworkPlan, KeyworkSession

WORK_WITH_FAMILY = "programmes.work_with_family"
VIEW = "programmes.view_referral"
MAX_GOALS = 5


def _active(enrolment: Enrolment) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("referral")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            f"The parent's enrolment has ended ({enrolment.get_status_display().lower()}): "
            "keywork can no longer be recorded."
        )
    return enrolment


def _score(value, field: str, errors: dict) -> int | None:
    try:
        score = int(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append("Enter a score from 0 to 10")
        return None
    if not 0 <= score <= 10:
        errors.setdefault(field, []).append("Enter a score from 0 to 10")
        return None
    return score


def _not_future(day: date | None, field: str, label: str) -> None:
    if day is None:
        raise ValidationError({field: f"Enter the {label}"})
    if day > timezone.localdate():
        raise ValidationError({field: f"The {label} must be today or in the past"})


def keywork_plan_agree(*, enrolment: Enrolment, agreed_on: date, goals: list, by) -> KeyworkPlan:
    """The plan agreed with the parent: 1 to 5 goals in their words, each scored 0–10."""
    require_object_permission(by, enrolment, WORK_WITH_FAMILY, scope=VIEW)
    with transaction.atomic():
        enrolment = _active(enrolment)
        if KeyworkPlan.objects.filter(enrolment=enrolment).exists():
            raise ValidationError("A keywork plan is already agreed: review it instead.")
        _not_future(agreed_on, "agreed_on", "date the plan was agreed")
        if agreed_on < enrolment.starts_on:
            raise ValidationError(
                {
                    "agreed_on": "The plan cannot be agreed before the parent started, "
                    f"on {long_date(enrolment.starts_on)}"
                }
            )
        errors: dict = {}
        cleaned = []
        for text, score in goals or []:
            text = (text or "").strip()
            if not text:
                continue
            if len(text) > 300:
                errors.setdefault("goals", []).append("Each goal must be 300 characters or fewer")
            value = _score(score, "goals", errors)
            cleaned.append((text, value))
        if not cleaned:
            errors.setdefault("goals", []).append("Enter at least one goal")
        elif len(cleaned) > MAX_GOALS:
            errors.setdefault("goals", []).append(f"Enter at most {MAX_GOALS} goals")
        if errors:
            raise ValidationError(errors)
        with acting_as(by):
            plan = KeyworkPlan.objects.create(enrolment=enrolment, agreed_on=agreed_on)
            for text, score in cleaned:
                KeyworkGoal.objects.create(plan=plan, goal=text, score_start=score)
    return plan


def keywork_plan_review(*, plan: KeyworkPlan, reviewed_on: date, scores: dict, by) -> KeyworkPlan:
    """A review: each goal scored again (0–10); the next review is due 4 weeks later."""
    require_object_permission(by, plan.enrolment, WORK_WITH_FAMILY, scope=VIEW)
    with transaction.atomic():
        _active(plan.enrolment)
        plan = KeyworkPlan.objects.select_for_update().get(pk=plan.pk)
        _not_future(reviewed_on, "reviewed_on", "review date")
        since = plan.last_reviewed_on or plan.agreed_on
        if reviewed_on < since:
            raise ValidationError(
                {"reviewed_on": f"The review date must be on or after {long_date(since)}"}
            )
        goals = list(plan.goals.all())
        given = {str(key): value for key, value in (scores or {}).items()}
        errors: dict = {}
        cleaned = {}
        for goal in goals:
            field = f"score_{goal.pk}"
            if given.get(str(goal.pk)) in (None, ""):
                errors.setdefault(field, []).append("Enter a score from 0 to 10")
                continue
            cleaned[goal.pk] = _score(given[str(goal.pk)], field, errors)
        if set(given) - {str(goal.pk) for goal in goals}:
            errors.setdefault("scores", []).append("A score was given for a goal not on the plan")
        if errors:
            raise ValidationError(errors)
        with acting_as(by):
            for goal in goals:
                goal.score_review = cleaned[goal.pk]
                goal.save(update_fields=["score_review"])
            plan.last_reviewed_on = reviewed_on
            plan.save(update_fields=["last_reviewed_on"])
    return plan


def keywork_session_record(
    *, enrolment: Enrolment, held_on: date, mode: str, attended: bool, note: str = "", by
) -> KeyworkSession:
    require_object_permission(by, enrolment, WORK_WITH_FAMILY, scope=VIEW)
    with transaction.atomic():
        enrolment = _active(enrolment)
        _not_future(held_on, "held_on", "date of the session")
        if not enrolment.starts_on <= held_on <= enrolment.ends_on:
            raise ValidationError(
                {
                    "held_on": "The date must be within the programme, from "
                    f"{long_date(enrolment.starts_on)} to {long_date(enrolment.ends_on)}"
                }
            )
        if mode not in KeyworkSession.Mode.values:
            raise ValidationError({"mode": "Select face to face or by phone"})
        with acting_as(by):
            return KeyworkSession.objects.create(
                enrolment=enrolment,
                held_on=held_on,
                mode=mode,
                attended=bool(attended),
                note=(note or "").strip(),
                recorded_by=by,
            )
