from django import forms

from portal.accounts.models import Organisation
from portal.forms import DateField, PortalForm

from ..models import Course, EducatorProfile


class StudentProfileForm(PortalForm):
    university = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY),
        empty_label="Choose a university",
    )
    course = forms.ModelChoiceField(
        queryset=Course.objects.select_related("university"), empty_label="Choose a course"
    )
    cohort = forms.CharField(max_length=20, help_text="Usually the year the course began.")
    student_number = forms.CharField(max_length=30)
    dbs_checked_on = DateField(
        label="DBS check date",
        required=False,
        help_text="Leave empty if not yet done.",
    )


class EducatorProfileForm(PortalForm):
    swe_registration = forms.CharField(
        label="Social Work England registration number",
        max_length=9,
        help_text="SW followed by digits, for example SW123456.",
    )
    peps_stage = forms.TypedChoiceField(
        label="PEPS stage",
        coerce=int,
        choices=[(1, "Stage 1"), (2, "Stage 2 (can assess a final placement)")],
        widget=forms.RadioSelect,
    )
    location = forms.ChoiceField(choices=EducatorProfile.Location.choices, widget=forms.RadioSelect)
    max_students = forms.IntegerField(label="Most students at once", min_value=1, max_value=8)
    dbs_checked_on = DateField(
        label="DBS check date",
        required=False,
        help_text="Leave empty if not yet done.",
    )


class PeopleFilterForm(PortalForm):
    role = forms.ChoiceField(
        choices=[("student", "Students"), ("practice_educator", "Practice educators")],
        required=False,
    )
    q = forms.CharField(label="Name or email", required=False, max_length=100)


class OwnEducatorProfileForm(PortalForm):
    """A new practice educator's own profile: what placements need before they
    educate anyone (placements.services.profiles.educator_profile_complete)."""

    swe_registration = forms.CharField(
        label="Social Work England registration number",
        max_length=9,
        help_text="SW followed by digits, for example SW123456.",
        error_messages={"required": "Enter your Social Work England registration number."},
    )
    peps_stage = forms.TypedChoiceField(
        label="Your PEPS stage",
        coerce=int,
        choices=[(1, "Stage 1"), (2, "Stage 2 (can assess a final placement)")],
        widget=forms.RadioSelect,
        help_text="Practice Educator Professional Standards: stage 2 is needed to assess a "
        "final placement.",
        error_messages={"required": "Select your PEPS stage."},
    )
    location = forms.ChoiceField(
        label="Where you work with students",
        choices=EducatorProfile.Location.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where you work with students."},
    )
    dbs_checked_on = DateField(
        label="Date of your DBS check",
        help_text="The date on your enhanced DBS certificate.",
        error_messages={"required": "Enter the date of your DBS check."},
    )
