"""Secret, revocable addresses of each person's iCalendar (.ics) feed."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CalendarFeed(models.Model):
    """A calendar app reads the feed without signing in, so the address is the
    secret: only its SHA-256 is stored (as with API tokens), and revoking it
    stops the old address working at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_read_at"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
