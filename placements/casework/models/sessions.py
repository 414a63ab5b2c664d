"""The weekly sessions of a plan, logged by the student and reviewed by the PE.

A session has one set of notes; each child on the plan has an attendance row
with their own voice and notes (one row for one-to-one work).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord

from .children import Child
from .plans import DirectWorkPlan
from .reference import Theme


class DirectWorkSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    class CancelledBy(models.TextChoices):
        SCHOOL = "school", "The school"
        CHILD = "child", "The child"
        PARENT = "parent", "A parent or carer"
        STUDENT = "student", "The student"
        PRACTICE_EDUCATOR = "practice_educator", "The practice educator"
        OTHER = "other", "Someone else"

    class Review(models.TextChoices):
        NOT_LOGGED = "not_logged", "Not logged yet"
        AWAITING = "awaiting", "Waiting for review"
        RETURNED = "returned", "Returned to the student"
        REVIEWED = "reviewed", "Reviewed"

    plan = models.ForeignKey(DirectWorkPlan, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    planned_on = models.DateField()
    planned_time = models.TimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancelled_by = models.CharField(max_length=20, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.TextField("why it was cancelled", blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    activities = models.TextField("what you did", blank=True)
    observations = models.TextField("what you noticed", blank=True)
    next_steps = models.TextField(blank=True)
    logged_at = models.DateTimeField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.NOT_LOGGED)
    review_comments = models.TextField("practice educator's comments", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    # Readers without the notes (school contacts) see the date, outcome and attendance.
    child_record = ChildRecord(
        "plan__children",
        restricted={
            "casework.view_session_notes": {
                "cancel_reason",
                "theme",
                "activities",
                "observations",
                "next_steps",
                "logged_at",
                "logged_by",
                "review",
                "review_comments",
                "reviewed_at",
                "reviewed_by",
            }
        },
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_session_number_per_plan")
        ]
        indexes = [models.Index(fields=["review"]), models.Index(fields=["planned_on"])]

    def __str__(self) -> str:
        return f"Session {self.number} of plan {self.plan_id}"


class SessionAttendance(models.Model):
    """One child at one session: whether they came, their voice, notes about them."""

    session = models.ForeignKey(
        DirectWorkSession, on_delete=models.CASCADE, related_name="attendance"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="session_attendance")
    attended = models.BooleanField(default=False)
    child_voice = models.TextField("what the child said", blank=True)
    notes = models.TextField("notes about this child", blank=True)
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "child"], name="one_attendance_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.session}"


class WellbeingMeasure(models.Model):
    """A wellbeing questionnaire a child completed at the first or last session.

    The answers are kept item by item; the total is computed by
    casework.measures (never typed).
    """

    class Scale(models.TextChoices):
        STIRLING = "stirling", "Stirling Children's Wellbeing Scale"
        ROSENBERG = "rosenberg", "Rosenberg Self-Esteem Scale"

    class Point(models.TextChoices):
        FIRST = "first", "First session"
        LAST = "last", "Last session"

    plan = models.ForeignKey(DirectWorkPlan, on_delete=models.CASCADE, related_name="measures")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="wellbeing_measures")
    session = models.ForeignKey(
        DirectWorkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scale = models.CharField(max_length=20, choices=Scale.choices)
    point = models.CharField(max_length=10, choices=Point.choices)
    answers = models.JSONField(help_text="Each item's score, in the order of the scale.")
    total = models.PositiveSmallIntegerField(editable=False)
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["plan", "child", "scale", "point"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "child", "scale", "point"], name="one_measure_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} ({self.get_point_display().lower()}) for {self.child}"
