"""A direct-work plan: what a student does with a child (or a group) in school.

Status (transitions in casework/transitions.py):
    draft → agreed (the school, each child and a parent of each child agreed)
    agreed → active (the first session is logged, or started by hand)
    active → completed · draft / agreed / active → closed early (with a reason)
A plan cannot become active before all three agreements are recorded.

A one-to-one plan has one `PlanChild`; a group plan has several, each with
their own goals, agreements, wellbeing measures and closure.
"""

from datetime import time

from django.db import models
from simple_history.models import HistoricalRecords

from portal.accounts.models import Organisation
from portal.audit.records import ChildRecord

from .children import Child
from .fields import created_by_field
from .reference import Theme
from .requests import SupportRequest

DEFAULT_PLANNED_SESSIONS = 6
MAX_PLANNED_SESSIONS = 20


class DirectWorkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        CLOSED_EARLY = "closed_early", "Closed early"

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Group"

    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="direct_work_plans",
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
    )
    support_request = models.ForeignKey(
        SupportRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONE_TO_ONE)
    children = models.ManyToManyField(Child, through="PlanChild", related_name="direct_work_plans")
    themes = models.ManyToManyField(Theme, related_name="plans", blank=True)
    planned_sessions = models.PositiveSmallIntegerField(
        "number of sessions", default=DEFAULT_PLANNED_SESSIONS
    )
    first_session_on = models.DateField("date of the first session")
    session_time = models.TimeField("time of day", default=time(10, 0))
    session_minutes = models.PositiveSmallIntegerField("length in minutes", default=45)
    place_in_school = models.CharField(
        "where in school", max_length=150, blank=True, help_text="For example, the library."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    school_agreed_on = models.DateField("date the school agreed", null=True, blank=True)
    school_agreed_by = models.CharField("who agreed for the school", max_length=150, blank=True)
    closed_reason = models.TextField("why the work closed early", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = created_by_field()
    history = HistoricalRecords()
    child_record = ChildRecord(
        "children", restricted={"casework.view_plan_notes": {"closed_reason"}}
    )

    class Meta:
        ordering = ["-first_session_on", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.get_format_display()} plan {self.pk or ''} at {self.school}".replace(
            "  ", " "
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.CLOSED_EARLY)


class PlanChild(models.Model):
    """A child on a plan: their agreements, and at closure their feedback."""

    class Faces(models.IntegerChoices):
        VERY_SAD = 1, "Very unhappy"
        SAD = 2, "Unhappy"
        OKAY = 3, "Okay"
        HAPPY = 4, "Happy"
        VERY_HAPPY = 5, "Very happy"

    plan = models.ForeignKey(DirectWorkPlan, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plan_memberships")
    child_agreed_on = models.DateField("date the child agreed", null=True, blank=True)
    parent_agreed_on = models.DateField("date a parent agreed", null=True, blank=True)
    parent_agreed_by = models.CharField("which parent agreed", max_length=150, blank=True)
    # Closure: the end-of-work summary and the child's own feedback.
    closure_summary = models.TextField(
        "end-of-work summary",
        blank=True,
        help_text="For the school and the child's parents: what the work covered and how it went.",
    )
    faces_rating = models.PositiveSmallIntegerField(
        "how the child felt about the sessions", choices=Faces.choices, null=True, blank=True
    )
    child_feedback = models.TextField("what the child said about the sessions", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "child"], name="one_membership_per_plan_child")
        ]

    def __str__(self) -> str:
        return f"{self.child} on plan {self.plan_id}"

    @property
    def agreed(self) -> bool:
        return bool(self.child_agreed_on and self.parent_agreed_on)


class PlanGoal(models.Model):
    """A goal in the child's own words, with its outcome at closure."""

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    member = models.ForeignKey(PlanChild, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(
        "goal, in the child's words",
        max_length=300,
        error_messages={"blank": "Write the goal in the child's words."},
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    child_record = ChildRecord("member__child")

    class Meta:
        ordering = ["member", "position", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.position + 1} of {self.member}"
