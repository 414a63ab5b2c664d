"""Reference data that admins edit in the Django admin."""

from django.db import models
from simple_history.models import HistoricalRecords


class Theme(models.Model):
    """A theme of direct work (self-esteem, online safety, ...).

    DOMAIN.md: the POP themes are editable reference data, not an enum, so a
    theme is retired by making it inactive rather than deleted (plans keep it).
    """

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(
        "offered", default=True, help_text="Inactive themes stay on old plans but are not offered."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Themes are listed in this order."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
