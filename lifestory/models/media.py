"""Photos in a Life Story Book, kept in private storage (never Wagtail's image
library) and handed out only by a view that checks who asks and logs the read.

What is stored was re-encoded from its pixels by media.clean_image: no EXIF,
GPS, XMP or comment survives. Each photo says what it shows, where it came
from and who consented to its use. One that may identify where the child lives
now, their school or their carers is flagged until a reviewer clears it; a
flagged photo never goes into a rendered book.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from ..storage import private_file_storage
from .books import Chapter, LifeStoryBook
from .contributions import Contribution


def _stored_name(instance: MediaItem, filename: str) -> str:
    """An unguessable name: nothing about the child or the file's own name."""
    return f"lifestory/{instance.book_id}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class MediaItem(models.Model):
    class Status(models.TextChoices):
        QUARANTINE = "quarantine", "Waiting to be accepted"
        ACCEPTED = "accepted", "In the book"

    book = models.ForeignKey(LifeStoryBook, on_delete=models.PROTECT, related_name="media")
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media",
        help_text="The chapter the photo belongs in.",
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media",
        help_text="The contribution from outside it came in.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACCEPTED)
    file = models.FileField(storage=private_file_storage, upload_to=_stored_name)
    thumbnail = models.FileField(storage=private_file_storage, upload_to=_stored_name)
    print_version = models.FileField(storage=private_file_storage, upload_to=_stored_name)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_sha256 = models.CharField(max_length=64, editable=False)
    caption = models.CharField(
        max_length=300, error_messages={"blank": "Enter a caption for the photo."}
    )
    shows = models.CharField(
        "who or what it shows", max_length=300, blank=True, help_text="People, places, things."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the photo came from, e.g. the foster carer."
    )
    consent = models.CharField(
        "consent for its use",
        max_length=300,
        error_messages={"blank": "Say who agreed to the photo being used in the book."},
    )
    may_identify = models.BooleanField(
        "may identify a current address, school or carer",
        default=False,
        help_text="A reviewer must clear it before it can go into a printed book.",
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    child_record = ChildRecord("book__child")

    class Meta:
        ordering = ["book", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Photo in {self.book}"

    @property
    def needs_clearing(self) -> bool:
        return self.may_identify and self.cleared_at is None

    @property
    def may_be_printed(self) -> bool:
        return self.status == self.Status.ACCEPTED and not self.needs_clearing
