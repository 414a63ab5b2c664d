"""Weekly supervision between a student and their practice educator."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed
from simple_history.models import HistoricalRecords

from placements.models import Capability, Placement
from portal.dates import short_date
from portal.locking import Lockable, LockedWithParent, refuse_m2m_change


class SupervisionSession(Lockable):
    """One supervision session: scheduled from the agreement's weekly slot, then
    written by the practice educator, reflected on and signed by the student,
    signed by the practice educator, and locked.

    Status moves only through supervision/transitions.py.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DRAFT = "draft", "Being written"
        AWAITING_STUDENT = "awaiting_student", "Waiting for the student"
        AWAITING_EDUCATOR = "awaiting_educator", "Waiting for the practice educator"
        LOCKED = "locked", "Signed and locked"
        CANCELLED = "cancelled", "Cancelled"

    class Arrangement(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Group"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    class Capacity(models.TextChoices):
        STUDENT = "student", "Student"
        PRACTICE_EDUCATOR = "practice_educator", "Practice educator"

    # The agenda, in the order the record shows it (form and page read this).
    AGENDA = (
        "agenda_wellbeing",
        "agenda_workload",
        "agenda_learning",
        "agenda_reflection",
        "agenda_case_discussion",
        "agenda_actions_review",
    )
    # Statuses in which the session took place (its minutes count).
    HELD_STATUSES = frozenset(
        {Status.DRAFT, Status.AWAITING_STUDENT, Status.AWAITING_EDUCATOR, Status.LOCKED}
    )

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    date = models.DateField()
    starts_at = models.TimeField("start time")
    duration_minutes = models.PositiveSmallIntegerField(
        "duration in minutes",
        default=90,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    arrangement = models.CharField(
        max_length=20, choices=Arrangement.choices, default=Arrangement.ONE_TO_ONE
    )
    mode = models.CharField(
        "in person or online", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON
    )
    attendees = models.TextField(
        blank=True,
        help_text="Anyone present besides the student and practice educator, by role "
        "(for example: on-site supervisor, two other students).",
    )
    agenda_wellbeing = models.TextField("wellbeing", blank=True)
    agenda_workload = models.TextField("workload and direct work", blank=True)
    agenda_learning = models.TextField("learning and PCF domains", blank=True)
    agenda_reflection = models.TextField("reflection", blank=True)
    agenda_case_discussion = models.TextField(
        "case discussion",
        blank=True,
        help_text="Anonymised: never a child's or family member's name.",
    )
    agenda_actions_review = models.TextField("review of actions", blank=True)
    notes = models.TextField(blank=True)
    domains_discussed = models.ManyToManyField(
        Capability, blank=True, related_name="supervision_sessions", verbose_name="PCF domains"
    )
    student_reflection = models.TextField("student's reflection", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.TextField(
        blank=True, help_text="Why the session was moved, cancelled or sent back."
    )
    # Made from the agreement's weekly slot (supervision.services.schedule), and not
    # moved by hand since: a new slot reschedules it.
    from_schedule = models.BooleanField(default=False, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_written",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["placement", "date"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Supervision on {short_date(self.date)} ({self.placement.student})"

    @property
    def was_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    def signature_capacities(self):
        """portal.signatures: the student signs first, then the practice educator."""
        return [
            (self.Capacity.STUDENT, self.placement.student),
            (self.Capacity.PRACTICE_EDUCATOR, self.placement.practice_educator),
        ]


m2m_changed.connect(
    refuse_m2m_change,
    sender=SupervisionSession.domains_discussed.through,
    dispatch_uid="supervision_session_domains_locked",
)


class SupervisionAction(LockedWithParent):
    """An action agreed in supervision. Open ones carry forward: the next record
    starts with a copy of each (`carried_from`), so a locked record keeps the
    actions exactly as they stood when it was signed."""

    lock_parent = "session"

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_actions"
    )
    due_on = models.DateField("due date")
    done = models.BooleanField(default=False)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
