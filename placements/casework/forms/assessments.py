"""Forms of the assessment pages. Most checks (and their messages) are the service's."""

from __future__ import annotations

from django import forms

from portal.accounts.models import User
from portal.forms import DateField, PortalForm, ReasonForm, reason_field

from ..models import Assessment
from .children import choices_with_blank


def kind_field(**kwargs) -> forms.ChoiceField:
    """Not required: a form sent without it (a client of the form before there were
    kinds) starts a child and family assessment, or leaves the kind as it was."""
    return forms.ChoiceField(
        label="Kind of assessment",
        choices=Assessment.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=Assessment.Kind.CHILD_AND_FAMILY,
        help_text="A student can co-work either kind, but is never the accountable worker for "
        "a child protection enquiry.",
        **kwargs,
    )


def strategy_discussion_field() -> DateField:
    return DateField(
        label="Date of the strategy discussion (child protection enquiry only)",
        required=False,
        help_text="The initial child protection conference is due 15 working days after it. "
        "For example 17 November 2026.",
    )


def conference_held_field() -> DateField:
    return DateField(
        label="Date the initial child protection conference was held (if it has been)",
        required=False,
    )


class AssessmentFilterForm(PortalForm):
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *Assessment.Kind.choices],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All assessments"), *Assessment.Status.choices],
    )
    timing = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[
            ("", "Any time"),
            ("due_soon", "Due soon"),
            ("overdue", "Overdue"),
            ("conference_due_soon", "Initial conference due soon"),
            ("conference_overdue", "Initial conference overdue"),
        ],
    )


class AssessmentCreateForm(PortalForm):
    kind = kind_field()
    referral_date = DateField(label="Date of the referral")
    start_date = DateField(label="Date the assessment started")
    strategy_discussion_on = strategy_discussion_field()
    social_worker = forms.ModelChoiceField(
        label="Accountable qualified social worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose the social worker",
    )
    student = forms.ModelChoiceField(
        label="Student co-worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No student",
        help_text="A student with current direct work allocated with this child.",
    )

    def __init__(self, *args, social_workers, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = social_workers
        self.fields["student"].queryset = students


# What only the accountable social worker or the team manager changes.
DATES_AND_KIND = (
    "kind",
    "referral_date",
    "start_date",
    "strategy_discussion_on",
    "conference_held_on",
)


class AssessmentEditForm(PortalForm):
    kind = kind_field()
    referral_date = DateField(label="Date of the referral")
    start_date = DateField(label="Date the assessment started")
    strategy_discussion_on = strategy_discussion_field()
    conference_held_on = conference_held_field()
    developmental_needs = forms.CharField(
        label="The child's developmental needs", required=False, widget=forms.Textarea
    )
    parenting_capacity = forms.CharField(
        label="Parenting capacity", required=False, widget=forms.Textarea
    )
    family_environment = forms.CharField(
        label="Family and environmental factors", required=False, widget=forms.Textarea
    )
    child_voice = forms.CharField(
        label="The child's voice",
        required=False,
        widget=forms.Textarea,
        help_text="What the child says, in their own words where possible.",
    )
    analysis = forms.CharField(label="Analysis", required=False, widget=forms.Textarea)
    recommendation = forms.ChoiceField(label="Recommendation", required=False)

    def __init__(self, *args, may_change_dates: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = choices_with_blank(
            Assessment._meta.get_field("recommendation"), "Not decided yet"
        )
        if not may_change_dates:
            for name in DATES_AND_KIND:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned and not cleaned["kind"]:
            del cleaned["kind"]  # unchanged
        return cleaned


class TransitionReasonForm(ReasonForm):
    reason = reason_field("What needs to change?", max_length=None)
