"""Outcomes (issue 18, requirement 6).

An `OutcomeCheck` records one child's social care status at a point: at
referral (what the referrer said), at completion, and 3 and 12 months after
completion. The follow-up checks are created on enrolment's end with their due
dates; beat reminds the care co-ordinator and flags them overdue. The parent's
own outcomes are goal scores (KeyworkGoal) and the Rosenberg self-esteem scale
(10 items, a total of 0 to 30) at the start and the end.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .delivery import Enrolment
from .referrals import ReferredChild, SocialCareStatus


class OutcomeCheck(models.Model):
    class Point(models.TextChoices):
        REFERRAL = "referral", "At referral"
        COMPLETION = "completion", "At completion"
        THREE_MONTHS = "3m", "3 months after"
        TWELVE_MONTHS = "12m", "12 months after"

    child = models.ForeignKey(ReferredChild, on_delete=models.CASCADE, related_name="outcomes")
    point = models.CharField(max_length=12, choices=Point.choices)
    due_on = models.DateField()
    status = models.CharField(
        "social care status", max_length=20, choices=SocialCareStatus.choices, blank=True
    )
    recorded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    child_record = ChildRecord("child")
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "point"], name="one_check_per_point")
        ]
        indexes = [models.Index(fields=["point", "status"])]

    def __str__(self) -> str:
        return f"{self.get_point_display()} check ({self.child.referral.reference})"

    @property
    def is_recorded(self) -> bool:
        return bool(self.status)


class SelfEsteemScore(models.Model):
    """The Rosenberg self-esteem scale's total (10 items scored 0–3)."""

    class Point(models.TextChoices):
        START = "start", "At the start"
        END = "end", "At the end"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="self_esteem_scores"
    )
    point = models.CharField(max_length=10, choices=Point.choices)
    score = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(0, "A Rosenberg score is between 0 and 30."),
            MaxValueValidator(30, "A Rosenberg score is between 0 and 30."),
        ]
    )
    recorded_on = models.DateField()
    child_record = ChildRecord("enrolment__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "point"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "point"], name="one_rosenberg_per_point")
        ]

    def __str__(self) -> str:
        return f"Rosenberg {self.get_point_display().lower()} ({self.enrolment.referral.reference})"
