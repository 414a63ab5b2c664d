"""The final report of a placement: written and revised by the practice educator,
signed, commented on by the student and countersigned by the tutor (the whole
sequence is in placements/services/review.py).

The tutor's countersignature locks the report (portal.locking): nothing changes
it or its assessments from then on. A correction, after the practice
assessment panel refers it back or for a mistake found before the panel sits,
is an amendment: a new version with the reason, written and signed again.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import signatures
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.locking import RecordLocked, amend, lock
from portal.models import Signature
from portal.services import notifications_done_for

from ..models import (
    FinalAssessment,
    FinalReport,
    Placement,
)
from ..models.review import TUTOR_COMMENT_MAX_LENGTH
from ..selectors.review import current_final_report, pcf_domains
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


COUNTERSIGNED_AND_LOCKED = (
    "The tutor has countersigned the final report, so it is locked and cannot be changed. "
    "To correct it, the practice educator starts an amendment with the reason."
)


def _locked_report(pk: int) -> tuple[FinalReport, Placement]:
    placement_id = FinalReport.objects.values_list("placement_id", flat=True).get(pk=pk)
    # The placement first, then the report: every service locks in that order.
    placement = locked_placement(placement_id)
    report = FinalReport.objects.select_for_update().get(pk=pk)
    # The same placement object, so signature_capacities() needs no query.
    report.placement = placement
    if report.is_locked:
        raise RecordLocked(COUNTERSIGNED_AND_LOCKED)
    if FinalReport.objects.filter(amends_id=report.pk).exists():
        raise ValidationError(
            "This is an earlier version of the final report: a newer version corrects it."
        )
    return report, placement


SIGNED_BY_YOU = (
    "You have signed the final report, so it can no longer be changed. Once the tutor has "
    "countersigned it, a correction is an amendment with the reason."
)


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
    practice educator has signed, the report no longer changes; once the tutor
    has countersigned, it is locked and corrected only by an amendment
    (`final_report_amend`), whose new version this then writes.
    """
    placement = locked_placement(placement.pk)
    if not by.has_perm("placements.write_final_report", placement):
        raise PermissionDenied("Only the practice educator writes the final report.")
    _refuse_unless_report_open(placement)
    report = current_final_report(placement)
    if report is not None:
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        report.placement = placement
        if report.is_locked:
            raise RecordLocked(COUNTERSIGNED_AND_LOCKED)
        if PE in signed_capacities(report):
            raise ValidationError(SIGNED_BY_YOU)
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
    return report


@transaction.atomic
def final_report_sign(*, report: FinalReport, by: User) -> FinalReport:
    """The practice educator signs the report, which submits it.

    The first signature moves the placement to "final report submitted" (the
    people on the placement are told by the move). Signing an amendment tells
    the student and the tutor.
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
        # Already submitted: an amendment of the countersigned report, signed again
        # (or a report first written after the status moved on without one).
        again = report.amends_id is not None
        tell_people(
            placement,
            by=by,
            title=f"The final report on {placement.student}'s placement was signed"
            + (" again" if again else ""),
            body=(
                f"{by} amended the final report ({report.amendment_reason}) and signed the "
                "corrected version."
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
def final_report_countersign(*, report: FinalReport, by: User, comment: str = "") -> FinalReport:
    """The tutor countersigns the signed report, with a comment if they wish; it then
    goes to the panel. The comment is saved first, so the version countersigned (and
    locked) holds it and the report's history keeps it. Refused, with nothing saved:
    a comment longer than TUTOR_COMMENT_MAX_LENGTH or naming a child or family."""
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
    comment = (comment or "").strip()
    if len(comment) > TUTOR_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "tutor_comment": f"Your comment must be {TUTOR_COMMENT_MAX_LENGTH} characters "
                f"or fewer (it has {len(comment)})."
            }
        )
    refuse_child_names(placement=placement, texts={"tutor_comment": comment}, model=FinalReport)
    with acting_as(by):
        if comment != report.tutor_comment:
            report.tutor_comment = comment
            report.save(update_fields=["tutor_comment", "updated_at"])
        signatures.sign(record=report, signer=by, capacity=TUTOR)
        lock(report)
    notifications_done_for(user=by, url=_report_url(placement))  # "countersign it"
    tell_people(
        placement,
        by=by,
        title=f"The final report on {placement.student}'s placement is countersigned",
        body=f"{by} countersigned the final report"
        + (" with a comment" if comment else "")
        + ". It is now locked and goes to the university's practice assessment panel, which "
        "decides whether the placement is passed.",
        url=_report_url(placement),
    )
    return report


@transaction.atomic
def final_report_amend(*, report: FinalReport, by: User, reason: str) -> FinalReport:
    """The practice educator starts a correction of the countersigned, locked report.

    The new version starts as a copy of the locked one (summary, recommendation,
    assessments, the student's comment) with the reason; the practice educator
    changes it and signs it, the student may change their comment, and the
    tutor countersigns it again. The locked version stays on record as signed.
    Refused: someone other than the practice educator, a report not yet
    countersigned (it can still change), a placement the panel has decided, an
    earlier version, an empty reason or one naming a child.
    """
    placement = locked_placement(report.placement_id)
    if not by.has_perm("placements.write_final_report", placement):
        raise PermissionDenied("Only the practice educator amends the final report.")
    if placement.status != Status.FINAL_REPORT_SUBMITTED:
        raise ValidationError(
            "The final report is amended while it waits for the practice assessment panel; "
            f"this placement is {status_phrase(placement)}."
        )
    report = FinalReport.objects.select_for_update().get(pk=report.pk)
    report.placement = placement
    reason = (reason or "").strip()
    if reason:
        refuse_child_names(placement=placement, texts={"reason": reason})

    def copy(original: FinalReport) -> FinalReport:
        correction = FinalReport._base_manager.get(pk=original.pk)
        correction.placement = placement
        correction.written_by = by
        # The tutor countersigns the corrected version afresh, with a comment of its own.
        correction.tutor_comment = ""
        return correction

    with acting_as(by):
        correction = amend(record=report, reason=reason, copy=copy)
        for row in report.assessments.all():
            # One by one, so each part's history starts with the amendment.
            FinalAssessment.objects.create(
                report=correction,
                capability_id=row.capability_id,
                rating=row.rating,
                assessment=row.assessment,
            )
    tell_people(
        placement,
        by=by,
        title=f"The final report on {placement.student}'s placement is being amended",
        body=f"{by} started an amendment of the countersigned final report: “{reason}” The "
        "practice educator signs the corrected version, the student can change their comment, "
        "and the tutor countersigns it again. The countersigned version stays on record.",
        url=_report_url(placement),
        only=[placement.student, placement.tutor],
    )
    return correction
