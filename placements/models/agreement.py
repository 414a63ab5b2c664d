"""The Practice Learning Agreement (PLA) of a placement.

Written by the practice educator (or a co-ordinator) at the start of the
placement and signed by the student, the practice educator, the on-site
supervisor (when there is one) and the university tutor. Signatures use the
one mechanism in portal.signatures; an edit after anyone has signed clears
them all (placements.services.agreement).
"""

from django.db import models
from simple_history.models import HistoricalRecords

from .placement import Placement


class LearningAgreement(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
        SIGNED = "signed", "Signed"

    # Signing capacities, in the order the agreement lists them.
    class Capacity(models.TextChoices):
        STUDENT = "student", "Student"
        PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
        ONSITE_SUPERVISOR = "onsite_supervisor", "On-site supervisor"
        TUTOR = "tutor", "University tutor"

    # The text sections, in the order the agreement shows them (the form and
    # the page use this list, so a new section is added in one place).
    SECTIONS = (
        "learning_needs",
        "learning_opportunities",
        "supervision_day",
        "supervision_time",
        "supervision_arrangements",
        "reasonable_adjustments",
        "induction",
    )

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="learning_agreement"
    )
    learning_needs = models.TextField(
        "learning needs",
        help_text="What the student needs to learn on this placement, and how they learn best.",
    )
    learning_opportunities = models.TextField(
        "learning opportunities offered",
        help_text="The work, teams and tasks the setting offers the student.",
    )
    supervision_day = models.PositiveSmallIntegerField(
        "supervision day", choices=Weekday.choices, help_text="The day of the weekly slot."
    )
    supervision_time = models.TimeField(
        "supervision time", help_text="The time of the weekly slot, for example 14:00."
    )
    supervision_arrangements = models.TextField(
        "supervision arrangements",
        blank=True,
        help_text="Who supervises, where, and what happens when a session is missed.",
    )
    reasonable_adjustments = models.TextField(
        "reasonable adjustments",
        blank=True,
        help_text="Adjustments agreed for the student. Leave empty if none are needed.",
    )
    induction = models.TextField(
        "induction", help_text="What the student's induction covers in the first weeks."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["placement"]

    def __str__(self) -> str:
        return f"Practice learning agreement for {self.placement}"

    def signature_capacities(self) -> dict:
        """Who must sign, by capacity (portal.signatures asks every signable record this).

        The on-site supervisor signs only when the placement has one (DOMAIN.md:
        the PE is then off-site). A capacity whose person is not yet named is
        still required: it maps to None and nobody can sign it until they are.
        """
        placement = self.placement
        capacities = {
            self.Capacity.STUDENT: placement.student,
            self.Capacity.PRACTICE_EDUCATOR: placement.practice_educator,
        }
        if placement.onsite_supervisor_id:
            capacities[self.Capacity.ONSITE_SUPERVISOR] = placement.onsite_supervisor
        capacities[self.Capacity.TUTOR] = placement.tutor
        return {str(capacity): person for capacity, person in capacities.items()}

    def status_from(self, signatures) -> str:
        """The status given this agreement's signatures (already loaded, one query)."""
        if not signatures:
            return self.Status.DRAFT
        signed = {signature.capacity for signature in signatures}
        if set(self.signature_capacities()) <= signed:
            return self.Status.SIGNED
        return self.Status.AWAITING_SIGNATURES

    @property
    def status(self) -> str:
        from portal.signatures import signatures_for

        return self.status_from(signatures_for(self))

    def get_status_display(self) -> str:
        return self.Status(self.status).label
