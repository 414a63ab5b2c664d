"""Forms of the requests pages: a school's request for support, and its triage."""

from __future__ import annotations

from django import forms

from portal.accounts.models import Organisation
from portal.forms import DateField, PortalForm, ReasonForm, reason_field

from ..models import Carer, Child, SupportKind, SupportRequest, Theme
from ..selectors.requests import ANSWERED, ANSWERED_SHOWN_DAYS
from .children import choices_with_blank


class SupportRequestForm(PortalForm):
    """The school's request. Most checks (and their messages) are the service's."""

    school = forms.ModelChoiceField(
        label="Your school",
        queryset=Organisation.objects.none(),
        empty_label="Choose the school",
        error_messages={"required": "Choose the pupil's school."},
    )
    service = forms.ModelChoiceField(
        label="Which service are you asking?",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the service",
        help_text="The service working with your school. It will hold the pupil's record.",
    )
    kind = forms.ChoiceField(
        label="What kind of support are you asking for?",
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        required=False,  # left out: the first kind offered (direct work where it is)
        error_messages={
            "invalid_choice": "Choose one of the kinds of support your school is offered.",
        },
    )
    # The pupil
    first_name = forms.CharField(label="Pupil's first name", max_length=100, required=False)
    last_name = forms.CharField(label="Pupil's last name", max_length=100, required=False)
    preferred_name = forms.CharField(
        label="Known as (optional)",
        max_length=100,
        required=False,
        help_text="The name the pupil likes to be called, if not their first name.",
    )
    date_of_birth = DateField(label="Date of birth", help_text="For example 27 March 2016.")
    gender = forms.ChoiceField(label="Gender", required=False)
    gender_description = forms.CharField(
        label="Gender, in the pupil's words (if described another way)",
        max_length=100,
        required=False,
    )
    year_group = forms.ChoiceField(label="Year group", required=False)
    # The main parent or carer
    carer_name = forms.CharField(
        label="Parent's or carer's full name", max_length=150, required=False
    )
    carer_relationship = forms.ChoiceField(label="Their relationship to the pupil", required=False)
    carer_phone = forms.CharField(label="Their phone number", max_length=30, required=False)
    carer_email = forms.CharField(label="Their email address", max_length=254, required=False)
    carer_has_parental_responsibility = forms.BooleanField(
        label="They have parental responsibility", required=False
    )
    # The request
    reason = forms.CharField(
        label="Why is the school asking for support?", required=False, widget=forms.Textarea
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes you would like the work to cover (optional)",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parent_consent_given = forms.TypedChoiceField(
        label="Has a parent consented to the request?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a parent has consented to the request."},
        help_text="Direct work needs a parent's consent.",
    )
    parent_consent_on = DateField(label="Date of the parent's consent", required=False)
    parent_consent_by = forms.CharField(
        label="Who gave consent",
        max_length=150,
        required=False,
        help_text="Their name and relationship, for example Dana Marsh, mother.",
    )
    child_view = forms.CharField(
        label="The pupil's own view",
        required=False,
        widget=forms.Textarea,
        help_text="What the pupil says about having support, in their words.",
    )

    def __init__(self, *args, schools, services, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        schools, services = list(schools), list(services)
        # Only the kinds of support the school works with (selectors.requests.school_offers).
        kinds = [value for value in SupportKind.values if value in set(kinds)] or [
            SupportKind.DIRECT_WORK.value
        ]
        self.fields["kind"].choices = [(value, SupportKind(value).label) for value in kinds]
        self.fields["kind"].initial = kinds[0]
        if len(kinds) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
        self.fields["school"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in schools]
        ).order_by("name")
        self.fields["service"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in services]
        ).order_by("name")
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
            self.fields["school"].widget = forms.HiddenInput()
        if len(services) == 1:
            self.fields["service"].initial = services[0].pk
        self.fields["gender"].choices = choices_with_blank(Child.Gender)
        self.fields["year_group"].choices = choices_with_blank(Child.YearGroup)
        self.fields["carer_relationship"].choices = choices_with_blank(Carer.Relationship)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True).order_by(
            "position", "name"
        )
        for name in ("reason", "child_view"):
            self.fields[name].widget.attrs["rows"] = 4

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.fields["kind"].initial


class AcceptForm(PortalForm):
    students = forms.ModelMultipleChoiceField(
        label="Students who will do the work",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one student to do the work."},
        help_text="Students with a current placement at the service.",
    )
    practice_educator = forms.ModelChoiceField(
        label="Practice educator overseeing (optional)",
        queryset=None,
        required=False,
        empty_label="Each student's own practice educator",
    )
    starts_on = DateField(label="Date the work starts")

    def __init__(self, *args, students, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students
        self.fields["practice_educator"].queryset = educators


class DecisionReasonForm(ReasonForm):
    """Declining or redirecting a request: the view gives the label and hint."""

    reason = reason_field(max_length=None)


class RequestFilterForm(PortalForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "All requests"),
            *SupportRequest.Status.choices,
            (ANSWERED, f"Answered in the last {ANSWERED_SHOWN_DAYS} days"),
        ],
    )
