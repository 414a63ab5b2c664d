"""A Life Story Book project for one child placed permanently away from home.

The project (`LifeStoryBook`) holds who works on it, its plan type, its two
deadlines and its status (transitions.BOOK_TRANSITIONS, one engine:
portal.transitions). Its text lives in versions: a `BookVersion` holds the
chapters; approval signs and locks the current version (portal.locking), and a
later change is a new version (an amendment with its reason) copied from it.

Deadlines (DOMAIN.md, "Life Story Books"): the draft is due at the second
adoption review; the final book (and the later-life letter) within 10 working
days of the celebration hearing (portal.workingdays).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.locking import Lockable, LockedWithParent

# The final book is handed over within this many working days of the hearing.
FINAL_WORKING_DAYS = 10
# Dashboards flag a deadline this many working days ahead.
DUE_SOON_WORKING_DAYS = 10

DEFAULT_OUTLINE = (
    "My birth",
    "My birth family",
    "Why I could not stay",
    "The people who looked after me",
    "Me now",
    "My future",
)


class LifeStoryBook(models.Model):
    class PlanType(models.TextChoices):
        ADOPTION = "adoption", "Adoption"
        LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
        SPECIAL_GUARDIANSHIP = "special_guardianship", "Special guardianship"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        GATHERING = "gathering", "Gathering"
        DRAFTING = "drafting", "Drafting"
        DRAFT_REVIEW = "draft_review", "Draft review"
        REVISIONS = "revisions", "Revisions"
        APPROVED = "approved", "Approved"
        DELIVERED = "delivered", "Delivered"

    class DeliveryForm(models.TextChoices):
        PRINTED = "printed", "Printed book"
        DIGITAL = "digital", "PDF"
        BOTH = "both", "Printed book and PDF"

    child = models.OneToOneField(
        "casework.Child",
        on_delete=models.PROTECT,
        related_name="life_story_book",
        error_messages={"unique": "This child already has a Life Story Book."},
    )
    plan_type = models.CharField(
        "the child's plan",
        max_length=30,
        choices=PlanType.choices,
        error_messages={"blank": "Choose the child's plan."},
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="life_story_books",
        verbose_name="life-story worker",
    )
    co_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="life_story_books_coworked",
        verbose_name="student co-worker",
    )
    second_review_date = models.DateField(
        "second adoption review",
        null=True,
        blank=True,
        help_text="The draft book is due on this day.",
    )
    celebration_hearing_date = models.DateField(
        "celebration hearing",
        null=True,
        blank=True,
        help_text="The final book and the later-life letter are due 10 working days after it.",
    )
    final_due_date = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivered_on = models.DateField(null=True, blank=True)
    delivered_to = models.CharField(
        "handed to", max_length=200, blank=True, help_text="Who received the book."
    )
    delivery_form = models.CharField(max_length=10, choices=DeliveryForm.choices, blank=True)
    delivered_render = models.ForeignKey(
        "lifestory.BookRender",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The printed version that was handed over.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["final_due_date", "second_review_date", "pk"]
        indexes = [models.Index(fields=["status", "final_due_date"])]

    def __str__(self) -> str:
        return f"Life Story Book of {self.child}"

    @property
    def draft_due_date(self):
        return self.second_review_date

    @property
    def draft_stage(self) -> bool:
        """Still working towards the first draft (its deadline is the one that counts)."""
        S = self.Status
        return self.status in (S.NOT_STARTED, S.GATHERING, S.DRAFTING)

    @property
    def next_due_date(self):
        if self.status == self.Status.DELIVERED:
            return None
        return self.draft_due_date if self.draft_stage else self.final_due_date


class BookVersion(Lockable):
    """The text of a book as one team manager approves it. Version 1 is made with
    the book; an amendment of an approved version is the next number."""

    book = models.ForeignKey(LifeStoryBook, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    child_record = ChildRecord("book__child")

    class Meta:
        ordering = ["book", "number"]
        constraints = [
            models.UniqueConstraint(fields=["book", "number"], name="one_version_number_per_book")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.book}"

    def signature_capacities(self) -> dict:
        return {"team manager": self.book.approved_by}


class Chapter(LockedWithParent):
    lock_parent = "version"

    version = models.ForeignKey(BookVersion, on_delete=models.PROTECT, related_name="chapters")
    position = models.PositiveIntegerField()
    title = models.CharField(
        max_length=120,
        error_messages={
            "blank": "Enter the chapter's title.",
            "max_length": "The title must be 120 characters or fewer.",
        },
    )
    body = models.TextField(
        "text", blank=True, help_text="Headings, bold text and lists only: it is sanitised."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    child_record = ChildRecord("version__book__child")

    class Meta:
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ChapterComment(models.Model):
    """A reviewer's comment on a chapter in draft review, and the worker's answer."""

    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(error_messages={"blank": "Enter your comment."})
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    child_record = ChildRecord("chapter__version__book__child")

    class Meta:
        ordering = ["chapter", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.chapter}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
