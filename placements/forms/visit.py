"""The form of a tutor visit or three-way meeting (saved by placements.services.visit)."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import Placement, TutorVisit


class TutorVisitForm(PortalForm):
    # Not required here: the service names what is missing, so every caller hears the same.
    held_on = DateField(label="Date", required=False)
    kind = forms.ChoiceField(
        label="What was it?",
        required=False,
        choices=TutorVisit.Kind.choices,
        widget=forms.RadioSelect,
    )
    attended = forms.MultipleChoiceField(
        label="Who attended?",
        required=False,
        choices=[(key, label) for key, (_, label) in TutorVisit.ATTENDEES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="A three-way meeting is the student, the practice educator and the tutor "
        "together.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was discussed. The student and the practice educator read this. "
        "Do not name children or families.",
    )
    agreed_actions = forms.CharField(
        label="Actions agreed",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who will do what, and by when.",
    )

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        if placement.onsite_supervisor_id is None:
            # Nobody to tick: the placement has no on-site supervisor.
            field = self.fields["attended"]
            field.choices = [c for c in field.choices if c[0] != "onsite_supervisor"]

    @staticmethod
    def initial_for(visit: TutorVisit) -> dict:
        return {
            "held_on": visit.held_on,
            "kind": visit.kind,
            "attended": visit.attended,
            "notes": visit.notes,
            "agreed_actions": visit.agreed_actions,
        }
