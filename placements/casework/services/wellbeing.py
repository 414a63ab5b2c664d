"""Recording a child's wellbeing measures at the first and last session.

One measure per plan, child, scale and point (first or last session). A second
one is refused: a mistake is put right with `wellbeing_correct`, which keeps
the earlier answers in the history, and only while the plan is still open.
The total is always computed from the answers (casework.measures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..measures import scale_for
from ..models import Child, DirectWorkPlan, DirectWorkSession, PlanChild, WellbeingMeasure

RECORDABLE_STATUSES = (DirectWorkPlan.Status.AGREED, DirectWorkPlan.Status.ACTIVE)


def _require_recorder(by: User, child: Child) -> None:
    require_object_permission(by, child, scope="casework.view_child")
    if not by.has_perm("casework.record_wellbeing", child):
        raise PermissionDenied(
            "Only the student or the practice educator on current work with the child "
            "can record their wellbeing measures."
        )


def _check_date(completed_on: date | None) -> None:
    if completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the child filled it in."})
    if completed_on > timezone.localdate():
        raise ValidationError(
            {"completed_on": "The date the child filled it in cannot be in the future."}
        )


def _check_session(plan: DirectWorkPlan, session: DirectWorkSession | None) -> None:
    if session is not None and session.plan_id != plan.pk:
        raise ValidationError({"session": "Choose a session of this plan."})


@transaction.atomic
def wellbeing_record(
    *,
    by: User,
    plan: DirectWorkPlan,
    child: Child,
    scale: str,
    point: str,
    answers: Sequence | Mapping,
    completed_on: date | None,
    session: DirectWorkSession | None = None,
) -> WellbeingMeasure:
    """Record the questionnaire `child` filled in at the first or last session of `plan`."""
    _require_recorder(by, child)
    plan = DirectWorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not PlanChild.objects.filter(plan=plan, child=child).exists():
        raise Http404("Not found")
    if plan.status not in RECORDABLE_STATUSES:
        if plan.is_closed:
            raise ValidationError("The plan is closed: no more wellbeing measures can be recorded.")
        raise ValidationError("Wellbeing measures are recorded once the plan is agreed.")
    definition = scale_for(scale)
    if point not in WellbeingMeasure.Point.values:
        raise ValidationError({"point": "Choose the first or the last session."})
    cleaned = definition.clean_answers(answers)
    _check_date(completed_on)
    _check_session(plan, session)
    existing = WellbeingMeasure.objects.filter(
        plan=plan, child=child, scale=definition.key, point=point
    ).first()
    if existing is not None:
        raise ValidationError(
            f"The {definition.short_name} for the "
            f"{WellbeingMeasure.Point(point).label.lower()} is already recorded for {child}. "
            "Correct it instead of recording it again."
        )
    measure = WellbeingMeasure(
        plan=plan,
        child=child,
        session=session,
        scale=definition.key,
        point=point,
        answers=cleaned,
        total=definition.total(cleaned),
        completed_on=completed_on,
        recorded_by=by,
    )
    try:
        with transaction.atomic(), acting_as(by):
            measure.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise ValidationError(
            f"The {definition.short_name} for this point is already recorded for {child}."
        ) from None
    return measure


@transaction.atomic
def wellbeing_correct(
    *,
    by: User,
    measure: WellbeingMeasure,
    answers: Sequence | Mapping,
    completed_on: date | None = None,
) -> WellbeingMeasure:
    """Put right the answers (and date) of a measure while its plan is open.

    The measure keeps its place (plan, child, scale, point); the earlier answers
    and total stay in its history.
    """
    measure = (
        WellbeingMeasure.objects.select_for_update()
        .select_related("plan", "child")
        .get(pk=measure.pk)
    )
    _require_recorder(by, measure.child)
    if measure.plan.is_closed:
        raise ValidationError(
            "The plan is closed: its wellbeing measures can no longer be corrected."
        )
    definition = scale_for(measure.scale)
    cleaned = definition.clean_answers(answers)
    completed_on = completed_on or measure.completed_on
    _check_date(completed_on)
    measure.answers = cleaned
    measure.total = definition.total(cleaned)
    measure.completed_on = completed_on
    with acting_as(by):
        measure.save()
    return measure
