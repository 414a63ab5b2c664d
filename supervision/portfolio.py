"""The portfolio pack for the practice assessment panel (issue 22, requirement 6).

One PDF about one placement: a cover page (the student, course, setting, the
people, the dates and the days figures), a contents list, then the practice
learning agreement, the midpoint review, the final report with its signatures
and countersignature, the direct observations, the supervision log and the
capability evidence. A part the placement does not have yet says so.

It is made in the background (portal.exports, kind `portfolio_pack`): a whole
placement runs to many pages. The pack holds student records only, which carry
no child's name by rule (placements.services.anonymisation), and nothing from
casework. The supervision log is the log's own rendering (supervision/pdf/
_log_body.html with placement_log_context), not a copy of it.

Placements never imports this module: supervision reads placements, not the
reverse (DESIGN.md, "Dependencies run one way").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.text import slugify

from placements.ledger import ledger_for
from placements.models import (
    FinalReport,
    LearningAgreement,
    MidpointReview,
    PanelDecision,
    Placement,
    StudentProfile,
)
from placements.selectors.evidence import capability_short_label, evidence_for_placement
from placements.selectors.review import current_final_report
from portal import signatures
from portal.exports import ExportJob, register
from portal.models import Signature
from portal.permissions import require_object_permission

from .models import Observation

PORTFOLIO_PACK = "portfolio_pack"
# Who may ask for the pack (supervision/rules.py); whoever sees the placement
# sees that the pack exists (404 for everyone else).
PORTFOLIO_PERMISSION = "supervision.export_portfolio"
PORTFOLIO_SCOPE = "placements.view_placement"


@dataclass(frozen=True)
class Part:
    anchor: str
    title: str


# The pack's parts, in the order of its contents list (each starts a new page).
PARTS = (
    Part("agreement", "Practice learning agreement"),
    Part("midpoint", "Midpoint review"),
    Part("final-report", "Final report"),
    Part("observations", "Direct observations"),
    Part("supervision", "Supervision log"),
    Part("evidence", "Capability evidence"),
)


def _signature_rows(record, labels: dict, capacities) -> list[dict]:
    """(capacity label, person, signature or None) for each capacity that signs `record`."""
    signed = {signature.capacity: signature for signature in signatures.signatures_for(record)}
    return [
        {
            "capacity": labels.get(capacity, capacity),
            "person": person,
            "signature": signed.get(str(capacity)),
        }
        for capacity, person in capacities
    ]


def _agreement(placement: Placement) -> dict:
    from placements.views.agreement import sections_of

    try:
        agreement = placement.learning_agreement
    except ObjectDoesNotExist:
        return {"agreement": None}
    agreement.placement = placement
    rows = _signature_rows(
        agreement,
        dict(LearningAgreement.Capacity.choices),
        signatures.required_capacities(agreement).items(),
    )
    return {
        "agreement": agreement,
        "agreement_sections": sections_of(agreement),
        "agreement_signatures": rows,
        "agreement_status": agreement.get_status_display(),
    }


def _midpoint(placement: Placement) -> dict:
    review = (
        MidpointReview.objects.filter(placement=placement).select_related("recorded_by").first()
    )
    if review is None:
        return {"midpoint": None}
    return {
        "midpoint": review,
        "midpoint_progress": list(review.progress.select_related("capability")),
        "midpoint_actions": list(review.actions.select_related("owner")),
    }


def _final_report(placement: Placement) -> dict:
    report = current_final_report(placement)
    decisions = list(PanelDecision.objects.filter(placement=placement))
    if report is None:
        return {"report": None, "panel_decisions": decisions}
    return {
        "report": report,
        "report_assessments": list(report.assessments.select_related("capability")),
        "report_signatures": _signature_rows(
            report,
            dict(FinalReport.Capacity.choices),
            report.signature_capacities().items(),
        ),
        "panel_decisions": decisions,
    }


def attachment_names(records) -> dict[int, list]:
    """{record pk: its attachments, in the order they were added} for records of one
    model, in one query. Empty when the attachments app is not installed."""
    records = list(records)
    if not records or not apps.is_installed("portal.attachments"):
        return {}
    from portal.attachments.models import Attachment

    found = defaultdict(list)
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(records[0], for_concrete_model=False),
        object_id__in=[record.pk for record in records],
    ).order_by("uploaded_at", "pk"):
        found[attachment.object_id].append(attachment)
    return found


def _observations(placement: Placement) -> dict:
    """The observations that took place, each in its current version (a corrected
    record appears once, as its correction), with feedback, signatures and files."""
    observations = list(
        Observation.objects.filter(
            placement=placement,
            status__in=Observation.DONE_STATUSES,
            amendment__isnull=True,
        )
        .select_related("observer", "amends", "service_user_feedback")
        .prefetch_related("domain_feedback__capability")
        .order_by("date", "pk")
    )
    kind = ContentType.objects.get_for_model(Observation)
    signed = defaultdict(dict)
    for signature in Signature.objects.filter(
        content_type=kind, object_id__in=[o.pk for o in observations]
    ).select_related("signer"):
        signed[signature.object_id][signature.capacity] = signature
    labels = dict(Observation.Capacity.choices)
    files = attachment_names(observations)
    for observation in observations:
        observation.placement = placement
        try:
            observation.service_user = observation.service_user_feedback
        except ObjectDoesNotExist:
            observation.service_user = None
        observation.signature_rows = [
            {
                "capacity": labels[capacity],
                "person": person,
                "signature": signed[observation.pk].get(str(capacity)),
            }
            for capacity, person in observation.signature_capacities()
        ]
        observation.files = files.get(observation.pk, [])
    return {"observations": observations}


def _supervision(placement: Placement) -> dict:
    from .views.exports import placement_log_context

    return placement_log_context(placement)


def _evidence(placement: Placement) -> dict:
    items = list(evidence_for_placement(placement).order_by("date", "pk"))
    files = attachment_names(items)
    for item in items:
        item.capability_labels = [
            f"{capability_short_label(capability)}: {capability.title}"
            for capability in item.capabilities.all()
        ]
        item.files = files.get(item.pk, [])
    return {"evidence": items}


# Each part's context, in the order of PARTS.
GATHER = (_agreement, _midpoint, _final_report, _observations, _supervision, _evidence)


def portfolio_context(placement: Placement, *, job: ExportJob | None = None) -> dict:
    """Everything the pack shows. With `job`, the progress is written part by part
    (the last step, rendering, is the caller's)."""
    placement = Placement.objects.with_people().get(pk=placement.pk)
    total = len(GATHER) + 1
    context = {
        "placement": placement,
        "parts": PARTS,
        "student_number": StudentProfile.objects.filter(user_id=placement.student_id)
        .values_list("student_number", flat=True)
        .first(),
        "ledger": ledger_for(placement),
        "generated_at": timezone.now(),
    }
    for done, gather in enumerate(GATHER):
        if job is not None:
            job.progress(done, total)
        context.update(gather(placement))
    if job is not None:
        job.progress(len(GATHER), total)
    return context


def pack_filename(placement: Placement) -> str:
    student = slugify(placement.student.name or "student") or "student"
    return f"portfolio-pack-{student}-{placement.starts_on:%Y-%m}.pdf"


def render_portfolio_pack(placement, requested_by, job: ExportJob) -> tuple[str, bytes]:
    """The worker's half. The person who asked is checked again: they may have lost
    their part in the placement since (the download checks once more)."""
    from portal.pdf import render_pdf

    require_object_permission(requested_by, placement, PORTFOLIO_PERMISSION, scope=PORTFOLIO_SCOPE)
    # Parts are few: write every step, not every PROGRESS_EVERY rows.
    job.every = 1
    context = portfolio_context(placement, job=job)
    body = render_pdf("supervision/exports/portfolio.html", context)
    total = len(GATHER) + 1
    job.progress(total, total)
    return pack_filename(context["placement"]), body


register(
    PORTFOLIO_PACK,
    render=render_portfolio_pack,
    permission=PORTFOLIO_PERMISSION,
    scope=PORTFOLIO_SCOPE,
    job=True,
)
