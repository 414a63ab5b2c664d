"""Reads about reviews: midpoint review, final report, practice assessment panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.request_cache import per_request

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


def current_final_report(placement: Placement):
    """The newest version of the placement's final report, or None (one query).

    A countersigned report locks; each correction is a new version amending the
    one before, so the current version is the one nobody has amended yet.
    """
    from ..models import FinalReport

    report = FinalReport.objects.current().filter(placement=placement).first()
    if report is not None:
        # The same placement object, so signature_capacities() needs no query.
        report.placement = placement
    return report


def earlier_final_reports(report) -> list:
    """The versions `report` corrects, newest first, with their assessments (two queries)."""
    from ..models import FinalReport

    if report is None or report.amends_id is None:
        return []
    return list(
        FinalReport.objects.filter(placement_id=report.placement_id)
        .exclude(pk=report.pk)
        .select_related("amendment")
        .prefetch_related("assessments__capability")
        .order_by("-created_at", "-pk")
    )


def _final_report_signed_as(capacity: str):
    """The placement's current final report is signed in `capacity`."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef

    from portal.models import Signature

    from ..models import FinalReport

    # By the content type's id (cached per process), not a join on its name: with the
    # join PostgreSQL checks every report's signatures (issue 20: 150 ms at 2,000 students).
    signed = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(FinalReport),
        object_id=OuterRef("pk"),
        capacity=capacity,
    )
    return Exists(
        FinalReport.objects.current().filter(placement=OuterRef("pk")).filter(Exists(signed))
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


def final_reports_in_review(placements: QuerySet[Placement]) -> QuerySet:
    """Placements among `placements` whose submitted report the practice educator has
    signed, each with `countersigned` (the tutor has signed it too): those without
    wait for the tutor (final_reports_awaiting_countersignature), those with for the
    panel (final_reports_awaiting_panel). One query for both lists (dashboards)."""
    return placements.filter(
        _final_report_signed_as("practice_educator"),
        status=Placement.Status.FINAL_REPORT_SUBMITTED,
    ).annotate(countersigned=_final_report_signed_as("tutor"))


@dataclass
class ReviewOverview:
    """Where one placement's reviews have got to, for its page."""

    placement: Placement
    midpoint_review: object | None
    actions_open: int
    final_report: object | None  # the current version
    report_signed: dict  # {capacity: Signature} of the current version
    panel_decisions: list

    @property
    def referred(self) -> bool:
        """The panel's last sitting referred back the version that is current now."""
        report, decisions = self.final_report, self.panel_decisions
        if report is None or report.locked_at is None or not decisions:
            return False
        return decisions[0].outcome == "referred" and decisions[0].recorded_at > report.locked_at

    @property
    def report_stage(self) -> str:
        Status = Placement.Status
        report, signed = self.final_report, self.report_signed
        if report is None:
            if self.placement.status in (Status.MIDPOINT_REVIEWED, Status.FINAL_REPORT_SUBMITTED):
                return "Not written yet"
            return "Written after the midpoint review"
        if "practice_educator" not in signed:
            if report.amends_id is not None:
                return "Being amended: a corrected version to sign again"
            return "Draft"
        if "tutor" not in signed:
            return "Signed by the practice educator, awaiting the tutor's countersignature"
        if self.placement.status in (Status.PASSED, Status.FAILED):
            return "Decided by the practice assessment panel"
        if self.referred:
            return "Referred back by the panel: the practice educator amends it"
        return "Countersigned, awaiting the practice assessment panel"


@dataclass(frozen=True)
class MidpointFollowUp:
    """What a tutor follows up after the midpoint, for the placement page."""

    midpoint: date
    due_on: date | None  # the last day the review is on time; None once it is recorded
    overdue: bool  # the review is not recorded and its due date has passed
    overdue_actions: list  # actions of its plan not done by their date, earliest first


def midpoint_follow_up(
    overview: ReviewOverview, working_days, *, today: date | None = None
) -> MidpointFollowUp:
    """The midpoint review's due date (while it is not recorded) and the actions of its
    plan not done by their date (on a placement not finished), from the placement's
    review_overview and the working-day calendar already loaded: one query."""
    from ..models import ReviewAction
    from ..oversight import PAST_MIDPOINT, midpoint_of, midpoint_review_due

    placement = overview.placement
    today = today or timezone.localdate()
    due_on = None
    if (
        placement.status in Placement.LIVE_STATUSES
        and placement.status not in PAST_MIDPOINT
        and overview.midpoint_review is None
    ):
        due_on = midpoint_review_due(placement, working_days)
    overdue_actions = []
    if placement.status not in Placement.FINISHED_STATUSES and overview.midpoint_review:
        overdue_actions = list(
            ReviewAction.objects.filter(
                review__placement=placement, done_at__isnull=True, due_on__lt=today
            )
            .select_related("owner")
            .order_by("due_on", "pk")
        )
    return MidpointFollowUp(
        midpoint=midpoint_of(placement),
        due_on=due_on,
        overdue=due_on is not None and today > due_on,
        overdue_actions=overdue_actions,
    )


@dataclass(frozen=True)
class ReviewRecords:
    """A placement's midpoint review, every version of its final report and its panel
    sittings, each with the person who recorded it: what its page's reviews and its
    timeline both read (shared, so callers must not change them)."""

    midpoint_reviews: tuple  # at most one, with `actions_open`
    final_reports: tuple  # every version, newest first
    panel_decisions: tuple  # newest sitting first

    @property
    def current_final_report(self):
        """The version nobody has amended yet (FinalReport.objects.current())."""
        amended = {report.amends_id for report in self.final_reports}
        return next((r for r in self.final_reports if r.pk not in amended), None)


@per_request
def review_records(placement: Placement) -> ReviewRecords:
    """The placement's review records (three queries, once per request)."""
    from django.db.models import Count

    from ..models import FinalReport, MidpointReview, PanelDecision

    return ReviewRecords(
        midpoint_reviews=tuple(
            MidpointReview.objects.filter(placement_id=placement.pk)
            .select_related("recorded_by")
            .annotate(actions_open=Count("actions", filter=Q(actions__done_at__isnull=True)))
        ),
        final_reports=tuple(
            FinalReport.objects.filter(placement_id=placement.pk).select_related("written_by")
        ),
        panel_decisions=tuple(
            PanelDecision.objects.filter(placement_id=placement.pk).select_related("recorded_by")
        ),
    )


def review_overview(placement: Placement) -> ReviewOverview:
    """The placement's midpoint review, final report (with its signatures) and panel
    sittings: review_records and one query for the report's signatures."""
    from portal import signatures

    records = review_records(placement)
    review = records.midpoint_reviews[0] if records.midpoint_reviews else None
    report = records.current_final_report
    if report is not None:
        # The same placement object, so signature_capacities() needs no query.
        report.placement = placement
    return ReviewOverview(
        placement=placement,
        midpoint_review=review,
        actions_open=review.actions_open if review else 0,
        final_report=report,
        report_signed={s.capacity: s for s in signatures.signatures_for(report)},
        panel_decisions=list(records.panel_decisions),
    )
