"""An attached file: which record it belongs to, what it is, who added it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.defaultfilters import filesizeformat
from simple_history.models import HistoricalRecords

from portal.storage import private_file_storage

from .content import EXTENSIONS, KIND_LABELS, MEDIA_TYPES


def stored_name(instance: Attachment, filename: str) -> str:
    """A random name in the private storage: the uploaded name is never a path."""
    return f"attachments/{uuid.uuid4().hex}{EXTENSIONS.get(instance.kind, '')}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", KIND_LABELS["pdf"]
        DOCX = "docx", KIND_LABELS["docx"]
        JPEG = "jpeg", KIND_LABELS["jpeg"]
        PNG = "png", KIND_LABELS["png"]

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(storage=private_file_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(
        "file name", max_length=120, help_text="As uploaded, cleaned and checked for names."
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(help_text="In bytes, as stored.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attachments_added"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Attachment {self.pk} ({self.get_kind_display()})"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    @property
    def size_label(self) -> str:
        return filesizeformat(self.size)
