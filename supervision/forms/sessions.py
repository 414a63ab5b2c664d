"""Forms of supervision records (saved by supervision.services.sessions).

The student's reflection, asked on records and observations alike, is in
supervision.forms.workflow.

Fields a service checks (a date within the placement, a reason, the owner of
an action) are left to the service, so the pages, the API and the admin all
hear the same message; the forms only turn the typed text into values.
"""

from __future__ import annotations

from django import forms

from placements.models import Capability
from portal.forms import DateField, PortalForm, ReasonForm, TimeField, reason_field

from ..models import SupervisionSession


def duration_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Duration in minutes",
        help_text="For example 90 for an hour and a half.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter how long the session lasts, in minutes",
            "invalid": "Enter the duration as a whole number of minutes, for example 90",
        },
    )


class SessionBookForm(PortalForm):
    """The practice educator books a session outside the weekly schedule."""

    date = DateField(label="Date of the session")
    starts_at = TimeField(label="Start time")
    duration_minutes = duration_field()
    arrangement = forms.ChoiceField(
        label="One-to-one or group",
        choices=SupervisionSession.Arrangement.choices,
        widget=forms.RadioSelect,
        initial=SupervisionSession.Arrangement.ONE_TO_ONE,
        error_messages={"required": "Choose one-to-one or group"},
    )
    mode = forms.ChoiceField(
        label="In person or online",
        choices=SupervisionSession.Mode.choices,
        widget=forms.RadioSelect,
        initial=SupervisionSession.Mode.IN_PERSON,
        error_messages={"required": "Choose in person or online"},
    )


class DomainChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Capability) -> str:
        return f"{obj.number}. {obj.title}"


class SessionRecordForm(SessionBookForm):
    """The written record: when and how it was held, the agenda, notes, PCF domains."""

    attendees = forms.CharField(
        label="Who else attended (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anyone present besides the student and you, by role, for example "
        "“on-site supervisor”. Leave empty for a one-to-one session.",
    )
    agenda_wellbeing = forms.CharField(
        label="Wellbeing", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda_workload = forms.CharField(
        label="Workload and direct work", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda_learning = forms.CharField(
        label="Learning and PCF domains", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda_reflection = forms.CharField(
        label="Reflection", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda_case_discussion = forms.CharField(
        label="Case discussion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anonymised: never write a child's or family member's name; describe them "
        "instead (“the younger sibling”).",
    )
    agenda_actions_review = forms.CharField(
        label="Review of actions", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    domains = DomainChoiceField(
        label="PCF domains discussed",
        queryset=Capability.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose PCF domains from the list"},
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = domains


class StepForm(PortalForm):
    """A move in the transition table: a reason when it needs one, a new slot to move."""

    date = DateField(label="New date")
    starts_at = TimeField(label="New start time")
    reason = reason_field(rows=3, help_text="The other person sees this.")

    def __init__(self, *args, needs_reason: bool, moves: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not moves:
            del self.fields["date"], self.fields["starts_at"]
        if not needs_reason:
            del self.fields["reason"]


class AmendForm(ReasonForm):
    reason = reason_field(
        "Reason for the amendment",
        help_text="What needs correcting and why. The student sees this, and it stays with "
        "both versions of the record.",
    )


class ActionForm(PortalForm):
    description = forms.CharField(
        label="What is to be done",
        required=False,
        max_length=300,
        help_text="At most 300 characters.",
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will do it"},
    )
    due_on = DateField(label="Due date")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for _, person in people}
        self.fields["owner"].choices = [
            (str(person.pk), f"{person} ({role})") for role, person in people
        ]

    def clean_owner(self):
        return self.people[self.cleaned_data["owner"]]
