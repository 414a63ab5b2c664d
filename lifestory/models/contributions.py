"""Contributions from outside (issue 17, requirement 4).

The worker sends a foster carer or a birth relative a `ContributionLink`: a
one-project address where they may upload photos and write a short message,
and nothing else. The link keeps only the SHA-256 of its token (the token
itself is shown once, to the worker, and emailed once if an address is
given), expires (14 days unless the worker chooses 1 to 30) and may be
revoked. What arrives is a `Contribution`: the message, and photos kept as
MediaItems in quarantine until the worker accepts each into the book or
deletes it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .books import LifeStoryBook

DEFAULT_DAYS = 14
MOST_DAYS = 30
MESSAGE_LENGTH = 1000


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ContributionLink(models.Model):
    book = models.ForeignKey(
        LifeStoryBook, on_delete=models.PROTECT, related_name="contribution_links"
    )
    contributor_name = models.CharField(
        "their name",
        max_length=120,
        error_messages={"blank": "Enter the name of the person the link is for."},
    )
    relationship = models.CharField(
        "who they are to the child",
        max_length=80,
        help_text="For example: foster carer, birth grandmother.",
        error_messages={"blank": "Say who the person is to the child."},
    )
    email = models.EmailField(
        "email address", blank=True, help_text="If given, the link is emailed to them."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    child_record = ChildRecord("book__child")

    class Meta:
        ordering = ["book", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"Contribution link for {self.contributor_name} ({self.relationship})"

    @property
    def first_name(self) -> str:
        return (self.contributor_name.split() or [""])[0]

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return (
            not self.is_revoked
            and not self.is_expired
            and self.book.status != LifeStoryBook.Status.DELIVERED
        )


class Contribution(models.Model):
    """One submission through a link: its message; its photos are MediaItems."""

    link = models.ForeignKey(
        ContributionLink, on_delete=models.PROTECT, related_name="contributions"
    )
    message = models.TextField(blank=True, max_length=MESSAGE_LENGTH)
    received_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    child_record = ChildRecord("link__book__child")

    class Meta:
        ordering = ["link", "received_at", "pk"]

    def __str__(self) -> str:
        return f"Contribution from {self.link.contributor_name}"
