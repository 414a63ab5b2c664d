"""Updates and the completion report for the referrer (issue 18, requirement 5).

- `update_request_record`: the referrer asked for an update (phone, email, meeting).
- `report_create`: an update (for an accepted or enrolled referral) or the
  completion report (once the enrolment has ended); its PDF is made by a Celery
  worker after commit (`report_render_run`, the Life Story Book prints' shape),
  through the shared renderer (portal.pdf), and kept in private storage.
- `report_send`: a new download link for the referral's referrer email only,
  emailed with the reference and the address (never an attachment, a name or
  what the report says); an earlier link to the same report stops working.
- `report_link_revoke`: the link stops working.
- `report_link_open`: the public page's download, once the recipient has typed
  the referral's reference (or the address the link was sent to).

Writing and sending need `programmes.work_with_family` (the care co-ordinator,
the provider's co-ordinators, an admin); outside the user's programmes, 404.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import hash_secret, new_secret
from portal.audit.context import acting_as
from portal.audit.services import record_access
from portal.celery import enqueue_on_commit
from portal.dates import long_date
from portal.pdf import render_pdf
from portal.permissions import require_object_permission
from portal.services import queue_email

from ..models import ProgrammeReport, Referral, ReportLink, UpdateRequest
from ..models.reports import LINK_DAYS
from ..selectors.reports import enrolment_of, has_ended, report_document_context

logger = logging.getLogger(__name__)

WORK_WITH_FAMILY = "programmes.work_with_family"
VIEW = "programmes.view_referral"
PDF_TEMPLATE = "programmes/reports/pdf.html"
# The access log needs a user: a download through a link is logged against the
# staff member who sent it, with this purpose (the referrer has no account).
LINK_DOWNLOAD_PURPOSE = "Downloaded by the referrer via link"
UNKNOWN = "This link does not work. Check that you copied the whole address from the email."
CLOSED = (
    "This link has expired or has been withdrawn. Contact the service and quote "
    "your referral's reference to ask for a new one."
)
WRONG_ANSWER = (
    "That does not match. Enter the reference of the referral, as it appears in "
    "the email, or the email address the link was sent to."
)
SUMMARY_MAX = 5000


def _may_work(by, record) -> None:
    require_object_permission(by, record, WORK_WITH_FAMILY, scope=VIEW)


def update_request_record(*, referral: Referral, requested_on: date, how: str, by) -> UpdateRequest:
    """Record that the referrer asked for an update."""
    _may_work(by, referral)
    if referral.status != Referral.Status.ACCEPTED:
        raise ValidationError(
            "Update requests are recorded for an accepted referral: this referral is "
            f"{referral.get_status_display().lower()}."
        )
    today = timezone.localdate()
    if requested_on is None:
        raise ValidationError({"requested_on": "Enter the date the referrer asked"})
    if requested_on > today:
        raise ValidationError({"requested_on": "The date must be today or in the past"})
    if requested_on < timezone.localdate(referral.received_at):
        raise ValidationError({"requested_on": "The date must be on or after the referral arrived"})
    request = UpdateRequest(referral=referral, requested_on=requested_on, how=how, recorded_by=by)
    request.full_clean()
    with acting_as(by):
        request.save()
    return request


def report_create(*, referral: Referral, kind: str, summary: str, by) -> ProgrammeReport:
    """Write an update or the completion report; its PDF is made after commit."""
    _may_work(by, referral)
    summary = (summary or "").strip()
    with transaction.atomic():
        referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
        enrolment = enrolment_of(referral)
        if kind == ProgrammeReport.Kind.UPDATE:
            if referral.status != Referral.Status.ACCEPTED:
                raise ValidationError(
                    "An update can be written for an accepted or enrolled referral only."
                )
            if not summary:
                raise ValidationError({"summary": "Enter the update for the referrer"})
        elif kind == ProgrammeReport.Kind.COMPLETION:
            if not has_ended(enrolment):
                raise ValidationError(
                    "The completion report can be written once the parent's enrolment has ended."
                )
        else:
            raise ValidationError({"kind": "Choose an update or the completion report"})
        if len(summary) > SUMMARY_MAX:
            raise ValidationError(
                {"summary": f"The summary must be {SUMMARY_MAX} characters or fewer"}
            )
        report = ProgrammeReport(referral=referral, kind=kind, summary=summary, written_by=by)
        with acting_as(by):
            report.save()
            for request in UpdateRequest.objects.filter(
                referral=referral, answered_by_report__isnull=True
            ):
                request.answered_by_report = report
                request._change_reason = "answered by a report"
                request.save(update_fields=["answered_by_report"])
        from ..tasks import render_programme_report

        enqueue_on_commit(render_programme_report, report.pk)
    return report


def _finish(report: ProgrammeReport, status: str, *, error: str = "") -> None:
    report.status = status
    report.error = error
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "file", "finished_at"])


def report_render_run(report_id: int) -> ProgrammeReport | None:
    """Make one queued report's PDF (the Celery task's work). A render error marks
    the report failed, with its reason, and is logged; it never raises."""
    with transaction.atomic():
        report = (
            ProgrammeReport.objects.select_for_update(of=("self",))
            .select_related("referral", "referral__programme")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status != ProgrammeReport.Status.QUEUED:
            return report
        report.status = ProgrammeReport.Status.RUNNING
        report.save(update_fields=["status"])
    try:
        body = render_pdf(PDF_TEMPLATE, report_document_context(report))
        report.file.save(report.filename, ContentFile(body), save=False)
    except Exception as exc:
        logger.exception("Programme report %s failed.", report.pk)
        _finish(report, ProgrammeReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        _finish(report, ProgrammeReport.Status.DONE)
    return report


def report_retry(*, report: ProgrammeReport, by) -> ProgrammeReport:
    """Queue a failed report's PDF again."""
    _may_work(by, report)
    if report.status != ProgrammeReport.Status.FAILED:
        raise ValidationError("Only a report whose PDF failed can be made again.")
    with transaction.atomic(), acting_as(by):
        report.status = ProgrammeReport.Status.QUEUED
        report.error = ""
        report.save(update_fields=["status", "error"])
        from ..tasks import render_programme_report

        enqueue_on_commit(render_programme_report, report.pk)
    return report


def report_link_url(raw_token: str) -> str:
    path = reverse("programmes_public:report_download", args=[raw_token])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def report_send(*, report: ProgrammeReport, by) -> tuple[ReportLink, str]:
    """Email the referrer a new download link (returned with its raw token, never stored)."""
    _may_work(by, report)
    if not report.is_ready:
        raise ValidationError("The report's PDF is not ready yet: it can be sent once it is made.")
    referral = report.referral
    raw = new_secret()
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        for older in ReportLink.objects.select_for_update().filter(
            report=report, revoked_at__isnull=True, expires_at__gt=now
        ):
            older.revoked_at = now
            older.revoked_by = by
            older._change_reason = "replaced by a new link"
            older.save(update_fields=["revoked_at", "revoked_by"])
        link = ReportLink.objects.create(
            report=report,
            token_hash=hash_secret(raw),
            sent_to=referral.referrer_email,
            sent_by=by,
            expires_at=now + timedelta(days=LINK_DAYS),
        )
        # The reference and the address only: no name, nothing the report says.
        queue_email(
            to=link.sent_to,
            subject=f"Referral {referral.reference}: a report is ready",
            message=(
                f"A report about your referral {referral.reference} is ready to download.\n\n"
                f"Use this link until {long_date(timezone.localtime(link.expires_at).date())}: "
                f"{report_link_url(raw)}\n\n"
                "You will be asked for the referral's reference before the report opens. "
                "The link is for you only: please do not pass it on.\n"
            ),
        )
    return link, raw


def report_link_revoke(*, link: ReportLink, by) -> ReportLink:
    _may_work(by, link.report)
    if link.is_revoked:
        raise ValidationError("This link is already withdrawn.")
    with acting_as(by):
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link._change_reason = "revoked"
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).casefold()


def _answers(link: ReportLink, answer: str) -> bool:
    """The reference as typed or read out (case, spaces and dashes aside), or the
    address the link was sent to."""
    answer = (answer or "").strip()
    if not answer:
        return False
    if "@" in answer:
        return answer.casefold() == link.sent_to.strip().casefold()
    return _letters(answer) == _letters(link.report.referral.reference)


def report_link_open(*, token: str, answer: str, path: str = "") -> ReportLink:
    """Check a download through a link and log it; the view then serves the file.

    Refusals are ValidationErrors with a code: `unknown` (404), `closed` (410),
    `wrong` (the form again)."""
    with transaction.atomic():
        link = (
            ReportLink.objects.select_for_update(of=("self",))
            .select_related("report", "report__referral", "sent_by")
            .filter(token_hash=hash_secret(token or ""))
            .first()
        )
        if link is None:
            raise ValidationError(UNKNOWN, code="unknown")
        if not link.is_open or not link.report.is_ready:
            raise ValidationError(CLOSED, code="closed")
        if not _answers(link, answer):
            raise ValidationError({"answer": WRONG_ANSWER}, code="wrong")
        now = timezone.now()
        link.opened_count += 1
        fields = ["opened_count"]
        if link.first_opened_at is None:
            link.first_opened_at = now
            fields.append("first_opened_at")
        link._change_reason = "downloaded through the link"
        link.save(update_fields=fields)
        record_access(link.sent_by, link.report.referral, LINK_DOWNLOAD_PURPOSE, path=path)
    return link
