"""Tutor visits and three-way meetings (issue 22, requirement 6).

The university tutor visits the placement, or meets the student and the practice
educator together (a three-way meeting), a few times a placement. The tutor or a
co-ordinator of the placement records each one (placements/services/visit.py);
everyone who sees the placement reads them, on its page and its timeline.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from portal.dates import short_date

from .placement import Placement


class TutorVisit(models.Model):
    class Kind(models.TextChoices):
        TUTOR_VISIT = "tutor_visit", "Tutor visit"
        THREE_WAY_MEETING = "three_way_meeting", "Three-way meeting"

    # Who may be ticked as attending: the field, and how the page names them.
    ATTENDEES = {
        "student": ("student_attended", "Student"),
        "practice_educator": ("educator_attended", "Practice educator"),
        "tutor": ("tutor_attended", "University tutor"),
        "onsite_supervisor": ("supervisor_attended", "On-site supervisor"),
    }

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="tutor_visits")
    held_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    student_attended = models.BooleanField("the student attended", default=False)
    educator_attended = models.BooleanField("the practice educator attended", default=False)
    tutor_attended = models.BooleanField("the tutor attended", default=False)
    supervisor_attended = models.BooleanField("the on-site supervisor attended", default=False)
    notes = models.TextField(blank=True)
    agreed_actions = models.TextField("agreed actions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {short_date(self.held_on)}"

    @property
    def attended(self) -> list[str]:
        """The keys of ATTENDEES ticked, in ATTENDEES' order."""
        return [key for key, (field, _) in self.ATTENDEES.items() if getattr(self, field)]

    @property
    def attended_labels(self) -> list[str]:
        return [self.ATTENDEES[key][1] for key in self.attended]
