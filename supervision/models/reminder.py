"""Reminders the daily task has sent, so it never sends one twice."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """One reminder about one thing (`subject`) to one person, sent once.

    `subject` names what it is about, e.g. "placement:12:week:2026-11-02" or
    "session:40": the unique constraint makes a second run of the task (or two
    workers at once) a no-op. No history: the rows are the task's own log.
    """

    class Rule(models.TextChoices):
        WEEK_WITHOUT_SUPERVISION = "week_without_supervision", "A week without supervision"
        REFLECTION_WAITING = "reflection_waiting", "A record waiting for your reflection"
        SIGNATURE_WAITING = "signature_waiting", "A record waiting for your signature"
        OBSERVATION_NOT_BOOKED = "observation_not_booked", "No observation booked"
        # From the sources other apps register (portal.reminders), e.g. Life Story Books.
        DEADLINE = "deadline", "A deadline coming or passed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_reminders"
    )
    rule = models.CharField(max_length=40, choices=Rule.choices)
    subject = models.CharField(max_length=100)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    digest = models.ForeignKey("ReminderDigest", on_delete=models.CASCADE, related_name="reminders")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rule", "subject"], name="one_reminder_per_subject"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ReminderDigest(models.Model):
    """The one digest a person gets on a day (in-app and by email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    sent_on = models.DateField()
    notification = models.ForeignKey(
        "portal.Notification", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminders for {self.user} on {self.sent_on}"
