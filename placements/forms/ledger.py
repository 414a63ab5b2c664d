"""Forms of the day ledger: recording a day, confirming a week, querying a day and
answering the query, repeating last week."""

from datetime import date
from decimal import Decimal

from django import forms

from portal.forms import DateField, PortalForm

from ..models import PlacementDay


class DayForm(PortalForm):
    date = DateField(
        label="Date",
        help_text="The day you are recording, for example 3 March 2026.",
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    kind = forms.ChoiceField(
        label="What kind of day was it?",
        choices=PlacementDay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of day this was"},
    )
    hours = forms.DecimalField(
        label="Hours",
        help_text="Hours worked that day, for example 7.5. Enter 0 for an absence.",
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-4"}
        ),
        error_messages={
            "required": "Enter the hours",
            "invalid": "Enter the hours as a number, for example 7.5",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you did, or why you were away. Do not name children or families.",
    )
    makes_up_missed_day = forms.BooleanField(
        label="This day makes up for a day I missed",
        required=False,
    )


class DayAnswerForm(DayForm):
    """Changing a day the practice educator has queried: the student answers too."""

    answer = forms.CharField(
        label="Your answer to your practice educator",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say what you changed, or why the day is right as it is. "
        "Do not name children or families.",
        error_messages={"required": "Answer your practice educator's question"},
    )


class DayQueryForm(PortalForm):
    comment = forms.CharField(
        label="Your question about this day",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The student is told and can answer or change the day. "
        "Do not name children or families.",
        error_messages={"required": "Enter your question about this day"},
    )


class DateListField(forms.Field):
    """Dates sent back by hidden inputs, as the page listed them (ISO 8601)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [date.fromisoformat(item) for item in value or []]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(
                "The days could not be read; reload the page and try again."
            ) from error


class RepeatWeekForm(PortalForm):
    """The days the confirmation page listed, so exactly those are logged."""

    dates = DateListField(required=False)  # none: the service says there is nothing to log


class WeekConfirmForm(PortalForm):
    """The days shown on the confirmation page, so exactly those are confirmed."""

    days = forms.ModelMultipleChoiceField(
        queryset=PlacementDay.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "There are no days to confirm."},
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = PlacementDay.objects.filter(placement=placement)
