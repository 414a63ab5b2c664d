"""Reviews of a placement: the midpoint review, the final report and the panel.

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

from portal import signatures
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.models import Signature
from portal.services import notify

from ..models import (
    Capability,
    CapabilityRating,
    FinalAssessment,
    FinalReport,
    MidpointProgress,
    MidpointReview,
    PanelDecision,
    Placement,
    ReviewAction,
)
from ..selectors.review import pcf_domains
from .anonymisation import anonymisation_errors, refuse_child_names
from .lifecycle import people_on, placement_transition

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


def _locked_placement(pk: int) -> Placement:
    """The placement, locked until the transaction ends, so two people recording at
    once are serialised and the second sees the first's result."""
    return Placement.objects.select_for_update(of=("self",)).with_people().get(pk=pk)


def _status_phrase(placement: Placement) -> str:
    return placement.get_status_display().lower()


def _tell(placement: Placement, *, by: User, title: str, body: str, url: str, only=None) -> None:
    """Notify the people on the placement (or `only` those), never the person acting."""
    people = people_on(placement) if only is None else only
    told = set()
    for person in people:
        if person is None or person.pk == by.pk or person.pk in told:
            continue
        told.add(person.pk)
        notify(user=person, title=title[:200], body=body, url=url)


def _check_domains(
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


def _name_errors(
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
    placement = _locked_placement(placement.pk)
    if not by.has_perm("placements.record_midpoint_review", placement):
        raise PermissionDenied("Only the practice educator records the midpoint review.")
    if MidpointReview.objects.filter(placement=placement).exists():
        raise ValidationError("The midpoint review of this placement is already recorded.")
    if placement.status != Status.ACTIVE:
        raise ValidationError(
            "The midpoint review is recorded while the placement is active; this placement is "
            f"{_status_phrase(placement)}."
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
    problems = _check_domains(progress, "progress", "progress")
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
    _name_errors(
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
    return review


@transaction.atomic
def review_action_complete(*, action: ReviewAction, by: User) -> ReviewAction:
    """The action's owner or the practice educator marks an action of the plan done."""
    action = (
        ReviewAction.objects.select_for_update().select_related("review", "owner").get(pk=action.pk)
    )
    placement = _locked_placement(action.review.placement_id)
    action.review.placement = placement
    if not by.has_perm("placements.complete_review_action", action):
        raise PermissionDenied("Only the owner of the action or the practice educator can do this.")
    if action.done_at is not None:
        raise ValidationError("This action is already marked as done.")
    if placement.status in Placement.FINISHED_STATUSES:
        raise ValidationError(
            f"The placement is {_status_phrase(placement)}: its action plan can no longer change."
        )
    action.done_at = timezone.now()
    with acting_as(by):
        action.save(update_fields=["done_at"])
    _tell(
        placement,
        by=by,
        title="Action done on the midpoint review's action plan",
        body=f"{by} marked an action of the midpoint review's plan as done: {action.description}",
        url=_midpoint_url(placement),
        only=[action.owner, placement.practice_educator],
    )
    return action


# --- Final report -------------------------------------------------------------------


def _report_url(placement: Placement) -> str:
    return reverse("placements:final_report", args=[placement.pk])


def signed_capacities(report: FinalReport | None) -> dict[str, Signature]:
    """{capacity: signature} of the report's current signatures (one query)."""
    return {signature.capacity: signature for signature in signatures.signatures_for(report)}


def _refuse_unless_report_open(placement: Placement) -> None:
    if placement.status in REPORT_STATUSES:
        return
    if placement.status in Placement.FINISHED_STATUSES:
        raise ValidationError(
            f"The placement is {_status_phrase(placement)}: its final report can no longer change."
        )
    raise ValidationError(
        "The final report is written once the midpoint review is recorded; this placement is "
        f"{_status_phrase(placement)}."
    )


def _locked_report(pk: int) -> tuple[FinalReport, Placement]:
    report = FinalReport.objects.select_for_update().get(pk=pk)
    placement = _locked_placement(report.placement_id)
    # The same placement object, so signature_capacities() needs no query.
    report.placement = placement
    return report, placement


@transaction.atomic
def final_report_save(
    *,
    placement: Placement,
    by: User,
    summary: str,
    recommendation: str,
    assessments: Sequence[DomainAssessment],
) -> FinalReport:
    """The practice educator writes or changes the final report before signing it.

    Every current PCF domain needs a rating and an assessment. Once the
    practice educator has signed, the report is locked; it opens again only
    when the panel refers it back. Any other signatures are cleared by an edit
    (the agreement's rule), and their signers told.
    """
    placement = _locked_placement(placement.pk)
    if not by.has_perm("placements.write_final_report", placement):
        raise PermissionDenied("Only the practice educator writes the final report.")
    _refuse_unless_report_open(placement)
    report = FinalReport.objects.select_for_update().filter(placement=placement).first()
    if report is not None:
        report.placement = placement
        if PE in signed_capacities(report):
            raise ValidationError(
                "You have signed the final report, so it can no longer be changed. It opens "
                "again only if the practice assessment panel refers it back."
            )
    summary = (summary or "").strip()
    errors: dict[str, list[str]] = {}
    if not summary:
        errors["summary"] = ["Enter the holistic summary of the student's practice."]
    if recommendation not in FinalReport.Recommendation.values:
        errors["recommendation"] = ["Choose the recommendation: pass or fail."]
    problems = _check_domains(assessments, "assessments", "rating")
    problems += [
        f"Enter the assessment of {row.capability.title}."
        for row in assessments
        if not (row.assessment or "").strip()
    ]
    if problems:
        errors["assessments"] = problems
    _name_errors(placement, errors, {"summary": summary}, rows=assessments, text_name="assessment")
    if errors:
        raise ValidationError(errors)

    creating = report is None
    if creating:
        report = FinalReport(placement=placement, written_by=by)
    existing = {} if creating else {a.capability_id: a for a in report.assessments.all()}
    wanted = {row.capability.pk: (row.rating, row.assessment.strip()) for row in assessments}
    changed = (
        creating
        or (report.summary, report.recommendation) != (summary, recommendation)
        or {pk: (a.rating, a.assessment) for pk, a in existing.items()} != wanted
    )
    if not changed:
        return report
    report.summary, report.recommendation = summary, recommendation
    with acting_as(by):
        # Saved on every change (also of one domain alone), so the report's history
        # and its "updated" time show each edit.
        report.save()
        for row in assessments:
            rating, text = wanted[row.capability.pk]
            current = existing.pop(row.capability.pk, None)
            if current is None:
                current = FinalAssessment(report=report, capability=row.capability)
            elif (current.rating, current.assessment) == (rating, text):
                continue
            current.rating, current.assessment = rating, text
            current.save()
        # Domains of an earlier framework version, when the draft predates a new one.
        for stale in existing.values():
            stale.delete()
        cleared = [] if creating else signatures.clear_signatures(record=report)
    _tell(
        placement,
        by=by,
        title="Sign the final report again",
        body=f"{by} changed the final report on {placement} after you signed it. The "
        "signatures were cleared: read it and sign again.",
        url=_report_url(placement),
        only=[signature.signer for signature in cleared],
    )
    return report


@transaction.atomic
def final_report_sign(*, report: FinalReport, by: User) -> FinalReport:
    """The practice educator signs the report, which submits it.

    The first signature moves the placement to "final report submitted" (the
    people on the placement are told by the move). Signing again after the
    panel referred the report back tells the student and the tutor.
    """
    report, placement = _locked_report(report.pk)
    if not by.has_perm("placements.write_final_report", placement):
        raise PermissionDenied("Only the practice educator signs the final report.")
    _refuse_unless_report_open(placement)
    if PE in signed_capacities(report):
        raise ValidationError("You have already signed the final report.")
    written = set(report.assessments.values_list("capability_id", flat=True))
    missing = [domain.title for domain in pcf_domains() if domain.pk not in written]
    if missing:
        raise ValidationError(
            f"Assess every PCF domain before signing the report. Missing: {', '.join(missing)}."
        )
    with acting_as(by):
        signatures.sign(record=report, signer=by, capacity=PE)
    if placement.status == Status.MIDPOINT_REVIEWED:
        placement_transition(placement=placement, name="submit_final_report", by=by, record=report)
    else:
        # Already submitted: signed again after a referral (or first written after the
        # status moved on without a report, before reviews were recorded here).
        referred = placement.panel_decisions.filter(outcome=PanelDecision.Outcome.REFERRED)
        again = referred.exists()
        _tell(
            placement,
            by=by,
            title=f"The final report on {placement.student}'s placement was signed"
            + (" again" if again else ""),
            body=(
                f"{by} revised the final report after the practice assessment panel referred "
                "it back, and signed it again."
                if again
                else f"{by} signed the final report."
            )
            + " The student can add or change their comment; the tutor then countersigns it.",
            url=_report_url(placement),
            only=[placement.student, placement.tutor],
        )
    return report


@transaction.atomic
def final_report_comment(*, report: FinalReport, by: User, comment: str) -> FinalReport:
    """The student adds (or changes) their comment between the two signatures."""
    report, placement = _locked_report(report.pk)
    if not by.has_perm("placements.comment_final_report", placement):
        raise PermissionDenied("Only the student comments on their final report.")
    _refuse_unless_report_open(placement)
    signed = signed_capacities(report)
    if PE not in signed:
        raise ValidationError(
            "You can comment once the practice educator has signed the final report."
        )
    if TUTOR in signed:
        raise ValidationError(
            "The tutor has countersigned the final report, so your comment can no longer change."
        )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"student_comment": "Enter your comment."})
    refuse_child_names(placement=placement, texts={"student_comment": comment}, model=FinalReport)
    if comment == report.student_comment:
        return report  # saved unchanged: nothing new to record or tell anyone
    report.student_comment = comment
    report.student_commented_at = timezone.now()
    with acting_as(by):
        report.save(update_fields=["student_comment", "student_commented_at", "updated_at"])
    _tell(
        placement,
        by=by,
        title=f"{placement.student} commented on the final report",
        body=f"{placement.student} added a comment to the final report: {comment}",
        url=_report_url(placement),
        only=[placement.practice_educator, placement.tutor],
    )
    return report


@transaction.atomic
def final_report_countersign(*, report: FinalReport, by: User) -> FinalReport:
    """The tutor countersigns the signed report; it then goes to the panel."""
    report, placement = _locked_report(report.pk)
    if not by.has_perm("placements.countersign_final_report", placement):
        raise PermissionDenied("Only the student's university tutor countersigns the report.")
    if placement.status != Status.FINAL_REPORT_SUBMITTED:
        raise ValidationError(
            "The tutor countersigns a submitted final report; this placement is "
            f"{_status_phrase(placement)}."
        )
    signed = signed_capacities(report)
    if PE not in signed:
        raise ValidationError(
            "The practice educator must sign the final report before the tutor countersigns it."
        )
    if TUTOR in signed:
        raise ValidationError("You have already countersigned the final report.")
    with acting_as(by):
        signatures.sign(record=report, signer=by, capacity=TUTOR)
    _tell(
        placement,
        by=by,
        title=f"The final report on {placement.student}'s placement is countersigned",
        body=f"{by} countersigned the final report. It goes to the university's practice "
        "assessment panel, which decides whether the placement is passed.",
        url=_report_url(placement),
    )
    return report


# --- Practice assessment panel ------------------------------------------------------


@transaction.atomic
def panel_decision_record(
    *, placement: Placement, by: User, sat_on: date | None, outcome: str, notes: str = ""
) -> PanelDecision:
    """The tutor or a co-ordinator of the university records a sitting of the panel.

    Needs a submitted report signed by the practice educator and countersigned
    by the tutor. Ratified: the placement passes or fails as the report
    recommends. Deferred: nothing changes until a later sitting. Referred: the
    report's signatures are cleared, so the practice educator can revise it and
    sign again; the status stays "final report submitted".
    """
    placement = _locked_placement(placement.pk)
    if not by.has_perm("placements.record_panel_decision", placement):
        raise PermissionDenied(
            "Only the student's university tutor or a co-ordinator of the university records "
            "the panel's decision."
        )
    if placement.status != Status.FINAL_REPORT_SUBMITTED:
        raise ValidationError(
            "The panel decides on a placement whose final report is submitted; this placement "
            f"is {_status_phrase(placement)}."
        )
    report = FinalReport.objects.select_for_update().filter(placement=placement).first()
    signed = signed_capacities(report)
    if report is None or PE not in signed or TUTOR not in signed:
        raise ValidationError(
            "The final report must be signed by the practice educator and countersigned by the "
            "tutor before the panel's decision is recorded."
        )
    report.placement = placement
    notes = (notes or "").strip()
    countersigned_on = timezone.localdate(signed[TUTOR].signed_at)
    errors: dict[str, list[str]] = {}
    if sat_on is None:
        errors["sat_on"] = ["Enter the date of the panel."]
    elif sat_on > timezone.localdate():
        errors["sat_on"] = ["The date of the panel cannot be in the future."]
    elif sat_on < countersigned_on:
        errors["sat_on"] = [
            f"The panel cannot have sat before the report was countersigned on "
            f"{long_date(countersigned_on)}."
        ]
    if outcome not in PanelDecision.Outcome.values:
        errors["outcome"] = ["Choose the panel's decision: ratified, deferred or referred."]
    elif outcome != PanelDecision.Outcome.RATIFIED and not notes:
        errors["notes"] = [
            "Enter the panel's reasons and what must happen before it decides again."
        ]
    if errors:
        raise ValidationError(errors)

    with acting_as(by):
        decision = PanelDecision.objects.create(
            placement=placement, sat_on=sat_on, outcome=outcome, notes=notes, recorded_by=by
        )
    url = reverse("placements:panel_decisions", args=[placement.pk])
    about = f"{placement.student}'s placement at {placement.host}"
    if outcome == PanelDecision.Outcome.RATIFIED:
        # The transition's name is the recommendation: "pass" or "fail".
        placement_transition(
            placement=placement, name=report.recommendation, by=by, record=decision
        )
    elif outcome == PanelDecision.Outcome.DEFERRED:
        _tell(
            placement,
            by=by,
            title=f"The practice assessment panel deferred its decision on {about}",
            body=f"The panel of {long_date(sat_on)} will decide at a later sitting: {notes}",
            url=url,
        )
    else:
        with acting_as(by):
            signatures.clear_signatures(record=report)
        _tell(
            placement,
            by=by,
            title=f"The practice assessment panel referred the final report on {about}",
            body=f"The panel of {long_date(sat_on)} referred the report back: {notes} The "
            "practice educator revises the report and signs it again; the tutor then "
            "countersigns it for a later sitting.",
            url=url,
        )
    return decision
