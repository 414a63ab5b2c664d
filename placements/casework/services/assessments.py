"""Writes to assessments (issue 6, requirement 8; issue 16, requirement 3).

`assessment_create` starts one (due 45 working days after the referral; a child
protection enquiry's initial conference 15 working days after its strategy
discussion),
`assessment_update` writes its sections while it is a draft, and
`assessment_transition` is the one function that changes its status
(transitions.assessments.ASSESSMENT_TRANSITIONS). Authorising locks it
(portal.locking): afterwards every change is refused with RecordLocked.
Notifications name the child by reference only.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.locking import RecordLocked, lock
from portal.permissions import require_object_permission
from portal.services import notify, notify_each
from portal.transitions import Transition, apply_transition
from portal.workingdays import WorkingDays

from ..models import Allocation, Assessment, Child
from ..models.assessments import ASSESSMENT_WORKING_DAYS, CONFERENCE_WORKING_DAYS
from ..rules.assessments import may_change_dates
from ..selectors import allocation_current
from ..selectors.assessments import due_notice
from ..selectors.requests import members
from ..transitions.assessments import ASSESSMENT_TRANSITIONS
from .enquiries import (
    KIND,
    conference_due_for,
    kind_errors,
    student_accountable_refusal,
)

SECTION_FIELDS = (
    "developmental_needs",
    "parenting_capacity",
    "family_environment",
    "child_voice",
    "analysis",
    "recommendation",
)
DATE_FIELDS = ("referral_date", "start_date")
# What the accountable social worker (or the manager) records about a child
# protection enquiry, with the dates.
KIND_FIELDS = ("kind", "strategy_discussion_on", "conference_held_on")

REASON_MESSAGES = {"return": "Enter what needs to change before the assessment is authorised."}


def assessment_url(assessment: Assessment) -> str:
    return reverse("casework:assessment_detail", args=[assessment.pk])


def _holds(user: User, organisation_id, role: str) -> bool:
    return any(o.pk == organisation_id for o in user.organisations_where(role))


def _date_errors(referral_date: date | None, start_date: date | None) -> dict[str, list[str]]:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if referral_date is None:
        errors["referral_date"] = ["Enter the date of the referral."]
    elif referral_date > today:
        errors["referral_date"] = ["The date of the referral must be today or in the past."]
    if start_date is None:
        errors["start_date"] = ["Enter the date the assessment started."]
    elif start_date > today:
        errors["start_date"] = ["The date the assessment started must be today or in the past."]
    elif referral_date is not None and start_date < referral_date:
        errors["start_date"] = [
            "The date the assessment started must be the same as or after the referral."
        ]
    return errors


def due_date_for(referral_date: date, calendar: WorkingDays | None = None) -> date:
    return (calendar or WorkingDays()).add(referral_date, ASSESSMENT_WORKING_DAYS)


@transaction.atomic
def assessment_create(
    *,
    by: User,
    child: Child,
    referral_date: date | None,
    start_date: date | None,
    social_worker: User | None,
    student: User | None = None,
    kind: str = KIND.CHILD_AND_FAMILY,
    strategy_discussion_on: date | None = None,
    conference_held_on: date | None = None,
) -> Assessment:
    """Start an assessment of `child` of `kind`, accountable to `social_worker`.

    Who: a team manager or co-ordinator of the organisation holding the child's
    record, one of its social workers (naming themself), or an administrator.
    A child protection enquiry (section 47) needs the date of its strategy
    discussion, and never has a student as its accountable worker.
    """
    if not by.is_authenticated:
        raise PermissionDenied("Sign in to start an assessment.")
    held_by = child.held_by_id
    manager = by.is_portal_admin or any(
        _holds(by, held_by, role) for role in (Role.TEAM_MANAGER, Role.COORDINATOR)
    )
    if not manager:
        if not _holds(by, held_by, Role.SOCIAL_WORKER):
            raise PermissionDenied(
                "Only a team manager, co-ordinator or social worker of the service holding "
                "the child's record can start an assessment."
            )
        if social_worker is not None and social_worker.pk != by.pk:
            raise PermissionDenied(
                "As a social worker you can start an assessment only with yourself as the "
                "accountable social worker."
            )
    errors = _date_errors(referral_date, start_date)
    errors.update(kind_errors(kind, referral_date, strategy_discussion_on, conference_held_on))
    student_refusal = social_worker is not None and student_accountable_refusal(kind, social_worker)
    if social_worker is None:
        errors["social_worker"] = ["Choose the accountable qualified social worker."]
    elif student_refusal:
        errors["social_worker"] = [student_refusal]
    elif not _holds(social_worker, held_by, Role.SOCIAL_WORKER):
        errors["social_worker"] = [
            f"{social_worker} is not a qualified social worker of {child.held_by}."
        ]
    if student is not None and not (
        Allocation.objects.filter(allocation_current(), child=child, student=student).exists()
    ):
        errors["student"] = [f"{student} has no current allocation of work with this child."]
    elif student is not None and social_worker is not None and student.pk == social_worker.pk:
        errors["student"] = ["The student co-worker cannot also be the accountable social worker."]
    if errors:
        raise ValidationError(errors)
    calendar = WorkingDays()
    section_47 = kind == KIND.SECTION_47
    assessment = Assessment(
        child=child,
        kind=kind,
        referral_date=referral_date,
        start_date=start_date,
        due_date=due_date_for(referral_date, calendar),
        strategy_discussion_on=strategy_discussion_on if section_47 else None,
        conference_due_on=(
            conference_due_for(strategy_discussion_on, calendar) if section_47 else None
        ),
        conference_held_on=conference_held_on if section_47 else None,
        social_worker=social_worker,
        student=student,
        created_by=by,
    )
    with acting_as(by):
        assessment.save()
    reference = child.reference
    url = assessment_url(assessment)
    body = _timescales(assessment)
    if social_worker.pk != by.pk:
        notify(
            user=social_worker,
            title=f"You are the accountable social worker for the assessment of {reference}",
            body=body,
            url=url,
            kind="assessments",
        )
    if student is not None:
        notify(
            user=student,
            title=f"You are co-working the assessment of {reference}",
            body=body,
            url=url,
            kind="assessments",
        )
    return assessment


def _timescales(assessment: Assessment) -> str:
    due = due_notice(assessment)
    if not assessment.is_section_47:
        return due
    return (
        f"Child protection enquiry: the initial child protection conference is due by "
        f"{long_date(assessment.conference_due_on)} ({CONFERENCE_WORKING_DAYS} working days "
        f"after the strategy discussion). {due}"
    )


def locked_assessment(assessment: Assessment) -> Assessment:
    row = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("child", "child__held_by", "social_worker", "student")
        .get(pk=assessment.pk)
    )
    if row.is_locked:
        raise RecordLocked("This assessment is authorised and locked, so it cannot be changed.")
    return row


@transaction.atomic
def assessment_update(*, by: User, assessment: Assessment, **sections) -> Assessment:
    """Write sections (and, for the social worker or manager, the dates, the kind and a
    child protection enquiry's strategy discussion and conference dates) of a draft."""
    unknown = set(sections) - set(SECTION_FIELDS) - set(DATE_FIELDS) - set(KIND_FIELDS)
    if unknown:
        raise TypeError(f"assessment_update() cannot take {', '.join(sorted(unknown))}")
    require_object_permission(by, assessment, scope="casework.view_assessment")
    assessment = locked_assessment(assessment)
    if by.pk not in (assessment.social_worker_id, assessment.student_id):
        raise PermissionDenied(
            "Only the accountable social worker and the student co-worker can write the assessment."
        )
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            "The assessment is waiting for authorisation: take it back to change it."
        )
    changed: list[str] = []
    errors: dict[str, list[str]] = {}
    dates = {name: sections[name] for name in (*DATE_FIELDS, *KIND_FIELDS) if name in sections}
    if dates and any(dates[name] != getattr(assessment, name) for name in dates):
        if not may_change_dates(by, assessment):
            raise PermissionDenied(
                "Only the accountable social worker or the team manager can change the dates "
                "and the kind of assessment."
            )
        referral = dates.get("referral_date", assessment.referral_date)
        start = dates.get("start_date", assessment.start_date)
        kind = dates.get("kind", assessment.kind)
        strategy = dates.get("strategy_discussion_on", assessment.strategy_discussion_on)
        held = dates.get("conference_held_on", assessment.conference_held_on)
        errors.update(_date_errors(referral, start))
        errors.update(kind_errors(kind, referral, strategy, held))
        if kind == KIND.SECTION_47 and assessment.kind != KIND.SECTION_47:
            refusal = student_accountable_refusal(kind, assessment.social_worker)
            if refusal:
                errors.setdefault("kind", []).append(refusal)
        if not errors:
            calendar = WorkingDays()
            section_47 = kind == KIND.SECTION_47
            assessment.referral_date = referral
            assessment.start_date = start
            assessment.due_date = due_date_for(referral, calendar)
            assessment.kind = kind
            assessment.strategy_discussion_on = strategy if section_47 else None
            assessment.conference_due_on = (
                conference_due_for(strategy, calendar) if section_47 else None
            )
            assessment.conference_held_on = held if section_47 else None
            changed += [*DATE_FIELDS, "due_date", *KIND_FIELDS, "conference_due_on"]
    recommendation = sections.get("recommendation")
    if recommendation and recommendation not in Assessment.Recommendation.values:
        errors["recommendation"] = ["Choose a recommendation from the list."]
    if errors:
        raise ValidationError(errors)
    for name in SECTION_FIELDS:
        if name in sections:
            setattr(assessment, name, (sections[name] or "").strip())
            changed.append(name)
    if changed:
        with acting_as(by):
            assessment.save(update_fields=changed)
    return assessment


def assessment_transition(
    *, assessment: Assessment, name: str, by: User, reason: str = ""
) -> Assessment:
    """Take the move `name` (submit, return, take_back, authorise) for `by`.

    Refused, nothing changes: out of scope (Http404), locked (RecordLocked), a
    move the status does not allow (TransitionNotAllowed), someone the
    move is not for (PermissionDenied), a missing reason or section (ValidationError).
    """
    if name in ASSESSMENT_TRANSITIONS:
        require_object_permission(by, assessment, scope="casework.view_assessment")

    def denial(transition: Transition, assessment: Assessment) -> str:
        if transition.name == "submit":
            return "Only the accountable qualified social worker can submit an assessment"
        return f"Only {transition.who_text} can do this."

    def record_dates(assessment: Assessment, transition: Transition, reason: str) -> list[str]:
        if transition.name == "submit":
            assessment.submitted_at = timezone.now()
            return ["submitted_at"]
        if transition.name == "authorise":
            assessment.authorised_by = by
            assessment.authorised_at = timezone.now()
            assessment.completed_on = timezone.localdate()
            return ["authorised_by", "authorised_at", "completed_on"]
        return []

    def lock_when_authorised(assessment: Assessment, transition: Transition) -> None:
        if transition.name == "authorise":
            lock(assessment)

    return apply_transition(
        table=ASSESSMENT_TRANSITIONS,
        record=assessment,
        name=name,
        by=by,
        reason=reason,
        lock=locked_assessment,
        refusal=lambda transition, assessment: (
            f"This assessment is {assessment.get_status_display().lower()}: "
            f"“{transition.label}” is not possible now."
        ),
        denial=denial,
        reason_message=lambda transition: REASON_MESSAGES.get(transition.name, "Enter the reason."),
        record_fields=record_dates,
        change_reason=lambda transition, reason: (
            f"{transition.name}: {reason}" if reason else transition.name
        ),
        after_save=lock_when_authorised,
        tell=lambda assessment, transition, previous, reason: _tell(
            assessment, transition.name, by, reason
        ),
    )


def _tell(assessment: Assessment, name: str, by: User, reason: str) -> None:
    reference = assessment.child.reference
    url = assessment_url(assessment)
    people: list[User] = []
    if name == "submit":
        title = f"The assessment of {reference} is waiting for authorisation"
        body = due_notice(assessment)
        people = members(assessment.child.held_by, Role.TEAM_MANAGER)
    elif name == "return":
        title = f"The assessment of {reference} was returned"
        body = f"What needs to change: {reason}"
        people = [assessment.social_worker]
    elif name == "take_back":
        title = f"The assessment of {reference} was taken back to change"
        body = "It is a draft again and will be submitted again."
        people = members(assessment.child.held_by, Role.TEAM_MANAGER)
    else:
        title = f"The assessment of {reference} is authorised"
        on_time = "on time" if assessment.on_time else "after the due date"
        body = f"Completed {long_date(assessment.completed_on)}, {on_time}."
        people = [assessment.social_worker]
    if name in ("return", "authorise") and assessment.student is not None:
        people.append(assessment.student)
    notify_each(people, by=by, title=title, body=body, url=url, kind="assessments")
