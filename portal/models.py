"""The shared kernel's records: notifications (and their email outbox), signatures,
bank holidays, background documents and form drafts."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .dates import long_date, short_date


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Delivery(models.TextChoices):
    """How a kind of notification reaches a person (portal.notification_kinds)."""

    EMAIL = "email", "At once by email"
    DIGEST = "digest", "In a daily summary email"
    PORTAL = "portal", "In the portal only"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The language the title was written in, so its email is worded in the same one
    # (a Swedish programme's reminder arrives in Swedish); blank: the site's default.
    language = models.CharField(max_length=10, blank=True)
    # What it is about (portal.notification_kinds; blank: older notifications) and
    # how it reaches its person, decided when it was made from their choice for
    # the kind: a later change of mind does not move what was already sent.
    kind = models.CharField(max_length=30, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    history = HistoricalRecords()

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"], name="notification_digest_due"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How a person wants to hear of one kind of notification. No row: the kind's
    default. Safeguarding alerts are never stored here (always at once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=30)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery} for user #{self.user_id}"


class BankHoliday(models.Model):
    """Days that are not working days, kept as data (admins add future years)."""

    class Region(models.TextChoices):
        ENGLAND_AND_WALES = "england-and-wales", "England and Wales"

    date = models.DateField()
    name = models.CharField(max_length=100)
    region = models.CharField(
        max_length=30, choices=Region.choices, default=Region.ENGLAND_AND_WALES
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["region", "date"], name="one_bank_holiday_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({long_date(self.date)})"


def _locked_records_among(signatures: models.QuerySet) -> bool:
    """Whether any of `signatures` belongs to a locked record (portal.locking)."""
    from .locking import Lockable

    pairs = signatures.values_list("content_type_id", "object_id")
    by_type: dict[int, set[int]] = {}
    for content_type_id, object_id in pairs:
        by_type.setdefault(content_type_id, set()).add(object_id)
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Lockable):
            continue
        if model._base_manager.filter(pk__in=ids, locked_at__isnull=False).exists():
            return True
    return False


class SignatureQuerySet(models.QuerySet):
    """Signatures of a locked record stay as they were: no bulk change or delete."""

    def update(self, **kwargs):
        from .locking import RecordLocked

        if _locked_records_among(self):
            raise RecordLocked()
        return super().update(**kwargs)

    def delete(self):
        from .locking import RecordLocked

        if _locked_records_among(self):
            raise RecordLocked()
        return super().delete()


class Signature(models.Model):
    """Someone's signature on a signable record, in a named capacity.

    The signatures of a locked record are part of it: they are neither added,
    changed nor deleted (portal.locking), whatever the path.

    `signed_version` is the id of the record's history row at the moment of
    signing, so the history can show what changed between the signed text and
    any later edit. Clearing signatures deletes these rows; their own history
    keeps who had signed and when.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    capacity = models.CharField(
        max_length=30, help_text="The role the person signs in, e.g. practice_educator."
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    signed_version = models.PositiveBigIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "capacity"], name="one_signature_per_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"Signed by {self.signer} as {self.capacity} on {short_date(self.signed_at)}"

    def save(self, *args, **kwargs):
        self._refuse_if_record_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_record_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_record_locked(self) -> None:
        from .locking import Lockable, RecordLocked

        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        if model is None or not issubclass(model, Lockable):
            return
        if model._base_manager.filter(pk=self.object_id, locked_at__isnull=False).exists():
            raise RecordLocked()


def _document_export_path(instance: "DocumentExport", filename: str) -> str:
    # A random folder per file: the name cannot be guessed, and two exports with
    # the same filename never collide. Files live in the default storage
    # (MEDIA_ROOT, private: never served directly) and leave only through
    # portal.exports' download view, which checks permission again.
    return f"exports/{instance.kind}/{uuid.uuid4().hex}/{filename}"


class DocumentExport(models.Model):
    """A document someone asked for that is made in the background (a PDF of a
    placement's supervision log; later Life Story Books). portal.exports makes
    and serves them; they are deleted with their files after a week."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    IN_FLIGHT = (Status.QUEUED, Status.RUNNING)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_exports"
    )
    kind = models.SlugField(max_length=50, help_text="What is made, e.g. supervision_log.")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=_document_export_path, max_length=300, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, for the support team.")
    parameters = models.JSONField(
        default=dict,
        blank=True,
        help_text="What was asked for beyond the record, e.g. a list's filters and format.",
    )
    progress_done = models.PositiveIntegerField(
        default=0, help_text="Rows written so far (kinds that report progress)."
    )
    progress_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows to write, once known."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_by", "kind", "content_type", "object_id"],
                name="document_export_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} for {self.requested_by} ({self.status})"


class FormDraft(models.Model):
    """What someone typed into a long form and has not saved yet (portal.drafts).

    The raw field values as the browser sent them: not validated, not applied to
    the record. One per person and record. Private to its author: it may hold a
    child's words (a direct-work session log), so only its author's own requests
    read it. No history (it is not the record, and a history of drafts would be a
    second copy of unsaved notes); pruned after portal.drafts.RETENTION.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(default=dict, help_text="Field name to the list of values sent.")
    saved_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_draft_per_user_and_record"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.content_type.model} #{self.object_id} by user #{self.user_id}"


class EmailOutboxQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=EmailOutbox.Status.PENDING, next_attempt_at__lte=now)


class EmailOutbox(models.Model):
    """An email in the transactional outbox.

    Written in the same transaction as the write that sends it, so the email is
    not lost when the broker is down at commit: the relay (`email_outbox_relay`,
    on Celery beat) sends what is still pending. Two kinds: a notification's email
    to a portal user (`notification`), and a direct email to an address that may
    have no account yet (`recipient`, `subject`, `message`: an invitation, a
    school's safeguarding lead). A direct email's message is cleared once sent, as
    it may hold a one-time link. No history: this is itself the delivery log
    (attempts, last error, when sent).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (the person's account is inactive)"
        FAILED = "failed", "Failed every attempt"

    notification = models.OneToOneField(
        Notification,
        on_delete=models.CASCADE,
        related_name="email_outbox",
        null=True,
        blank=True,
    )
    recipient = models.EmailField(blank=True)
    subject = models.CharField(max_length=250, blank=True)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Who was acting when the email was asked for: the relay sends on their
    # behalf, so the notification's history names them as a worker would.
    acting_user_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailOutboxQuerySet.as_manager()

    class Meta:
        verbose_name = "outbox email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_outbox_due")]
        constraints = [
            models.CheckConstraint(
                name="email_outbox_notification_or_recipient",
                condition=(models.Q(notification__isnull=False) & models.Q(recipient=""))
                | (models.Q(notification__isnull=True) & ~models.Q(recipient="")),
            )
        ]

    def __str__(self) -> str:
        if self.notification_id:
            return f"Email of notification #{self.notification_id} ({self.status})"
        return f"Email to {self.recipient}: {self.subject} ({self.status})"
