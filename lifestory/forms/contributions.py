"""Forms of contribution links and contributions (issue 17, R4). The checks and
their messages are the services'."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

from ..models.contributions import DEFAULT_DAYS, MESSAGE_LENGTH, MOST_DAYS


class LinkCreateForm(PortalForm):
    contributor_name = forms.CharField(label="Their name", max_length=120, required=False)
    relationship = forms.CharField(
        label="Who they are to the child",
        max_length=80,
        required=False,
        help_text="For example: foster carer, birth grandmother.",
    )
    email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        help_text="If you give one, the link is emailed to them. Otherwise pass it on yourself.",
    )
    days = forms.IntegerField(
        label="Days the link works",
        min_value=1,
        max_value=MOST_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"Between 1 and {MOST_DAYS} days.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class AcceptForm(PortalForm):
    caption = forms.CharField(label="Caption", max_length=300, required=False)
    chapter = forms.ModelChoiceField(
        label="Chapter (optional)", queryset=None, required=False, empty_label="No chapter yet"
    )

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (a list, empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ContributeForm(PortalForm):
    files = MultipleFileField(
        label="Photos",
        required=False,
        help_text="Up to 10 photos at a time: JPEG, PNG, WebP or HEIC, each smaller than "
        "20 MB. Where and with what camera a photo was taken is removed when it is saved.",
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic", "multiple": True}
        ),
    )
    message = forms.CharField(
        label="A short message (optional)",
        required=False,
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"For example, what the photos show and when they were taken. "
        f"Up to {MESSAGE_LENGTH} characters.",
    )
