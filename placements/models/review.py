"""Reviews of a placement (issue 4, requirement 7; DOMAIN.md "Practice learning").

Midpoint review: progress per PCF domain, satisfactory or concerns, and an
action plan. Final report: a holistic assessment per domain and a pass / fail
recommendation, signed by the practice educator, commented on by the student
and countersigned by the tutor (portal.signatures). The university's practice
assessment panel then ratifies, defers or refers the recommendation; a
ratified recommendation sets the placement's final status.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portal.dates import short_date
from portal.locking import Lockable, LockableQuerySet, LockedWithParent

from .evidence import CapabilityRating
from .placement import Placement
from .reference import Capability


class MidpointReview(models.Model):
    class Outcome(models.TextChoices):
        SATISFACTORY = "satisfactory", "Satisfactory"
        CONCERNS = "concerns", "Concerns"

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="midpoint_review"
    )
    held_on = models.DateField("date of the review")
    attendees = models.TextField(help_text="Who took part, one per line, with their role.")
    outcome = models.CharField("overall progress", max_length=20, choices=Outcome.choices)
    summary = models.TextField(blank=True, help_text="The main points of the discussion.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Midpoint review of {self.placement}"


class MidpointProgress(models.Model):
    """Progress in one PCF domain at the midpoint review."""

    review = models.ForeignKey(MidpointReview, on_delete=models.CASCADE, related_name="progress")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField("progress", max_length=20, choices=CapabilityRating.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "capability__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "capability"], name="one_midpoint_progress_per_domain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability}: {self.get_rating_display()}"


class ReviewAction(models.Model):
    """An item of the midpoint review's action plan."""

    review = models.ForeignKey(MidpointReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


# The tutor's comment with the countersignature: a few lines for the panel, not a report.
TUTOR_COMMENT_MAX_LENGTH = 2000


class FinalReportQuerySet(LockableQuerySet):
    def current(self) -> "FinalReportQuerySet":
        """The newest version of each placement's report (one without an amendment)."""
        return self.filter(amendment__isnull=True)


class FinalReport(Lockable):
    """The practice educator's final report. Countersigned by the tutor, it locks
    (portal.locking): from then on nothing changes it or its assessments, and a
    correction (after the panel refers it back, or a mistake found before the
    panel sits) is an amendment with a reason, written and signed again. Every
    version of a placement's report stays on record; the current one is the
    version without an amendment."""

    class Recommendation(models.TextChoices):
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"

    class Capacity(models.TextChoices):
        PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
        TUTOR = "tutor", "University tutor (countersignature)"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="final_reports")
    summary = models.TextField(
        "holistic summary", help_text="The overall assessment of the student's practice."
    )
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    student_comment = models.TextField("student's comment", blank=True)
    student_commented_at = models.DateTimeField(null=True, blank=True)
    # Written with the countersignature (optional), so it is part of the version signed.
    tutor_comment = models.TextField(
        "tutor's comment", blank=True, max_length=TUTOR_COMMENT_MAX_LENGTH
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = FinalReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Later versions hang off the first through `amends`, one after another.
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(amends__isnull=True),
                name="one_first_final_report_per_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"Final report on {self.placement}"

    def signature_capacities(self) -> dict:
        """The practice educator signs; the tutor countersigns (portal.signatures)."""
        return {
            str(self.Capacity.PRACTICE_EDUCATOR): self.placement.practice_educator,
            str(self.Capacity.TUTOR): self.placement.tutor,
        }


class FinalAssessment(LockedWithParent):
    """The final report's holistic assessment of one PCF domain (locked with the report)."""

    lock_parent = "report"

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="assessments")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=CapabilityRating.choices)
    assessment = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "capability__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "capability"], name="one_final_assessment_per_domain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability}: {self.get_rating_display()}"


class PanelDecision(models.Model):
    """A sitting of the university's practice assessment panel on one placement.

    Ratified: the report's recommendation becomes the placement's final status.
    Deferred: the panel will decide at a later sitting (more information needed).
    Referred: sent back to the practice educator and tutor to address the
    panel's points; the report can be revised and comes back to a panel.
    """

    class Outcome(models.TextChoices):
        RATIFIED = "ratified", "Ratified"
        DEFERRED = "deferred", "Deferred"
        REFERRED = "referred", "Referred"

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="panel_decisions"
    )
    sat_on = models.DateField("date of the panel")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True, help_text="The panel's reasons and any points to address.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sat_on", "-pk"]

    def __str__(self) -> str:
        return f"Panel {self.get_outcome_display().lower()} on {short_date(self.sat_on)}"
