"""Enrolment and delivery (issue 18, requirement 4).

A parent accepted after assessment is enrolled with a start date (rolling
entry); the programme runs `length_weeks` from it. They join the group strand
for them if it is running now, otherwise they have keywork only and the
enrolment says why. Group sessions are generated from the programme's weekly
slots (bank holidays skipped); a register records who came and a creche
booking holds a place for a child aged 0 to 5 on the day. At the end the
completion rule (a share of the sessions offered) decides completed or not.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.dates import short_date

from .programmes import Programme, Strand
from .referrals import Referral, ReferredChild

KEYWORK_REVIEW_DAYS = 28  # the keywork plan is reviewed every 4 weeks


class Enrolment(models.Model):
    class Status(models.TextChoices):
        # Moves: programmes.transitions.ENROLMENT_TRANSITIONS.
        ACTIVE = "active", "On the programme"
        COMPLETED = "completed", "Completed"
        NOT_COMPLETED = "not_completed", "Did not complete"
        LEFT = "left", "Left early"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="enrolment")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    strand = models.ForeignKey(
        Strand, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments"
    )
    keywork_only_reason = models.CharField(max_length=300, blank=True)
    # Written when the enrolment ends: the figures the completion rule used.
    sessions_offered = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    child_record = ChildRecord("referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="enrolment_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Enrolment on {self.programme} ({self.referral.reference})"


class GroupSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="group_sessions"
    )
    strand = models.ForeignKey(
        Strand, on_delete=models.PROTECT, null=True, blank=True, related_name="group_sessions"
    )
    on = models.DateField("date")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField("reason for cancelling", max_length=300, blank=True)
    register_taken_at = models.DateTimeField(null=True, blank=True)
    register_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Requirement 8: students on placement with the provider who co-facilitate.
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_facilitated_groups"
    )
    history = HistoricalRecords(m2m_fields=[students])

    class Meta:
        ordering = ["on", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "strand", "on", "starts_at"], name="one_group_per_slot"
            )
        ]
        indexes = [models.Index(fields=["programme", "on"])]

    def __str__(self) -> str:
        strand = f" ({self.strand.name})" if self.strand_id else ""
        return f"{self.programme.name} group{strand}, {short_date(self.on)}"


class Attendance(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    group_session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    mark = models.CharField(max_length=20, choices=Mark.choices)
    child_record = ChildRecord("enrolment__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group_session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "enrolment"], name="one_mark_per_parent_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_mark_display()}: {self.group_session}"


class CrecheBooking(models.Model):
    group_session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, related_name="creche_bookings"
    )
    child = models.ForeignKey(
        ReferredChild, on_delete=models.CASCADE, related_name="creche_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    child_record = ChildRecord("child")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group_session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "child"], name="one_creche_place_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"Creche place: {self.group_session}"


class KeyworkPlan(models.Model):
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="keywork_plan"
    )
    agreed_on = models.DateField("agreed on")
    last_reviewed_on = models.DateField("last reviewed on", null=True, blank=True)
    child_record = ChildRecord("enrolment__referral__children")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Keywork plan ({self.enrolment.referral.reference})"


class KeyworkGoal(models.Model):
    """A goal in the parent's words, scored 0–10 at the start, at review and at
    the end (goal-based outcomes, requirement 6)."""

    SCORE = [MinValueValidator(0), MaxValueValidator(10)]

    plan = models.ForeignKey(KeyworkPlan, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(max_length=300)
    score_start = models.PositiveSmallIntegerField("score at the start", validators=SCORE)
    score_review = models.PositiveSmallIntegerField(
        "score at the latest review", null=True, blank=True, validators=SCORE
    )
    score_end = models.PositiveSmallIntegerField(
        "score at the end", null=True, blank=True, validators=SCORE
    )
    child_record = ChildRecord("plan__enrolment__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk} ({self.plan})"


class KeyworkSession(models.Model):
    class Mode(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "By phone"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="keywork_sessions"
    )
    held_on = models.DateField("date")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    attended = models.BooleanField(default=True, help_text="Untick if the parent did not come.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    child_record = ChildRecord("enrolment__referral__children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Keywork session {short_date(self.held_on)} ({self.enrolment.referral.reference})"
