"""A cause for concern about a placement (issue 4, requirement 8; DOMAIN.md).

Stage 1: the practice educator and the student agree an action plan. Stage 2:
the university tutor joins. A concern ends resolved (with an outcome note) or
with the placement suspended or ended early. The steps are in
placements/services/concern.py.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .placement import Placement


class Concern(models.Model):
    class Stage(models.IntegerChoices):
        PRACTICE = 1, "Stage 1: practice educator and student"
        TUTOR = 2, "Stage 2: university tutor joins"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        PLACEMENT_SUSPENDED = "placement_suspended", "Placement suspended"
        PLACEMENT_ENDED = "placement_ended", "Placement ended"

    # Concerns still being dealt with: shown on dashboards and the placement page.
    UNRESOLVED_STATUSES = frozenset({Status.OPEN, Status.PLACEMENT_SUSPENDED})

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.PRACTICE)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField("what the concern is")
    action_plan = models.TextField("action plan")
    outcome = models.TextField("outcome", blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Cause for concern about {self.placement}"

    @property
    def is_unresolved(self) -> bool:
        return self.status in self.UNRESOLVED_STATUSES
