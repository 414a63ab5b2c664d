"""Midpoint reviews, final reports and panel decisions: the records whose making
moved each placement to its status ("midpoint reviewed" has its review; "final
report submitted" its report signed by the practice educator, most of them
countersigned by the tutor and so locked; "passed" also the panel's ratification).
"""

from __future__ import annotations

from datetime import timedelta

from placements.models import (
    FinalAssessment,
    FinalReport,
    MidpointProgress,
    MidpointReview,
    PanelDecision,
    ReviewAction,
)
from placements.selectors.review import pcf_domains
from portal.models import Signature

from .base import Context, by_scale_user, delete_rows, insert, signature
from .practice import REPORTED, REVIEWED, Plan, S


def generate(ctx: Context) -> dict[str, int]:
    return _reviews(ctx, ctx.made["plans"])


MIDPOINT_SUMMARY = {
    "satisfactory": "Good progress: the student is reflective and uses supervision well.",
    "concerns": "Recording is often late and analysis is thin; relationships with children "
    "and families are a strength.",
}
FINAL_ASSESSMENT = (
    "Consistent, well-evidenced practice in this domain across the placement, seen in "
    "direct work, recording and supervision."
)


def _reviews(ctx: Context, plans: list[Plan]) -> dict[str, int]:
    rng = ctx.rng
    domains = pcf_domains()
    reviews, reviewed = [], []
    reports, reported = [], []
    panels = []
    for plan in plans:
        placement = plan.placement
        if placement.status not in REVIEWED:
            continue
        held_on = min(
            placement.starts_on + (placement.ends_on - placement.starts_on) / 2, ctx.today
        )
        outcome = "concerns" if plan.attendance < 0.9 or ctx.chance(0.1) else "satisfactory"
        reviews.append(
            MidpointReview(
                placement=placement,
                held_on=held_on,
                attendees="Student\nPractice educator\nUniversity tutor",
                outcome=outcome,
                summary=MIDPOINT_SUMMARY[outcome],
                recorded_by_id=placement.practice_educator_id,
                created_at=ctx.at(held_on, 15),
            )
        )
        reviewed.append(plan)
        if placement.status not in REPORTED:
            continue
        written = min(placement.ends_on - timedelta(days=rng.randint(0, 10)), ctx.today)
        countersigned = placement.status == S.PASSED or ctx.chance(0.7)
        report = FinalReport(
            placement=placement,
            summary="The student has worked safely and thoughtfully, uses supervision to "
            "reflect and has met the level for the end of this placement.",
            recommendation=FinalReport.Recommendation.PASS,
            student_comment="I agree with the report. Supervision helped me most.",
            student_commented_at=ctx.at(written, 16),
            written_by_id=placement.practice_educator_id,
            created_at=ctx.at(written, 11),
            updated_at=ctx.at(written, 11),
            locked_at=ctx.at(min(written + timedelta(days=5), ctx.today), 12)
            if countersigned
            else None,
        )
        reports.append(report)
        reported.append(plan)
        if placement.status == S.PASSED:
            sat_on = min(placement.ends_on + timedelta(weeks=rng.randint(2, 5)), ctx.today)
            panels.append(
                PanelDecision(
                    placement=placement,
                    sat_on=sat_on,
                    outcome=PanelDecision.Outcome.RATIFIED,
                    recorded_by_id=placement.tutor_id,
                    recorded_at=ctx.at(sat_on, 15),
                )
            )
    insert(MidpointReview, reviews)
    progress = []
    actions = []
    for review, plan in zip(reviews, reviewed, strict=True):
        behind = review.outcome == "concerns"
        for domain in domains:
            rating = "not_yet" if behind and domain.number in (6, 9) else "progressing"
            progress.append(MidpointProgress(review=review, capability=domain, rating=rating))
        owners = [plan.placement.practice_educator_id] + (
            [plan.placement.student_id] if behind else []
        )
        for number, owner in enumerate(owners):
            due_on = review.held_on + timedelta(weeks=2 + 2 * number)
            actions.append(
                ReviewAction(
                    review=review,
                    description="Co-write the analysis of one assessment with the student."
                    if number == 0
                    else "Record every visit within two working days.",
                    owner_id=owner,
                    due_on=due_on,
                    done_at=ctx.at(due_on, 9) if due_on < ctx.today else None,
                )
            )
    insert(MidpointProgress, progress)
    insert(ReviewAction, actions)
    insert(FinalReport, reports)
    insert(
        FinalAssessment,
        (
            FinalAssessment(
                report=report, capability=domain, rating="meets", assessment=FINAL_ASSESSMENT
            )
            for report in reports
            for domain in domains
        ),
    )
    signatures = []
    for report, plan in zip(reports, reported, strict=True):
        signed = report.created_at + timedelta(hours=2)
        signatures.append(
            signature(
                report,
                plan.placement.practice_educator_id,
                FinalReport.Capacity.PRACTICE_EDUCATOR,
                signed,
            )
        )
        if report.locked_at:
            signatures.append(
                signature(
                    report, plan.placement.tutor_id, FinalReport.Capacity.TUTOR, report.locked_at
                )
            )
    insert(Signature, signatures)
    insert(PanelDecision, panels)
    return {
        "midpoint reviews": len(reviews),
        "final reports": len(reports),
        "final report signatures": len(signatures),
        "panel decisions": len(panels),
    }


def clear() -> dict[str, int]:
    student = by_scale_user("placement__student")
    return delete_rows(
        (FinalAssessment, by_scale_user("report__placement__student")),
        (FinalReport, student),
        (PanelDecision, student),
        (MidpointProgress, by_scale_user("review__placement__student")),
        (ReviewAction, by_scale_user("review__placement__student")),
        (MidpointReview, student),
    )
