"""Forms: a wellbeing questionnaire, item by item.

One radio group per item, built from the scale's definition (casework.measures),
so the form, the validation and the scoring agree. The total is never a field.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.dates import long_date
from portal.forms import DateField, PortalForm

from ..measures import Scale
from ..models import WellbeingMeasure


class WellbeingAnswersForm(PortalForm):
    """The answers (and the date) of one questionnaire; `item_<n>` per item."""

    completed_on = DateField(
        label="Date the child filled it in",
        error_messages={
            "required": "Enter the date the child filled it in",
            "invalid": "Enter the date as a real date, for example 3 March 2026",
        },
    )

    def __init__(self, *args, scale: Scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        choices = [(str(option.value), option.label) for option in scale.options]
        for item in scale.items:
            self.fields[item.field_name] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Answer item {item.number}: {item.text}",
                    "invalid_choice": f"Choose an answer for item {item.number}",
                },
            )
        if not self.is_bound and "completed_on" not in self.initial:
            self.initial["completed_on"] = timezone.localdate()

    @property
    def item_fields(self):
        return [self[item.field_name] for item in self.scale.items]

    def answers(self) -> list[str]:
        return [self.cleaned_data[item.field_name] for item in self.scale.items]


class WellbeingRecordForm(WellbeingAnswersForm):
    point = forms.ChoiceField(
        label="When did the child fill it in?",
        choices=WellbeingMeasure.Point.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the first or the last session"},
    )
    session = forms.TypedChoiceField(
        label="Session",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Optional: the session it was filled in at.",
    )

    field_order = ["point", "session", "completed_on"]

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [("", "Not linked to a session")] + [
            (session.pk, f"Session {session.number}, {long_date(session.planned_on)}")
            for session in sessions
        ]

    def chosen_session(self):
        return self.sessions.get(self.cleaned_data.get("session"))
