"""Forms of updates and reports: an update request, an update's summary, the
completion report's summary, and the public page's reference check."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import UpdateRequest
from ..services.reports import SUMMARY_MAX


class UpdateRequestForm(PortalForm):
    requested_on = DateField(label="When did the referrer ask?")
    how = forms.ChoiceField(
        label="How did they ask?", choices=UpdateRequest.How.choices, widget=forms.RadioSelect
    )


class ReportForm(PortalForm):
    summary = forms.CharField(
        label="Summary for the referrer",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="How the parent is doing on the programme, in plain words. The PDF "
        "adds the dates, attendance and keywork goals from the records.",
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = required
        if not required:
            self.fields["summary"].label = "Summary for the referrer (optional)"


class ReportLinkAnswerForm(PortalForm):
    answer = forms.CharField(
        label="Referral reference",
        max_length=254,
        help_text="The reference in the email, for example POC-7KQ3-XM2A. You can enter "
        "the email address the link was sent to instead.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
