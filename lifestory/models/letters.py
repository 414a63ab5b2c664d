"""The later-life letter (issue 17, R5): a letter to the child to read when older.

It is its own document, beside the book, with its own review and approval
(transitions.LETTER_TRANSITIONS, one engine: portal.transitions). A book has
one current letter: its versions are chained by `amends` and numbered.
Approval signs and locks that version (portal.signatures, portal.locking); a
later change is the next version, an amendment with its reason, copied from it.

It is due with the final book: 10 working days after the celebration hearing
(LifeStoryBook.final_due_date).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.locking import Lockable

from .books import LifeStoryBook


class LaterLifeLetter(Lockable):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"

    book = models.ForeignKey(LifeStoryBook, on_delete=models.PROTECT, related_name="letters")
    number = models.PositiveIntegerField(default=1)
    addressed_to = models.CharField(
        "greeting",
        max_length=120,
        blank=True,
        help_text="How the letter greets the child, for example “Dear Kai”.",
    )
    body = models.TextField(
        "text", blank=True, help_text="Headings, bold text and lists only: it is sanitised."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    child_record = ChildRecord("book__child")

    class Meta:
        ordering = ["book", "number"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="one_letter_number_per_book")
        ]

    def __str__(self) -> str:
        return f"Later-life letter of {self.book.child}, version {self.number}"

    def signature_capacities(self) -> dict:
        return {"team manager": self.approved_by}
