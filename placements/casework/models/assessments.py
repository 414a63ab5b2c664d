"""An assessment of a child and family, co-worked by a student, accountable to a
qualified social worker, authorised by a team manager. Its kind is a child and
family assessment or a child protection enquiry under section 47 of the
Children Act 1989.

Status (transitions in casework/transitions.py):
    draft → submitted (only the qualified social worker)
    submitted → draft (the manager returns it, or the social worker takes it back)
    submitted → authorised (the manager; the assessment is then locked)
The due date is ASSESSMENT_WORKING_DAYS working days after the referral date
(portal.workingdays), kept on the row so lists sort and filter by it.

A section 47 enquiry also follows Working Together to Safeguard Children 2023:
it starts from a strategy discussion, and the initial child protection
conference is held within CONFERENCE_WORKING_DAYS working days of it
(`conference_due_on`, kept on the row like the due date). A student never holds
case responsibility for one (services.assessments refuses it).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.audit.records import ChildRecord
from portal.locking import Lockable

from .children import Child
from .fields import created_by_field

ASSESSMENT_WORKING_DAYS = 45
# Working Together to Safeguard Children 2023: the initial child protection
# conference within 15 working days of the strategy discussion.
CONFERENCE_WORKING_DAYS = 15
# Dashboards flag assessments due within this many working days.
DUE_SOON_WORKING_DAYS = 5


class Assessment(Lockable):
    class Kind(models.TextChoices):
        CHILD_AND_FAMILY = "child_and_family", "Child and family assessment"
        SECTION_47 = "section_47", "Child protection enquiry (section 47)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for authorisation"
        AUTHORISED = "authorised", "Authorised"

    class Recommendation(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        EARLY_HELP = "early_help", "Early help"
        CHILD_IN_NEED = "child_in_need", "Child in need plan"
        STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"

    SECTIONS = (
        "developmental_needs",
        "parenting_capacity",
        "family_environment",
        "child_voice",
        "analysis",
    )

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CHILD_AND_FAMILY)
    referral_date = models.DateField(error_messages={"null": "Enter the date of the referral."})
    start_date = models.DateField(
        "date the assessment started",
        error_messages={"null": "Enter the date the assessment started."},
    )
    due_date = models.DateField(editable=False)
    strategy_discussion_on = models.DateField(
        "date of the strategy discussion",
        null=True,
        blank=True,
        help_text="Only for a child protection enquiry (section 47).",
    )
    conference_due_on = models.DateField(
        "initial child protection conference due",
        null=True,
        blank=True,
        editable=False,
    )
    conference_held_on = models.DateField(
        "date the initial child protection conference was held",
        null=True,
        blank=True,
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments_accountable",
        verbose_name="accountable qualified social worker",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_coworked",
        verbose_name="student co-worker",
    )
    developmental_needs = models.TextField("the child's developmental needs", blank=True)
    parenting_capacity = models.TextField(blank=True)
    family_environment = models.TextField("family and environmental factors", blank=True)
    child_voice = models.TextField("the child's voice", blank=True)
    analysis = models.TextField(blank=True)
    recommendation = models.CharField(max_length=30, choices=Recommendation.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True, help_text="The day it was authorised.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = created_by_field()
    history = HistoricalRecords()
    child_record = ChildRecord("child")

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["kind", "conference_due_on"]),
        ]
        constraints = [
            # A section 47 enquiry has its strategy discussion and conference due date;
            # a child and family assessment has neither.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="section_47",
                        strategy_discussion_on__isnull=False,
                        conference_due_on__isnull=False,
                    )
                    | models.Q(
                        kind="child_and_family",
                        strategy_discussion_on__isnull=True,
                        conference_due_on__isnull=True,
                        conference_held_on__isnull=True,
                    )
                ),
                name="assessment_kind_has_its_dates",
            ),
        ]

    def __str__(self) -> str:
        if self.is_section_47:
            return f"Child protection enquiry about {self.child}"
        return f"Assessment of {self.child}"

    @property
    def is_section_47(self) -> bool:
        return self.kind == self.Kind.SECTION_47

    @property
    def on_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_date
