"""Profiles that practice learning needs beyond a user's roles."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation, User

from .reference import Course


def not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")


# Social Work England numbers look like "SW" followed by digits, e.g. SW123456.
swe_registration_validator = RegexValidator(
    r"^SW\d{1,7}$",
    "Enter a Social Work England registration number: SW followed by up to 7 digits, "
    "for example SW123456.",
)


class StudentProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="student_profile")
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="student_profiles",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="students")
    cohort = models.CharField(max_length=20, help_text="Usually the year the course began.")
    student_number = models.CharField(max_length=30)
    dbs_checked_on = models.DateField(
        "DBS check date", null=True, blank=True, validators=[not_in_future]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["university", "student_number"], name="student_number_per_university"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.student_number})"

    def clean(self) -> None:
        if (
            self.course_id
            and self.university_id
            and self.course.university_id != self.university_id
        ):
            raise ValidationError({"course": "Choose a course of the student's university."})


class EducatorProfile(models.Model):
    class Location(models.TextChoices):
        ON_SITE = "on_site", "On-site (in the placement's team)"
        OFF_SITE = "off_site", "Off-site (independent)"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="educator_profile")
    swe_registration = models.CharField(
        "Social Work England registration number",
        max_length=9,
        unique=True,
        validators=[swe_registration_validator],
    )
    peps_stage = models.PositiveSmallIntegerField(
        "PEPS stage",
        choices=[(1, "Stage 1"), (2, "Stage 2")],
        help_text="Stage 2 is needed to assess a final placement.",
    )
    location = models.CharField(max_length=10, choices=Location.choices)
    max_students = models.PositiveSmallIntegerField(
        "Most students at once", default=2, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    dbs_checked_on = models.DateField(
        "DBS check date", null=True, blank=True, validators=[not_in_future]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.swe_registration})"
