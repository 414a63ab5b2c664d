"""Reads about reviews: midpoint review, final report, practice assessment panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..models import Placement

# --- Reviews: midpoint review, final report, practice assessment panel -----------
PCF_CODE = "pcf"


def pcf_domains() -> list:
    """The domains of the current PCF version, in order (one query)."""
    from ..models import Capability

    return list(
        Capability.objects.filter(
            version__framework__code=PCF_CODE, version__is_current=True
        ).order_by("number")
    )


def _final_report_signed_as(capacity: str):
    from django.db.models import Exists, OuterRef

    from portal.models import Signature

    return Exists(
        Signature.objects.filter(
            content_type__app_label="placements",
            content_type__model="finalreport",
            object_id=OuterRef("final_report__pk"),
            capacity=capacity,
        )
    )


def final_reports_awaiting_countersignature(placements: QuerySet[Placement]) -> QuerySet:
    """Placements among `placements` whose submitted report the practice educator
    has signed and the tutor has not countersigned yet (one query)."""
    return placements.filter(
        _final_report_signed_as("practice_educator"),
        status=Placement.Status.FINAL_REPORT_SUBMITTED,
    ).exclude(_final_report_signed_as("tutor"))


def final_reports_awaiting_panel(placements: QuerySet[Placement]) -> QuerySet:
    """Placements among `placements` whose report is signed and countersigned and
    that wait for the panel's decision (one query)."""
    return placements.filter(
        _final_report_signed_as("practice_educator"),
        _final_report_signed_as("tutor"),
        status=Placement.Status.FINAL_REPORT_SUBMITTED,
    )


@dataclass
class ReviewOverview:
    """Where one placement's reviews have got to, for its page."""

    placement: Placement
    midpoint_review: object | None
    actions_open: int
    final_report: object | None
    report_signed: dict  # {capacity: Signature}
    panel_decisions: list

    @property
    def report_stage(self) -> str:
        Status = Placement.Status
        report, signed = self.final_report, self.report_signed
        if report is None:
            if self.placement.status in (Status.MIDPOINT_REVIEWED, Status.FINAL_REPORT_SUBMITTED):
                return "Not written yet"
            return "Written after the midpoint review"
        if "practice_educator" not in signed:
            referred = self.panel_decisions and self.panel_decisions[0].outcome == "referred"
            return "Referred back by the panel: being revised" if referred else "Draft"
        if "tutor" not in signed:
            return "Signed by the practice educator, awaiting the tutor's countersignature"
        if self.placement.status in (Status.PASSED, Status.FAILED):
            return "Decided by the practice assessment panel"
        return "Countersigned, awaiting the practice assessment panel"


def review_overview(placement: Placement) -> ReviewOverview:
    """The placement's midpoint review, final report (with its signatures) and panel
    sittings, in four queries."""
    from django.db.models import Count

    from portal import signatures

    from ..models import FinalReport, MidpointReview, PanelDecision

    review = (
        MidpointReview.objects.filter(placement=placement)
        .annotate(actions_open=Count("actions", filter=Q(actions__done_at__isnull=True)))
        .first()
    )
    report = FinalReport.objects.filter(placement=placement).first()
    if report is not None:
        report.placement = placement
    return ReviewOverview(
        placement=placement,
        midpoint_review=review,
        actions_open=review.actions_open if review else 0,
        final_report=report,
        report_signed={s.capacity: s for s in signatures.signatures_for(report)},
        panel_decisions=list(PanelDecision.objects.filter(placement=placement)),
    )
