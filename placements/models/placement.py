"""A student's placement and its day ledger."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation
from portal.dates import short_date

from .reference import Course
from .setting import SettingDescription

# The people and places every placement page names; `with_people()` joins them.
PLACEMENT_PEOPLE = (
    "student",
    "course",
    "course__university",
    "host",
    "practice_educator",
    "onsite_supervisor",
    "tutor",
)


class PlacementQuerySet(models.QuerySet):
    def with_people(self) -> "PlacementQuerySet":
        """With the student, course, university, host and staff, in the same query."""
        return self.select_related(*PLACEMENT_PEOPLE)


class Placement(SettingDescription):
    """A student's placement in a host organisation's team.

    The setting's kind, service user group and statutory tasks come from
    SettingDescription (placements/models/setting.py); the contrasting-settings
    rule reads them when the placement is proposed (placements/transitions.py).
    """

    class Level(models.TextChoices):
        FIRST = "first", "First placement"
        FINAL = "final", "Final placement"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        MIDPOINT_REVIEWED = "midpoint_reviewed", "Midpoint reviewed"
        FINAL_REPORT_SUBMITTED = "final_report_submitted", "Final report submitted"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        ENDED_EARLY = "ended_early", "Ended early"

    # States in which a placement is under way (or about to be) and can end early.
    LIVE_STATUSES = frozenset(
        {
            Status.PROPOSED,
            Status.CONFIRMED,
            Status.ACTIVE,
            Status.SUSPENDED,
            Status.MIDPOINT_REVIEWED,
            Status.FINAL_REPORT_SUBMITTED,
        }
    )
    # States in which a placement is over: its records are kept and no longer change.
    FINISHED_STATUSES = frozenset({Status.PASSED, Status.FAILED, Status.ENDED_EARLY})

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="placements")
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosted_placements"
    )
    team = models.CharField(max_length=200, help_text="The team the student joins.")
    practice_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_educated",
        null=True,
        blank=True,
    )
    onsite_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_supervised",
        null=True,
        blank=True,
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_tutored",
        null=True,
        blank=True,
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    required_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    ended_reason = models.TextField(blank=True)
    # A co-ordinator's decision that this placement goes ahead although it does not
    # contrast with the student's other placement, or neither offers statutory
    # tasks (issue 16). The tutor reads it on the placement and in the export.
    contrast_override_reason = models.TextField(
        "Why the contrasting-settings rule is overridden", blank=True
    )
    contrast_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contrast_overridden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="placement_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.student} – {self.get_level_display().lower()} at {self.host}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class PlacementDay(models.Model):
    """One day the student records; the practice educator confirms it."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", "Placement day"
        SKILLS = "skills", "Skills day"
        STUDY = "study", "Study day"
        SICKNESS = "sickness", "Sickness"
        OTHER_ABSENCE = "other_absence", "Other absence"
        BANK_HOLIDAY = "bank_holiday", "Bank holiday"

    # Kinds that count towards the required days.
    COUNTED_KINDS = frozenset({Kind.PLACEMENT, Kind.SKILLS, Kind.STUDY})
    MISSED_KINDS = frozenset({Kind.SICKNESS, Kind.OTHER_ABSENCE})

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    note = models.TextField(blank=True)
    makes_up_missed_day = models.BooleanField(
        default=False, help_text="This day makes up for a day missed earlier."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The practice educator's question about the day, and the student's answer
    # (issue 22): a queried day waits for the answer before it is confirmed.
    query = models.TextField(blank=True)
    queried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    queried_at = models.DateTimeField(null=True, blank=True)
    query_answer = models.TextField(blank=True)
    query_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="one_record_per_day"),
        ]

    def __str__(self) -> str:
        return f"{short_date(self.date)}: {self.get_kind_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def has_open_query(self) -> bool:
        """Queried by the practice educator and not answered yet."""
        return self.queried_at is not None and self.query_answered_at is None
