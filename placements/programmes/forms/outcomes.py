"""Forms of outcomes and evaluation (requirements 6 and 7). The service checks
everything again (dates, status, who may record), so the API hears the same."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import DateField, PortalForm

from ..models import SelfEsteemScore, SocialCareStatus
from ..selectors.outcomes import SHOW_DUE, SHOWS


class OutcomeCheckFilterForm(PortalForm):
    show = forms.ChoiceField(label="Show", required=False, choices=SHOWS, initial=SHOW_DUE)


class OutcomeCheckForm(PortalForm):
    status = forms.ChoiceField(
        label="The child's social care status",
        choices=SocialCareStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's social care status."},
    )
    recorded_on = DateField(
        label="Date you found out",
        help_text="The date the child's social worker or the records confirmed it. "
        "For example 17 November 2026.",
        error_messages={"required": "Enter the date you found out the status."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("recorded_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class SelfEsteemForm(PortalForm):
    point = forms.ChoiceField(
        label="When", choices=SelfEsteemScore.Point.choices, widget=forms.RadioSelect
    )
    score = forms.IntegerField(
        label="Rosenberg total",
        help_text="The total of the 10 answers, from 0 to 30. Under 15 is low self-esteem.",
        min_value=0,
        max_value=30,
        error_messages={
            "min_value": "A Rosenberg score is between 0 and 30.",
            "max_value": "A Rosenberg score is between 0 and 30.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    recorded_on = DateField(label="Date the parent filled it in")


class EvaluationFilterForm(PortalForm):
    """The range of end dates (`from`, `to`): both optional, the start not after the end."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = DateField(
            label="Ended on or after", required=False, help_text="For example 1 April 2025."
        )
        self.fields["to"] = DateField(
            label="Ended on or before", required=False, help_text="For example 31 March 2026."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "The end of the range must be on or after its start.")
        return cleaned
