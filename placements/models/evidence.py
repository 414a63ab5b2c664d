"""Capability evidence (issue 4, requirement 6).

The student writes evidence items tagged with PCF domains and KSS statements;
the practice educator comments on each item and rates the placement's progress
in each PCF domain. Tags point at `Capability` rows of one framework version,
so publishing a new version never changes what old evidence was linked to.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from simple_history.models import HistoricalRecords

from portal.dates import short_date

from .placement import Placement
from .reference import Capability


class CapabilityRating(models.TextChoices):
    """The practice educator's judgement of a domain, used by ratings and reviews."""

    NOT_YET = "not_yet", "Not yet"
    PROGRESSING = "progressing", "Progressing"
    MEETS = "meets", "Meets the level"


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        DIRECT_WORK = "direct_work", "Direct work"
        ASSESSMENT = "assessment", "Assessment"
        OBSERVATION = "observation", "Observation"
        SUPERVISION = "supervision", "Supervision"
        READING = "reading", "Reading"
        OTHER = "other", "Other"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evidence")
    date = models.DateField("date of the work")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="A short name for the piece of work.")
    reflection = models.TextField(
        help_text="What you did, what you learnt and how it shows the capabilities you tag. "
        "Never name a child or family."
    )
    capabilities = models.ManyToManyField(
        Capability, related_name="evidence_items", verbose_name="capabilities shown"
    )
    # An optional link to the record the evidence is about (a direct-work session,
    # a supervision record...), once those records exist.
    related_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True
    )
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related_record = GenericForeignKey("related_type", "related_id")
    educator_comment = models.TextField("practice educator's comment", blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[capabilities])

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(related_type__isnull=True, related_id__isnull=True)
                    | models.Q(related_type__isnull=False, related_id__isnull=False)
                ),
                name="evidence_related_record_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({short_date(self.date)})"


class DomainRating(models.Model):
    """The practice educator's current rating of one PCF domain on one placement."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="domain_ratings"
    )
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=CapabilityRating.choices)
    comment = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "capability__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "capability"], name="one_rating_per_domain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability}: {self.get_rating_display()}"
