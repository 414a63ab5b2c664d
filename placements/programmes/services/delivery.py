"""Enrolment (issue 18, requirement 4): joining the programme and leaving it.

- `enrolment_create`: an accepted referral becomes an enrolment with a start date
  (rolling entry) and the strand rule applied (selectors.delivery.strand_for).
- `enrolment_end`: at the end date the completion rule decides "completed" or
  "did not complete" from the figures (a share of the sessions offered).
- `enrolment_leave`: the parent left early, with the reason.
Status moves go through programmes.transitions.ENROLMENT_TRANSITIONS and the one
engine (portal.transitions.apply_transition). Group sessions, registers and the
creche are in services.groups; keywork in services.keywork.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.transitions import apply_transition

from ..models import Enrolment, Referral
from ..selectors.delivery import Figures, attendance_of, ends_on_for, strand_for
from ..transitions import ENROLMENT_TRANSITIONS
from .outcomes import outcome_checks_open, outcome_checks_schedule

WORK_WITH_FAMILY = "programmes.work_with_family"
VIEW = "programmes.view_referral"
LATEST_BACKDATE = timedelta(weeks=4)  # a start date may be recorded up to 4 weeks late


def enrolment_create(*, referral: Referral, starts_on: date | None, by) -> Enrolment:
    """Enrol the accepted parent from `starts_on`: the strand for them if it is
    running now, otherwise keywork only with the reason in plain words."""
    require_object_permission(by, referral, WORK_WITH_FAMILY, scope=VIEW)
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=referral.pk)
        )
        if referral.programme.runs_in_runs:
            raise ValidationError(
                f"Families join {referral.programme.name} by a place on one of its runs, "
                "not by enrolment from a start date."
            )
        if Enrolment.objects.filter(referral=referral).exists():
            raise ValidationError("This parent is already enrolled on the programme.")
        if referral.status != Referral.Status.ACCEPTED:
            raise ValidationError(
                "Only an accepted referral can be enrolled: this referral is "
                f"{referral.get_status_display().lower()}."
            )
        today = timezone.localdate()
        if starts_on is None:
            raise ValidationError({"starts_on": "Enter the start date"})
        if starts_on < today - LATEST_BACKDATE:
            raise ValidationError(
                {
                    "starts_on": "The start date must be no more than 4 weeks ago "
                    f"(on or after {long_date(today - LATEST_BACKDATE)})"
                }
            )
        choice = strand_for(referral)
        enrolment = Enrolment(
            referral=referral,
            programme=referral.programme,
            starts_on=starts_on,
            ends_on=ends_on_for(referral.programme, starts_on),
            strand=choice.strand,
            keywork_only_reason=choice.keywork_only_reason,
            created_by=by,
        )
        with acting_as(by):
            enrolment.save()
        outcome_checks_open(enrolment=enrolment, by=by)
    return enrolment


def completion_move(enrolment: Enrolment, figures: Figures) -> str:
    """The move the completion rule gives: "complete" or "not_complete"."""
    return "complete" if figures.meets(enrolment.programme.completion_percent) else "not_complete"


def completion_message(enrolment: Enrolment, figures: Figures) -> str:
    """'The parent attended 20 of 26 sessions (77%); the programme asks for 75%.'"""
    return f"The parent {figures.summary(enrolment.programme.completion_percent)}."


def _figures_written(figures: Figures, ended_on: date, reason: str = ""):
    def record_fields(record, transition, _reason):
        record.sessions_offered = figures.offered
        record.sessions_attended = figures.attended
        record.ended_on = ended_on
        fields = ["sessions_offered", "sessions_attended", "ended_on"]
        if reason:
            record.end_reason = reason
            fields.append("end_reason")
        return fields

    return record_fields


def _guard_in_scope(by):
    def guard(record):
        require_object_permission(by, record, scope=VIEW)

    return guard


def enrolment_end(*, enrolment: Enrolment, by) -> Enrolment:
    """At the end date: completed when the parent attended at least the programme's
    share of the sessions offered, otherwise did not complete. Writes the figures
    the rule used and schedules the children's outcome checks."""
    with transaction.atomic():
        figures = attendance_of(enrolment, on=enrolment.ends_on)
        enrolment = apply_transition(
            table=ENROLMENT_TRANSITIONS,
            record=enrolment,
            name=completion_move(enrolment, figures),
            by=by,
            guard=_guard_in_scope(by),
            record_fields=_figures_written(figures, enrolment.ends_on),
        )
        outcome_checks_schedule(enrolment=enrolment, by=by)
    return enrolment


def enrolment_leave(*, enrolment: Enrolment, reason: str, by) -> Enrolment:
    """The parent left early: today is the end date; the figures so far are kept."""
    today = timezone.localdate()
    with transaction.atomic():
        figures = attendance_of(enrolment, on=today)
        enrolment = apply_transition(
            table=ENROLMENT_TRANSITIONS,
            record=enrolment,
            name="leave",
            by=by,
            reason=reason,
            guard=_guard_in_scope(by),
            reason_message="Enter why the parent left the programme",
            record_fields=_figures_written(figures, today, (reason or "").strip()),
        )
        outcome_checks_schedule(enrolment=enrolment, by=by)
    return enrolment
