"""Reviews of a placement: the midpoint review here, and what the final report
(services/final_report.py) and the panel (services/panel.py) share with it.

    active → midpoint review recorded (the `review_midpoint` move)
    midpoint reviewed → final report written (a draft) → signed by the practice
        educator (the `submit_final_report` move) → student's comment →
        countersigned by the tutor
    final report countersigned → practice assessment panel:
        ratified → the `pass` or `fail` move, as the report recommends
        deferred → no change; a later sitting decides
        referred → the report opens again: its signatures are cleared, the
            practice educator revises and signs it again, the student may
            change their comment, the tutor countersigns again, and a later
            sitting decides (the status stays "final report submitted")

Each status move goes through placements.services.lifecycle.placement_transition
with the record just written, in the same transaction: a refusal anywhere
writes nothing. Signatures use the one mechanism in portal.signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.services import notifications_done_for, notify

from ..models import (
    Capability,
    CapabilityRating,
    FinalReport,
    MidpointProgress,
    MidpointReview,
    Placement,
    ReviewAction,
)
from ..selectors.review import pcf_domains
from .anonymisation import anonymisation_errors
from .lifecycle import locked_placement, people_on, placement_transition

Status = Placement.Status
PE = str(FinalReport.Capacity.PRACTICE_EDUCATOR)
TUTOR = str(FinalReport.Capacity.TUTOR)

# The report is written (and, after a referral, revised) in these statuses.
REPORT_STATUSES = frozenset({Status.MIDPOINT_REVIEWED, Status.FINAL_REPORT_SUBMITTED})
RATINGS = frozenset(CapabilityRating.values)


@dataclass(frozen=True)
class DomainProgress:
    """Progress in one PCF domain at the midpoint review."""

    capability: Capability
    rating: str
    comment: str = ""


@dataclass(frozen=True)
class ActionItem:
    """One item of the midpoint review's action plan."""

    description: str
    owner: User | None
    due_on: date | None


@dataclass(frozen=True)
class DomainAssessment:
    """The final report's holistic assessment of one PCF domain."""

    capability: Capability
    rating: str
    assessment: str


# --- Shared -----------------------------------------------------------------------


def status_phrase(placement: Placement) -> str:
    return placement.get_status_display().lower()


def tell_people(
    placement: Placement, *, by: User, title: str, body: str, url: str, only=None
) -> None:
    """Notify the people on the placement (or `only` those), never the person acting."""
    people = people_on(placement) if only is None else only
    told = set()
    for person in people:
        if person is None or person.pk == by.pk or person.pk in told:
            continue
        told.add(person.pk)
        notify(user=person, title=title[:200], body=body, url=url, kind="reviews")


def check_domains(
    rows: Sequence[DomainProgress | DomainAssessment], field: str, what: str
) -> list[str]:
    """Every domain of the current PCF once, and nothing else; a problem per sentence."""
    domains = pcf_domains()
    if not domains:
        return [
            "No current version of the Professional Capabilities Framework is set up: an "
            "administrator must publish one first."
        ]
    known = {domain.pk: domain for domain in domains}
    problems = []
    seen: set[int] = set()
    for row in rows:
        capability_id = getattr(row.capability, "pk", None)
        if capability_id not in known:
            problems.append(f"“{row.capability}” is not a domain of the current PCF.")
        elif capability_id in seen:
            problems.append(f"{known[capability_id].title} is given twice.")
        seen.add(capability_id)
        if row.rating not in RATINGS and capability_id in known:
            problems.append(f"Choose the {what} for {known[capability_id].title}.")
    missing = [domain.title for domain in domains if domain.pk not in seen]
    if missing:
        problems.append(f"Give the {what} for every PCF domain. Missing: {', '.join(missing)}.")
    return problems


def name_errors(
    placement: Placement,
    errors: dict[str, list[str]],
    texts: dict[str, str],
    *,
    rows: Sequence[DomainProgress | DomainAssessment] = (),
    text_name: str = "comment",
    actions: Sequence[ActionItem] = (),
) -> None:
    """Add the anonymisation guard's refusals to `errors`, on the fields the review
    forms name: `comment_3` / `assessment_3` per domain, `action_1_description`."""
    labels = {}
    for row in rows:
        field = f"{text_name}_{getattr(row.capability, 'number', '')}"
        texts[field] = getattr(row, text_name)
        labels[field] = f"{text_name} on {getattr(row.capability, 'title', 'a domain')}"
    for number, action in enumerate(actions, start=1):
        texts[f"action_{number}_description"] = action.description
        labels[f"action_{number}_description"] = f"description of action {number}"
    guard = anonymisation_errors(placement=placement, texts=texts, labels=labels)
    for field, message in guard.items():
        errors.setdefault(field, []).append(message)


# --- Midpoint review ----------------------------------------------------------------


def _midpoint_url(placement: Placement) -> str:
    return reverse("placements:midpoint_review", args=[placement.pk])


def _check_review_date(placement: Placement, held_on: date | None) -> str | None:
    if held_on is None:
        return "Enter the date of the review."
    if held_on > timezone.localdate():
        return "The date of the review cannot be in the future."
    if not placement.starts_on <= held_on <= placement.ends_on:
        return (
            f"The review must take place during the placement, between "
            f"{long_date(placement.starts_on)} and {long_date(placement.ends_on)}."
        )
    return None


def _check_actions(
    placement: Placement, actions: Sequence[ActionItem], held_on: date | None
) -> list[str]:
    allowed = {person.pk for person in people_on(placement)}
    problems = []
    for number, action in enumerate(actions, start=1):
        if not (action.description or "").strip():
            problems.append(f"Action {number}: enter what is to be done.")
        if action.owner is None:
            problems.append(f"Action {number}: choose who owns it.")
        elif action.owner.pk not in allowed:
            problems.append(
                f"Action {number}: the person chosen is not on this placement. The owner must "
                "be the student, the practice educator, the on-site supervisor or the tutor."
            )
        if action.due_on is None:
            problems.append(f"Action {number}: enter the due date.")
        elif held_on is not None and action.due_on < held_on:
            problems.append(f"Action {number}: the due date cannot be before the review.")
    return problems


@transaction.atomic
def midpoint_review_record(
    *,
    placement: Placement,
    by: User,
    held_on: date | None,
    attendees: str,
    outcome: str,
    summary: str = "",
    progress: Sequence[DomainProgress],
    actions: Sequence[ActionItem] = (),
) -> MidpointReview:
    """The practice educator records the midpoint review of an active placement.

    Progress is given for each of the current PCF's domains; a review with
    concerns needs at least one action. The review, its progress and its action
    plan are saved and the placement moves to "midpoint reviewed" in one
    transaction; the people on the placement are told once, by the move.
    """
    placement = locked_placement(placement.pk)
    if not by.has_perm("placements.record_midpoint_review", placement):
        raise PermissionDenied("Only the practice educator records the midpoint review.")
    if MidpointReview.objects.filter(placement=placement).exists():
        raise ValidationError("The midpoint review of this placement is already recorded.")
    if placement.status != Status.ACTIVE:
        raise ValidationError(
            "The midpoint review is recorded while the placement is active; this placement is "
            f"{status_phrase(placement)}."
        )
    attendees = (attendees or "").strip()
    summary = (summary or "").strip()
    errors: dict[str, list[str]] = {}
    problem = _check_review_date(placement, held_on)
    if problem:
        errors["held_on"] = [problem]
    if not attendees:
        errors["attendees"] = ["Enter who attended the review."]
    if outcome not in MidpointReview.Outcome.values:
        errors["outcome"] = ["Choose whether progress is satisfactory or there are concerns."]
    problems = check_domains(progress, "progress", "progress")
    if problems:
        errors["progress"] = problems
    problems = _check_actions(placement, actions, None if problem else held_on)
    if outcome == MidpointReview.Outcome.CONCERNS and not actions:
        problems.append(
            "A review with concerns needs an action plan: add at least one action, with its "
            "owner and due date."
        )
    if problems:
        errors["actions"] = problems
    name_errors(
        placement,
        errors,
        {"attendees": attendees, "summary": summary},
        rows=progress,
        actions=actions,
    )
    if errors:
        raise ValidationError(errors)

    with acting_as(by):
        review = MidpointReview.objects.create(
            placement=placement,
            held_on=held_on,
            attendees=attendees,
            outcome=outcome,
            summary=summary,
            recorded_by=by,
        )
        for row in progress:
            MidpointProgress.objects.create(
                review=review,
                capability=row.capability,
                rating=row.rating,
                comment=(row.comment or "").strip(),
            )
        for action in actions:
            ReviewAction.objects.create(
                review=review,
                description=action.description.strip(),
                owner=action.owner,
                due_on=action.due_on,
            )
    placement_transition(placement=placement, name="review_midpoint", by=by, record=review)
    notifications_done_for(user=by, url=_midpoint_url(placement))  # "hold the review"
    return review


@transaction.atomic
def review_action_complete(*, action: ReviewAction, by: User) -> ReviewAction:
    """The action's owner or the practice educator marks an action of the plan done."""
    action = (
        ReviewAction.objects.select_for_update().select_related("review", "owner").get(pk=action.pk)
    )
    placement = locked_placement(action.review.placement_id)
    action.review.placement = placement
    if not by.has_perm("placements.complete_review_action", action):
        raise PermissionDenied("Only the owner of the action or the practice educator can do this.")
    if action.done_at is not None:
        raise ValidationError("This action is already marked as done.")
    if placement.status in Placement.FINISHED_STATUSES:
        raise ValidationError(
            f"The placement is {status_phrase(placement)}: its action plan can no longer change."
        )
    action.done_at = timezone.now()
    with acting_as(by):
        action.save(update_fields=["done_at"])
    tell_people(
        placement,
        by=by,
        title="Action done on the midpoint review's action plan",
        body=f"{by} marked an action of the midpoint review's plan as done: {action.description}",
        url=_midpoint_url(placement),
        only=[action.owner, placement.practice_educator],
    )
    return action
