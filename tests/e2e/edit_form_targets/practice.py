"""Targets of the accounts and placements forms."""

from __future__ import annotations

from portal.audit.context import acting_as

from .common import EDUCATOR, STUDENT, Target, council_org, sams_placement_record, user

TUTOR = "tutor@example.org"


def council() -> Target:
    return Target({"pk": council_org().pk})


def supervisors_membership() -> Target:
    from portal.accounts.models import Membership

    membership = Membership.objects.get(
        user__email="supervisor@example.org", organisation=council_org()
    )
    return Target({"pk": membership.pk})


def sams_placement() -> Target:
    return Target({"pk": sams_placement_record().pk})


def proposed_placement() -> Target:
    from placements.models import Placement

    placement = (
        Placement.objects.filter(status=Placement.Status.PROPOSED, practice_educator__isnull=False)
        .order_by("pk")
        .first()
    )
    return Target({"pk": placement.pk})


def sams_unconfirmed_day() -> Target:
    placement = sams_placement_record()
    day = placement.days.filter(confirmed_at__isnull=True).order_by("-date").first()
    return Target({"pk": placement.pk, "day_pk": day.pk})


def sams_visit() -> Target:
    """A tutor visit on Sam's placement (recorded here through the service if the demo
    has none)."""
    from placements.models import TutorVisit
    from placements.services.visit import tutor_visit_record

    placement = sams_placement_record()
    visit = TutorVisit.objects.filter(placement=placement).order_by("pk").first()
    if visit is None:
        tutor = user(TUTOR)
        with acting_as(tutor):
            visit = tutor_visit_record(
                placement=placement,
                by=tutor,
                held_on=placement.starts_on,
                kind=TutorVisit.Kind.THREE_WAY_MEETING,
                attended=["student", "practice_educator", "tutor"],
                notes="Agreed the learning opportunities and the supervision pattern.",
                agreed_actions="Sam to share the first reflective log with the tutor.",
            )
    return Target({"pk": placement.pk, "visit_pk": visit.pk})


def sams_profile() -> Target:
    return Target({"user_pk": user(STUDENT).pk})


def educators_profile() -> Target:
    return Target({"user_pk": user(EDUCATOR).pk})


def offer_with_note() -> Target:
    from placements.models import PlacementOffer

    return Target({"pk": PlacementOffer.objects.exclude(note="").order_by("pk").first().pk})


def ended_placement_to_rate() -> Target:
    from placements.models import Placement
    from placements.services.quality import ended_for_feedback

    placement = (
        ended_for_feedback(Placement.objects.all())
        .filter(quality_feedback_receipt__isnull=True)
        .select_related("student")
        .order_by("pk")
        .first()
    )
    return Target({"pk": placement.pk}, user=placement.student.email)


def commented_evidence() -> Target:
    from placements.models import EvidenceItem
    from placements.services.evidence import EVIDENCE_STATUSES

    item = (
        EvidenceItem.objects.filter(
            commented_at__isnull=False, placement__status__in=EVIDENCE_STATUSES
        )
        .select_related("placement__practice_educator")
        .order_by("pk")
        .first()
    )
    return Target(
        {"pk": item.placement_id, "item_pk": item.pk},
        user=item.placement.practice_educator.email,
    )


def sams_uncommented_evidence() -> Target:
    placement = sams_placement_record()
    item = placement.evidence.filter(commented_at__isnull=True).order_by("pk").first()
    return Target({"pk": placement.pk, "item_pk": item.pk})


def rated_placement() -> Target:
    from placements.models import DomainRating
    from placements.services.evidence import EVIDENCE_STATUSES

    rating = (
        DomainRating.objects.filter(placement__status__in=EVIDENCE_STATUSES)
        .select_related("placement__practice_educator")
        .order_by("pk")
        .first()
    )
    return Target({"pk": rating.placement_id}, user=rating.placement.practice_educator.email)


def draft_final_report() -> Target:
    """A final report written but not signed (the demo has none: one is written)."""
    from placements.models import FinalReport, Placement
    from placements.selectors.review import pcf_domains
    from placements.services.final_report import final_report_save
    from placements.services.review import DomainAssessment

    status = Placement.Status.MIDPOINT_REVIEWED
    report = FinalReport.objects.filter(placement__status=status).order_by("pk").first()
    if report is not None:
        placement = report.placement
    else:
        placement = Placement.objects.filter(status=status).order_by("pk").first()
        educator = placement.practice_educator
        with acting_as(educator):
            final_report_save(
                placement=placement,
                by=educator,
                summary="Steady progress since the midpoint; analysis is now clearer.",
                recommendation="pass",
                assessments=[
                    DomainAssessment(domain, "meets", "Seen in direct work and recording.")
                    for domain in pcf_domains()
                ],
            )
    return Target({"pk": placement.pk}, user=placement.practice_educator.email)


def _submitted_reports():
    from placements.models import FinalReport, Placement
    from placements.services.final_report import signed_capacities
    from placements.services.review import PE, TUTOR

    reports = FinalReport.objects.filter(
        placement__status=Placement.Status.FINAL_REPORT_SUBMITTED
    ).select_related("placement__student", "placement__tutor")
    for report in reports.order_by("pk"):
        signed = signed_capacities(report)
        yield report, PE in signed, TUTOR in signed


def report_to_comment_on() -> Target:
    report = next(r for r, pe, tutor in _submitted_reports() if pe and not tutor)
    return Target({"pk": report.placement_id}, user=report.placement.student.email)


def report_for_panel() -> Target:
    report = next(r for r, pe, tutor in _submitted_reports() if pe and tutor)
    return Target({"pk": report.placement_id}, user=report.placement.tutor.email)
