"""Who works on a programme (issue 18, requirement 9).

A programme worker (care co-ordinator, assessment team member, group
facilitator) holds a `programme_worker` membership of the provider and is put
on the programme's team here; they see that programme's referrals and families
and nothing of another programme. The provider's co-ordinators (a
`coordinator` membership of the provider) see every programme it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .programmes import Programme


class ProgrammeWorker(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_teams"
    )
    added_on = models.DateField(default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_place_on_a_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.programme}"
