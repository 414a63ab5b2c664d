"""Reference data: what a course requires, and the capability frameworks.

Every number that differs between universities lives on the Course. The
frameworks (PCF, KSS) are versioned data: a new version is a new set of rows,
so evidence linked to an older version keeps pointing at what it was judged
against.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation


class Course(models.Model):
    class Level(models.TextChoices):
        BA = "ba", "BA (Hons) Social Work"
        MA = "ma", "MA Social Work"
        APPRENTICESHIP = "apprenticeship", "Social work degree apprenticeship"
        STEP_UP = "step_up", "Step Up to Social Work"

    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="courses",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
    )
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices)
    # Days (DOMAIN.md: 170 placement days, commonly 70 + 100, plus 30 skills days).
    first_placement_days = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    final_placement_days = models.PositiveSmallIntegerField(
        default=100, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    skills_days = models.PositiveSmallIntegerField(default=30, validators=[MaxValueValidator(60)])
    # The hours of a usual placement day: what "Log today" records (issue 22).
    usual_day_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("7.5"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(24))],
        help_text="The hours of a usual placement day, for example 7.5: “Log today” records these.",
    )
    # Supervision: commonly at least 1.5 hours a week.
    weekly_supervision_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    # Direct observations: traditionally 3, at least 2 by the PE, 1 before the midpoint.
    observations_total = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    observations_by_educator = models.PositiveSmallIntegerField(
        default=2, validators=[MaxValueValidator(10)]
    )
    observations_before_midpoint = models.PositiveSmallIntegerField(
        default=1, validators=[MaxValueValidator(10)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["university__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["university", "title"], name="course_title_per_university"
            ),
            models.CheckConstraint(
                condition=Q(observations_by_educator__lte=models.F("observations_total"))
                & Q(observations_before_midpoint__lte=models.F("observations_total")),
                name="course_observation_rule_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.university})"

    def required_days_for(self, level: str) -> int:
        from .placement import Placement

        if level == Placement.Level.FINAL:
            return self.final_placement_days
        return self.first_placement_days


class Framework(models.Model):
    """A capability framework: the PCF, or the child and family KSS."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self):
        return self.versions.filter(is_current=True).first()


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(max_length=50, help_text="For example “2018 refresh”.")
    published_on = models.DateField()
    is_current = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework__name", "-published_on"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="framework_version_label"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(is_current=True),
                name="one_current_version_per_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} – {self.label}"


class Capability(models.Model):
    """One PCF domain or one KSS statement, within one framework version."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="capabilities"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    first_placement_descriptor = models.TextField(
        blank=True, help_text="What is expected by the end of the first placement."
    )
    final_placement_descriptor = models.TextField(
        blank=True, help_text="What is expected by the end of the last placement."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number"]
        verbose_name_plural = "capabilities"
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="capability_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
