"""The final report of a placement: written and revised by the practice educator,
signed, commented on by the student and countersigned by the tutor (the whole
sequence is in placements/services/review.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import signatures
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.models import Signature

from ..models import (
    FinalAssessment,
    FinalReport,
    PanelDecision,
    Placement,
)
from ..selectors.review import pcf_domains
from .anonymisation import refuse_child_names
from .lifecycle import locked_placement, placement_transition
from .review import (
    PE,
    REPORT_STATUSES,
    TUTOR,
    DomainAssessment,
    Status,
    check_domains,
    name_errors,
    status_phrase,
    tell_people,
)


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
            f"The placement is {status_phrase(placement)}: its final report can no longer change."
        )
    raise ValidationError(
        "The final report is written once the midpoint review is recorded; this placement is "
        f"{status_phrase(placement)}."
    )


def _locked_report(pk: int) -> tuple[FinalReport, Placement]:
    report = FinalReport.objects.select_for_update().get(pk=pk)
    placement = locked_placement(report.placement_id)
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
    placement = locked_placement(placement.pk)
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
    problems = check_domains(assessments, "assessments", "rating")
    problems += [
        f"Enter the assessment of {row.capability.title}."
        for row in assessments
        if not (row.assessment or "").strip()
    ]
    if problems:
        errors["assessments"] = problems
    name_errors(placement, errors, {"summary": summary}, rows=assessments, text_name="assessment")
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
    tell_people(
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
        tell_people(
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
    tell_people(
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
            f"{status_phrase(placement)}."
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
    tell_people(
        placement,
        by=by,
        title=f"The final report on {placement.student}'s placement is countersigned",
        body=f"{by} countersigned the final report. It goes to the university's practice "
        "assessment panel, which decides whether the placement is passed.",
        url=_report_url(placement),
    )
    return report
