"""Runs of a residential programme and its certified leaders (issue 19).

The Children's Program is delivered in runs: four consecutive residential days
for a group of children aged 7 to 12, their parent joining on two of them, led
by at least two certified leaders. A `Leader` is an entry of the programme's
leader register (certificate number, issuing body, issue and expiry dates); a
`Run` has its dates, venue, places and leaders. Families are invited to a run
from the interest registrations (a `Referral` with the route "interest"): a
`RunPlace` is the family's place on one run, from the invitation on.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .programmes import Programme
from .referrals import Referral, ReferredChild


class Leader(models.Model):
    """A certified leader of a programme, as the register lists them."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="leaders")
    name = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_leader_entries",
        help_text="Their portal account, if they have one.",
    )
    organisation = models.CharField(max_length=120, help_text="Where they work.")
    municipality = models.CharField(max_length=80)
    job_title = models.CharField(max_length=120)
    certificate_number = models.CharField(max_length=40)
    issued_by = models.CharField("issuing body", max_length=120)
    issued_on = models.DateField("certificate issued on")
    expires_on = models.DateField("certificate expires on")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "certificate_number"], name="one_leader_per_certificate"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="leader_certificate_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.certificate_number})"

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError(
                {"expires_on": _("The certificate must expire after the day it was issued.")}
            )

    def valid_on(self, day: date) -> bool:
        return self.issued_on <= day <= self.expires_on


class Run(models.Model):
    """One run of a residential programme: consecutive days at a venue."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CANCELLED = "cancelled", "Cancelled"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs")
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day", editable=False)
    venue = models.TextField(help_text="Where the run is held and families stay.")
    places = models.PositiveSmallIntegerField(
        "places for children", validators=[MinValueValidator(1)]
    )
    leaders = models.ManyToManyField(Leader, blank=True, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[leaders])

    class Meta:
        ordering = ["programme", "starts_on", "pk"]
        indexes = [models.Index(fields=["programme", "status", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="run_ends_on_or_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme}: run from {self.starts_on.isoformat()}"

    def save(self, *args, **kwargs):
        self.ends_on = self.starts_on + timedelta(days=(self.programme.length_days or 1) - 1)
        super().save(*args, **kwargs)

    @property
    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=n) for n in range(count)]


class RunPlace(models.Model):
    """A family's place on a run (issue 19, requirements 3 and 4): invited from the
    waiting list, then confirmed or declined, or moved to another run with a reason.
    The parent's sobriety date is recorded at the invitation (and confirmed on
    arrival, requirement 4)."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        CONFIRMED = "confirmed", "Arrived"
        DECLINED = "declined", "Declined"
        MOVED = "moved", "Moved to another run"

    HOLDING = (Status.INVITED, Status.CONFIRMED)  # a place counted against the run's places

    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="family_places")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="run_places")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    children_count = models.PositiveSmallIntegerField(
        "children taking part", validators=[MinValueValidator(1)]
    )
    sober_since = models.DateField("sober since (as told at the invitation)")
    invited_on = models.DateField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="moved_from"
    )
    reason = models.TextField(blank=True, help_text="Why the family declined or was moved.")
    # Confirmed on arrival (requirement 4): the day they came and the parent's sobriety
    # as told then; the place is then "confirmed".
    arrived_on = models.DateField("arrived on", null=True, blank=True)
    sober_since_on_arrival = models.DateField(
        "sober since (as confirmed on arrival)", null=True, blank=True
    )
    arrival_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child_record = ChildRecord("referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "invited_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(status__in=["invited", "confirmed"]),
                name="one_held_run_place_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral.reference} on {self.run}"


class RunAttendance(models.Model):
    """Whether a child (or, on the parent days, the parent: `child` empty) was there
    on one day of a run (requirement 4). One row a person a day; recording again
    corrects it, the earlier answer staying in the history."""

    place = models.ForeignKey(RunPlace, on_delete=models.CASCADE, related_name="attendance")
    child = models.ForeignKey(
        ReferredChild,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="run_attendance",
        help_text="Empty for the parent.",
    )
    day = models.DateField()
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    child_record = ChildRecord("place__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "day", "child", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "child", "day"],
                condition=models.Q(child__isnull=False),
                name="one_run_attendance_per_child_day",
            ),
            models.UniqueConstraint(
                fields=["place", "day"],
                condition=models.Q(child__isnull=True),
                name="one_run_attendance_per_parent_day",
            ),
        ]

    def __str__(self) -> str:
        who = "child" if self.child_id else "parent"
        return f"{who} on {self.day.isoformat()} ({'present' if self.present else 'absent'})"
