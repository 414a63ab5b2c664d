"""Safeguarding concerns raised from a session: never edited, never deleted.

Once submitted, a concern's account stands as written: later facts are
addenda. The practice educator records the outcome once; until then the
concern stays at the top of the child's page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .children import Child
from .sessions import DirectWorkSession


class ConcernImmutable(ValidationError):
    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "A safeguarding concern cannot be changed or deleted once it is submitted. "
            "Add an addendum with anything new."
        )


# The outcome is written once, by the practice educator; nothing else changes.
OUTCOME_FIELDS = frozenset({"outcome", "outcome_recorded_at", "outcome_recorded_by_id"})


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ConcernImmutable()

    def delete(self):
        raise ConcernImmutable()


class SafeguardingConcern(models.Model):
    session = models.ForeignKey(
        DirectWorkSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_concerns",
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="safeguarding_concerns")
    happened_at = models.DateTimeField("when it happened or was said")
    what_happened = models.TextField(
        "what happened or was said",
        error_messages={"blank": "Write what happened or what the child said, in their words."},
    )
    actions_taken = models.TextField(
        "what you have done so far",
        error_messages={"blank": "Write what you have done so far, and who you told."},
    )
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField("outcome", blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"Safeguarding concern about {self.child}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values().first()
            if stored is not None:
                changed = {
                    f.attname
                    for f in self._meta.concrete_fields
                    if stored.get(f.attname) != getattr(self, f.attname)
                }
                if changed - OUTCOME_FIELDS or stored["outcome_recorded_at"] is not None:
                    raise ConcernImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConcernImmutable()

    @property
    def is_open(self) -> bool:
        return self.outcome_recorded_at is None


class SafeguardingAddendum(models.Model):
    """Something added to a concern after it was submitted."""

    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.PROTECT, related_name="addenda"
    )
    text = models.TextField(error_messages={"blank": "Write what you are adding."})
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    child_record = ChildRecord("concern__child")

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "safeguarding addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.concern}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise ConcernImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConcernImmutable()
