"""Reads for updates and the completion report (issue 18, requirement 5).

- What a report's PDF says (`report_document_context`): read only from this
  referral's own records (its enrolment, attendance, keywork goals), so no
  other family's data can reach it.
- The referral page's "Updates and reports" section, in a fixed number of queries.
- The link a public token names.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from portal.accounts.models import hash_secret

from ..models import Enrolment, ProgrammeReport, Referral, ReportLink, UpdateRequest
from .delivery import Figures, attendance_of, keywork_plan_of

ENDED = frozenset(
    {Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED, Enrolment.Status.LEFT}
)


def enrolment_of(referral: Referral) -> Enrolment | None:
    return Enrolment.objects.select_related("programme", "strand").filter(referral=referral).first()


def has_ended(enrolment: Enrolment | None) -> bool:
    return enrolment is not None and enrolment.status in ENDED


def figures_for(enrolment: Enrolment) -> Figures:
    """The figures the completion rule used once ended; the figures so far before."""
    if has_ended(enrolment) and enrolment.sessions_offered is not None:
        return Figures(
            offered=enrolment.sessions_offered, attended=enrolment.sessions_attended or 0
        )
    return attendance_of(enrolment)


def report_document_context(report: ProgrammeReport) -> dict:
    referral = report.referral
    programme = referral.programme
    enrolment = enrolment_of(referral)
    context = {
        "report": report,
        "referral": referral,
        "programme": programme,
        "enrolment": enrolment,
        "made_on": timezone.localdate(),
        "figures": None,
        "goals": [],
        "completion_percent": programme.completion_percent,
    }
    if enrolment is not None:
        figures = figures_for(enrolment)
        plan = keywork_plan_of(enrolment)
        context.update(
            figures=figures,
            share_text=figures.share_text(programme.completion_percent),
            meets_rule=figures.meets(programme.completion_percent),
            goals=list(plan.goals.all()) if plan is not None else [],
            plan=plan,
            ended=has_ended(enrolment),
        )
    return context


def reports_section(referral: Referral) -> dict:
    """The update requests and reports of a referral, each report with its links."""
    requests = list(
        UpdateRequest.objects.filter(referral=referral).select_related(
            "recorded_by", "answered_by_report"
        )
    )
    reports = list(
        ProgrammeReport.objects.filter(referral=referral)
        .select_related("written_by")
        .prefetch_related(
            Prefetch("links", queryset=ReportLink.objects.order_by("-created_at", "-pk"))
        )
    )
    for report in reports:
        links = list(report.links.all())
        report.latest_link = links[0] if links else None
    return {"update_requests": requests, "reports": reports}


def report_for_page(pk: int) -> ProgrammeReport | None:
    return (
        ProgrammeReport.objects.select_related("referral", "referral__programme", "written_by")
        .filter(pk=pk)
        .first()
    )


def link_for_page(pk: int) -> ReportLink | None:
    return (
        ReportLink.objects.select_related("report", "report__referral", "sent_by")
        .filter(pk=pk)
        .first()
    )


def link_for_token(raw: str) -> ReportLink | None:
    if not raw:
        return None
    return (
        ReportLink.objects.select_related("report", "report__referral", "sent_by")
        .filter(token_hash=hash_secret(raw))
        .first()
    )
