"""Placement-quality feedback (issue 4, requirement 11).

At the end of a placement the student rates the setting. The answers are kept
apart from who gave them: `QualityFeedback` names the setting (host and team)
and the placement level, never the placement or the student, and its history
records no user. `QualityFeedbackReceipt` records only that a placement's
student has answered, so nobody answers twice.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation

from .placement import Placement


def _no_user(**kwargs):
    return None


def score_field(question: str):
    return models.PositiveSmallIntegerField(
        question, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class QualityFeedback(models.Model):
    # The scaled items, 1 (strongly disagree) to 5 (strongly agree), in the order
    # the questionnaire asks them.
    SCORES = (
        "induction",
        "learning_opportunities",
        "supervision",
        "team_support",
        "recommend",
    )

    # A random key, so the order of the rows cannot be matched with the receipts'.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Placement.Level.choices)
    # Only the term (month) the answers came in, so the time cannot identify anyone.
    received_month = models.DateField(help_text="The first day of the month it was received.")
    induction = score_field("My induction prepared me for the placement.")
    learning_opportunities = score_field(
        "The setting gave me the learning opportunities in my agreement."
    )
    supervision = score_field("Supervision was regular and helped me learn.")
    team_support = score_field("The team made me welcome and supported me.")
    recommend = score_field("I would recommend this setting to another student.")
    went_well = models.TextField("what went well", blank=True)
    could_improve = models.TextField("what the setting could improve", blank=True)
    history = HistoricalRecords(get_user=_no_user)

    class Meta:
        ordering = ["host", "team", "-received_month"]
        verbose_name_plural = "quality feedback"

    def __str__(self) -> str:
        return f"Placement-quality feedback for {self.host} ({self.team})"


class QualityFeedbackReceipt(models.Model):
    """That the student of `placement` has answered the questionnaire (not what)."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="quality_feedback_receipt"
    )
    received_on = models.DateField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Quality feedback received for {self.placement}"
