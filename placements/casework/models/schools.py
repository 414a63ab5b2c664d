"""What the service keeps about a partner school: its designated safeguarding lead, and
the services it works with for each kind of support (SchoolService)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation


class SchoolProfile(models.Model):
    """A partner school's designated safeguarding lead (DSL), told of every concern.

    The DSL may have a portal account (a school contact of the school) or only an
    email address; a concern is sent to both when both are known.
    """

    school = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="school_profile",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    safeguarding_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="designated safeguarding lead",
        help_text="A school contact of this school with a portal account.",
    )
    safeguarding_lead_name = models.CharField(
        "designated safeguarding lead's name", max_length=150, blank=True
    )
    safeguarding_lead_email = models.EmailField(
        "designated safeguarding lead's email address",
        blank=True,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"Safeguarding at {self.school}"

    def clean(self) -> None:
        if self.school_id and self.school.kind != Organisation.Kind.SCHOOL:
            raise ValidationError({"school": "Choose a school."})
        if not self.safeguarding_lead_id and not self.safeguarding_lead_email.strip():
            raise ValidationError(
                {
                    "safeguarding_lead_email": "Choose the designated safeguarding lead or "
                    "enter their email address: concerns must reach them at once."
                }
            )


class SupportKind(models.TextChoices):
    """What a school may ask a service for (a request's `kind`)."""

    DIRECT_WORK = "direct_work", "Direct work in school (one-to-one or group)"
    ASSESSMENT = "assessment", "A social work assessment of the child's needs"
    LIFE_STORY = "life_story", "Life story work"


class SchoolService(models.Model):
    """A service a partner school works with, for one kind of support.

    The school's request form offers only these; a school with none recorded
    may ask any service for direct work (how requests worked before).
    """

    school = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services_worked_with",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    service = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="schools_served",
        limit_choices_to={
            "kind__in": [Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.SERVICE_PROVIDER]
        },
    )
    kind = models.CharField("kind of support", max_length=20, choices=SupportKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "service__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "service", "kind"], name="one_school_service_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} works with {self.service}: {self.get_kind_display().lower()}"

    def clean(self) -> None:
        errors = {}
        if self.school_id and self.school.kind != Organisation.Kind.SCHOOL:
            errors["school"] = "Choose a school."
        if self.service_id and self.service.kind not in (
            Organisation.Kind.LOCAL_AUTHORITY,
            Organisation.Kind.SERVICE_PROVIDER,
        ):
            errors["service"] = "Choose a service: a school or university does not run one."
        if errors:
            raise ValidationError(errors)
