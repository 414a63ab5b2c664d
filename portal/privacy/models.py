"""Retention schedules (data, edited by admins) and legal holds."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .register import personal_records


class RetentionSchedule(models.Model):
    """How long one type of record is kept, from which date, and what then happens."""

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", "Anonymise (keep the record without personal data)"
        DELETE = "delete", "Delete the record"

    record_type = models.CharField(
        max_length=80,
        unique=True,
        help_text="The model, as app.Model (casework.Child), from the register of personal data.",
    )
    period_months = models.PositiveIntegerField(
        help_text="How long the record is kept, in months (75 years = 900 months)."
    )
    counts_from = models.CharField(
        max_length=40,
        help_text="The date the period counts from, one of those the register offers "
        "for this record type.",
    )
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.ANONYMISE)
    statutory = models.BooleanField(
        default=False,
        help_text="The law requires keeping these records for the period: a request to "
        "erase them is refused until it ends.",
    )
    source = models.TextField(
        help_text="Where the rule comes from (law, guidance, local policy), for anyone "
        "who asks why a record was kept or let go."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.period_months} months from {self.counts_from}"

    def clean(self) -> None:
        declared = personal_records().get(self.record_type)
        if declared is None:
            raise ValidationError(
                {"record_type": "Choose a record type from the register of personal data."}
            )
        if self.counts_from not in declared.counts_from:
            offered = ", ".join(sorted(declared.counts_from)) or "none"
            raise ValidationError(
                {"counts_from": f"For {self.record_type} the period can count from: {offered}."}
            )
        if not self.period_months:
            raise ValidationError({"period_months": "Enter a period of at least 1 month."})


class LegalHold(models.Model):
    """A record that must not be anonymised or deleted, whatever its schedule says
    (litigation, an inquiry, a complaint), until the hold is lifted."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    reason = models.TextField(help_text="Why the record is held (no personal data needed).")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="legal_holds_set"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds_lifted",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-set_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Hold on {self.content_type.app_label}.{self.content_type.model} {self.object_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One pass of the retention schedules: what it found and did, in counts only
    (never a name or a record's contents), for admins to read."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    as_of = models.DateField(help_text="The day the periods were counted to.")
    dry_run = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the daily schedule started it.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    # One row per record type: {"record_type", "action", "expired", "done", "held", "failed"}.
    results = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        kind = "Dry run" if self.dry_run else "Run"
        return f"{kind} as of {self.as_of:%Y-%m-%d}"

    @property
    def totals(self) -> dict[str, int]:
        keys = ("expired", "done", "held", "failed")
        return {key: sum(row.get(key, 0) for row in self.results) for key in keys}


class AnonymisedRecord(models.Model):
    """A record the retention run (or an erasure) anonymised, so it is never done
    twice and a subject access export can say the record no longer names anyone."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    run = models.ForeignKey(
        RetentionRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="anonymised_once_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model} {self.object_id}"


class RightsRequest(models.Model):
    """A person's request under UK GDPR (access, rectification, erasure, restriction,
    objection), answered within one calendar month of receipt, extendable once by
    up to two further months with a reason."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Access (a copy of their data)"
        RECTIFICATION = "rectification", "Rectification (correct their data)"
        ERASURE = "erasure", "Erasure (delete their data)"
        RESTRICTION = "restriction", "Restriction (stop using their data for now)"
        OBJECTION = "objection", "Objection (stop a use of their data)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Answered"
        REFUSED = "refused", "Refused"

    class SubjectKind(models.TextChoices):
        USER = "user", "Someone with an account"
        CHILD = "child", "A child"
        CARER = "carer", "A parent or carer"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField("date received")
    requested_by = models.CharField(
        "who asked",
        max_length=200,
        help_text="Their name and how to reach them, or who asked on their behalf.",
    )
    subject_kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField(
        help_text="The account's, child's or carer's id (find it under Subject access)."
    )
    details = models.TextField(blank=True, help_text="What they asked for, in short.")
    due_on = models.DateField()
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display().split(' (')[0]} request received {self.received_on}"

    @property
    def deadline(self):
        return self.extended_to or self.due_on

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.deadline < today
