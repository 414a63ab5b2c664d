"""A printed Life Story Book: one PDF of one version, made in the background and
kept in private storage. Renders are numbered per book and never overwritten;
the book records which one was delivered."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.models import DocumentExport

from ..storage import private_file_storage
from .books import BookVersion, LifeStoryBook


def _render_name(instance: BookRender, filename: str) -> str:
    return f"lifestory/{instance.book_id}/renders/{secrets.token_hex(16)}.pdf"


class BookRender(models.Model):
    # The same statuses as every document made in the background (portal.exports).
    Status = DocumentExport.Status
    IN_FLIGHT = DocumentExport.IN_FLIGHT

    book = models.ForeignKey(LifeStoryBook, on_delete=models.PROTECT, related_name="renders")
    version = models.ForeignKey(BookVersion, on_delete=models.PROTECT, related_name="renders")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    file = models.FileField(storage=private_file_storage, upload_to=_render_name, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    photos = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why it failed, for the support team.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    child_record = ChildRecord("book__child")

    class Meta:
        ordering = ["book", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="one_render_number_per_book")
        ]

    def __str__(self) -> str:
        return f"Print {self.number} of {self.book}"
