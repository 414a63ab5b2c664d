"""Forms of the casework pages."""

from django import forms

from portal.accounts.models import Organisation
from portal.forms import DateField, PortalForm

from ..models import Carer, Child


class ChildFilterForm(PortalForm):
    """The children list's search (by reference only: names never go in a URL)."""

    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=12,
        help_text="For example C-7KQ2WD",
    )
    school = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="All schools"
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools


# --- writing a child's record ------------------------------------------------------------


def choices_with_blank(model_field, blank: str = "Choose…"):
    return [("", blank), *model_field.choices]


class ChildDetailsForm(PortalForm):
    """The child's identity and school (the model's messages come from the service)."""

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    preferred_name = forms.CharField(
        label="Known as (optional)",
        max_length=100,
        required=False,
        help_text="The name the child likes to be called, if not their first name.",
    )
    date_of_birth = DateField(label="Date of birth", help_text="For example 27 March 2016.")
    gender = forms.ChoiceField(label="Gender", required=False)
    gender_description = forms.CharField(
        label="Gender, in the child's words (if described another way)",
        max_length=100,
        required=False,
    )
    year_group = forms.ChoiceField(label="Year group", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = choices_with_blank(Child.Gender)
        self.fields["year_group"].choices = choices_with_blank(Child.YearGroup)


class ChildForm(ChildDetailsForm):
    """A co-ordinator records or changes a child."""

    ethnicity = forms.CharField(label="Ethnicity (optional)", max_length=100, required=False)
    school = forms.ModelChoiceField(
        label="School",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the school",
    )
    la_case_number = forms.CharField(
        label="Local authority case number (optional)", max_length=50, required=False
    )
    held_by = forms.ModelChoiceField(
        label="Record held by",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the service",
        help_text="The organisation running the service that works with the child.",
    )

    def __init__(self, *args, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.SCHOOL
        ).order_by("name")
        if holders is None or len(holders) <= 1:
            # One organisation (or an edit): the record stays where it is.
            del self.fields["held_by"]
        else:
            self.fields["held_by"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in holders]
            ).order_by("name")


class CarerForm(PortalForm):
    name = forms.CharField(label="Full name", max_length=150, required=False)
    relationship = forms.ChoiceField(label="Relationship to the child", required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.CharField(label="Email address", max_length=254, required=False)
    address = forms.CharField(label="Postal address", required=False, widget=forms.Textarea)
    has_parental_responsibility = forms.BooleanField(
        label="Has parental responsibility", required=False
    )
    is_main_contact = forms.BooleanField(
        label="Main contact",
        required=False,
        help_text="The person the service contacts first (one per child).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = choices_with_blank(Carer.Relationship)
        self.fields["address"].widget.attrs["rows"] = 3


class AllocationForm(PortalForm):
    placement = forms.ModelChoiceField(
        label="Student",
        queryset=None,
        empty_label="Choose the student",
        error_messages={"required": "Choose the student who will do the work."},
        help_text="Students with a current placement at the organisation holding the record.",
    )
    practice_educator = forms.ModelChoiceField(
        label="Practice educator overseeing (optional)",
        queryset=None,
        required=False,
        empty_label="The student's own practice educator",
    )
    starts_on = DateField(label="Date the work starts")

    def __init__(self, *args, placements, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = lambda p: (
            f"{p.student} (practice educator: {p.practice_educator or 'none yet'})"
        )
        self.fields["practice_educator"].queryset = educators


class AllocationEndForm(PortalForm):
    ends_on = DateField(label="Last day of the work")
