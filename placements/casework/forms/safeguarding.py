"""Forms of the safeguarding pages. The services check and say the rest."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from portal.accounts.models import User
from portal.forms import DateField, PortalForm, TimeField

from ..models import Child


class ChildChoiceField(forms.ModelChoiceField):
    """The session's children by the name the raiser knows them by, and reference."""

    def label_from_instance(self, obj: Child) -> str:
        return f"{obj.known_as} {obj.last_name} ({obj.reference})"


class ConcernForm(PortalForm):
    child = ChildChoiceField(
        label="Which child is the concern about?",
        queryset=Child.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the child the concern is about."},
    )
    happened_on = DateField(
        label="Date it happened or was said", help_text="For example 3 March 2026."
    )
    happened_time = TimeField(
        label="Time it happened or was said",
        help_text="For example 14:30. Your best estimate if you are not sure.",
        error_messages={
            "required": "Enter the time it happened or was said.",
            "invalid": "Enter a real time, for example 14:30.",
        },
    )
    what_happened = forms.CharField(
        label="What happened or was said",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what happened or what the child said, in their words."},
        help_text="Write what the child said in their own words, and what you saw. "
        "Facts, not opinions.",
    )
    actions_taken = forms.CharField(
        label="What you have done so far",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what you have done so far, and who you told."},
        help_text="For example who you told and when, and what you said to the child.",
    )

    def __init__(self, *args, children: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        field.queryset = Child.objects.filter(pk__in=[c.pk for c in children]).order_by("reference")
        if len(children) == 1:
            # One child: nothing to choose.
            field.widget = forms.HiddenInput()
            field.initial = children[0].pk
            field.required = False
        self.children = children

    def clean_child(self):
        child = self.cleaned_data.get("child")
        if child is None and len(self.children) == 1:
            return self.children[0]
        return child

    def happened_at(self) -> datetime | None:
        day = self.cleaned_data.get("happened_on")
        moment = self.cleaned_data.get("happened_time")
        if day is None or moment is None:
            return None
        return timezone.make_aware(datetime.combine(day, moment))

    def clean(self):
        data = super().clean()
        happened_at = self.happened_at()
        if happened_at is not None and happened_at > timezone.now():
            self.add_error("happened_on", "The time it happened must be now or in the past.")
        return data


class AddendumForm(PortalForm):
    text = forms.CharField(
        label="What are you adding?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write what you are adding."},
        help_text="New facts, what has been done since, who else was told. "
        "It cannot be changed afterwards.",
    )


class OutcomeForm(PortalForm):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the outcome: what was decided and done."},
        help_text="What was decided and done, for example referred to children's social "
        "care on 3 March 2026, or no further action with the reason.",
    )


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class SchoolLeadForm(PortalForm):
    safeguarding_lead = LeadChoiceField(
        label="Designated safeguarding lead with a portal account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="None of the school's contacts",
        help_text="One of the school's contacts. They are told of every concern in the "
        "portal and by email.",
    )
    safeguarding_lead_name = forms.CharField(
        label="Their name (optional)", max_length=150, required=False
    )
    safeguarding_lead_email = forms.CharField(
        label="Their email address (optional if chosen above)",
        max_length=254,
        required=False,
        help_text="Concerns are emailed here as well, with the child's reference only.",
    )

    def __init__(self, *args, contacts: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safeguarding_lead"].queryset = User.objects.filter(
            pk__in=[u.pk for u in contacts]
        ).order_by("name", "email")


class ConcernFilterForm(PortalForm):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All concerns"), ("open", "Open"), ("closed", "Outcome recorded")],
    )
