"""Direct observations of the student's practice."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from placements.models import Capability, Placement
from portal.dates import short_date
from portal.locking import Lockable, LockedWithParent


class Observation(Lockable):
    """A direct observation: booked, carried out, fed back on per PCF domain with
    the service user's view, reflected on by the student, signed by both and
    locked. Status moves only through supervision/transitions.py."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DRAFT = "draft", "Feedback being written"
        AWAITING_STUDENT = "awaiting_student", "Waiting for the student"
        AWAITING_OBSERVER = "awaiting_observer", "Waiting for the observer"
        LOCKED = "locked", "Signed and locked"
        CANCELLED = "cancelled", "Cancelled"

    class ObserverRole(models.TextChoices):
        PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
        ONSITE_SUPERVISOR = "onsite_supervisor", "On-site supervisor"
        OTHER = "other", "Another registered social worker"

    class Capacity(models.TextChoices):
        STUDENT = "student", "Student"
        OBSERVER = "observer", "Observer"

    # Observations that took place (count towards the course's rule).
    DONE_STATUSES = frozenset(
        {Status.DRAFT, Status.AWAITING_STUDENT, Status.AWAITING_OBSERVER, Status.LOCKED}
    )

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_made"
    )
    observer_role = models.CharField(max_length=20, choices=ObserverRole.choices)
    date = models.DateField()
    setting = models.CharField(
        max_length=200,
        help_text="Where and what kind of work, for example: home visit, school group session.",
    )
    pre_observation_plan = models.TextField(
        "the student's plan",
        blank=True,
        help_text="What the student plans to do and which capabilities they hope to show.",
    )
    overall_feedback = models.TextField("observer's overall feedback", blank=True)
    student_reflection = models.TextField("student's reflection", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["placement", "date"])]

    def __str__(self) -> str:
        return f"Direct observation on {short_date(self.date)} ({self.placement.student})"

    @property
    def took_place(self) -> bool:
        return self.status in self.DONE_STATUSES

    def signature_capacities(self):
        return [
            (self.Capacity.STUDENT, self.placement.student),
            (self.Capacity.OBSERVER, self.observer),
        ]


class ObservationFeedback(LockedWithParent):
    """The observer's feedback on one PCF domain."""

    lock_parent = "observation"

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="domain_feedback"
    )
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    feedback = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["capability__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "capability"], name="one_feedback_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.capability} – {self.observation}"


class ServiceUserFeedback(LockedWithParent):
    """What the person the student worked with thought, without their name: a
    child-friendly faces scale with their own words, or the observer's record
    of feedback given out loud."""

    lock_parent = "observation"

    class Kind(models.TextChoices):
        FACES = "faces", "Child-friendly form (faces scale)"
        VERBAL = "verbal", "Verbal feedback recorded by the observer"

    FACES = {
        1: "Very unhappy",
        2: "Unhappy",
        3: "Not sure",
        4: "Happy",
        5: "Very happy",
    }

    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, related_name="service_user_feedback"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    given_by = models.CharField(
        max_length=100,
        help_text="Who gave it, by relationship, never by name: for example child aged 9, parent.",
    )
    faces = models.PositiveSmallIntegerField(
        "how they felt",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comments = models.TextField("in their words", blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Feedback from {self.given_by}"

    @property
    def faces_label(self) -> str:
        return self.FACES.get(self.faces, "")
