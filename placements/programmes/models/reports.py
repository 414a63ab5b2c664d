"""Updates and the completion report for the referrer (issue 18, requirement 5).

The child's social worker who referred the parent has no account. They may ask
for an update (the care co-ordinator records the request: `UpdateRequest`);
an update and, once the enrolment has ended, the completion report are
`ProgrammeReport`s: a PDF made from the records through the shared renderer
(portal.pdf) and kept in private storage. A report reaches the referrer only
as a `ReportLink`: an expiring download address sent to the referral's
referrer email, which asks for the referral's reference before it serves the
file. The link keeps only the SHA-256 of its token (portal.accounts.models.
hash_secret); the email says the
reference and the address, never a name or what the report says.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.dates import short_date
from portal.models import DocumentExport
from portal.storage import private_file_storage

from .referrals import Referral

LINK_DAYS = 14  # how long a report link works


def _report_name(instance: ProgrammeReport, filename: str) -> str:
    return f"programmes/{instance.referral_id}/reports/{secrets.token_hex(16)}.pdf"


class UpdateRequest(models.Model):
    """The referrer asked for an update (recorded by the care co-ordinator)."""

    class How(models.TextChoices):
        PHONE = "phone", "By phone"
        EMAIL = "email", "By email"
        MEETING = "meeting", "At a meeting"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="update_requests")
    requested_on = models.DateField("date asked")
    how = models.CharField("how they asked", max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    answered_by_report = models.ForeignKey(
        "ProgrammeReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    child_record = ChildRecord("referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Update asked for on {short_date(self.requested_on)} ({self.referral.reference})"


class ProgrammeReport(models.Model):
    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        COMPLETION = "completion", "Completion report"

    # The same statuses as every document made in the background (portal.exports).
    Status = DocumentExport.Status
    IN_FLIGHT = DocumentExport.IN_FLIGHT

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    summary = models.TextField(
        "summary", blank=True, help_text="Written by the care co-ordinator for the referrer."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(storage=private_file_storage, upload_to=_report_name, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, for the support team.")
    finished_at = models.DateTimeField(null=True, blank=True)
    child_record = ChildRecord("referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.referral.reference})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def filename(self) -> str:
        return f"{self.referral.reference}-{self.kind}.pdf"


class ReportLink(models.Model):
    """One report's download address for one person: the referral's referrer."""

    report = models.ForeignKey(ProgrammeReport, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    first_opened_at = models.DateTimeField(null=True, blank=True)
    opened_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child_record = ChildRecord("report__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Link to {self.report}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return not self.is_revoked and not self.is_expired
