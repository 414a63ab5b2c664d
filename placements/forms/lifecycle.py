"""Forms for setting up placements and moving them through their statuses.

The forms only collect input; placements.services.lifecycle checks it, and
its ValidationErrors land on these fields (portal.forms.apply_validation_error).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.forms import DateField, PortalForm, ReasonForm, reason_field

from ..models import Placement, ServiceUserGroup, SettingKind, StudentProfile

FROM_OFFER = "As the team's offer of places says"
STATUTORY_CHOICES = [("True", "Yes"), ("False", "No")]


def setting_fields(*, from_offer: bool) -> dict[str, forms.Field]:
    """The kind of setting, service user group and statutory tasks (placements and offers).

    With `from_offer` (setting up a placement), each may be left empty to take
    the team's offer of places for these dates (placements.services.lifecycle)."""
    empty = FROM_OFFER if from_offer else "Not said"
    return {
        "setting_kind": forms.ChoiceField(
            label="Kind of setting",
            choices=[("", empty), *SettingKind.choices],
            required=not from_offer,
        ),
        "service_user_group": forms.ChoiceField(
            label="Service user group",
            choices=[("", empty), *ServiceUserGroup.choices],
            required=not from_offer,
            help_text="The people the team mostly works with.",
        ),
        "statutory_tasks": forms.TypedChoiceField(
            label="Are statutory tasks available?",
            choices=[*([("", FROM_OFFER)] if from_offer else []), *STATUTORY_CHOICES],
            coerce=lambda value: value == "True",
            empty_value=None,
            required=not from_offer,
            widget=forms.RadioSelect,
            help_text="For example assessments and plans under the Children Act 1989 or the "
            "Care Act 2014. A student's two placements must be in contrasting settings, and "
            "at least one must offer statutory tasks.",
        ),
    }


def check_ends_after_start(form: forms.BaseForm, cleaned: dict) -> dict:
    """A date range's end after its start (placements, placement offers)."""
    starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts_on and ends_on and ends_on <= starts_on:
        form.add_error("ends_on", "The end date must be after the start date.")
    return cleaned


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StudentProfile) -> str:
        return f"{obj.user.name} ({obj.student_number}, {obj.course.title})"


def _holders_of(role: str, organisations: QuerySet | list | None) -> QuerySet[User]:
    """Users with a current `role` membership (in `organisations`, when given)."""
    memberships = Membership.objects.current().filter(role=role)
    if organisations is not None:
        memberships = memberships.filter(organisation__in=organisations)
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("name", "email")


def student_choices(user: User) -> QuerySet[StudentProfile]:
    """Students a co-ordinator may place: those of the universities they co-ordinate,
    or who hold a role in any organisation they co-ordinate. All, for an admin."""
    profiles = StudentProfile.objects.select_related("user", "course", "university")
    if user.is_portal_admin:
        return profiles
    mine = user.organisations_where(Role.COORDINATOR)
    members = Membership.objects.current().filter(organisation__in=mine).values("user_id")
    return profiles.filter(Q(university__in=mine) | Q(user__in=members))


def host_choices(user: User) -> QuerySet[Organisation]:
    """Where the student can be placed: organisations the person co-ordinates
    (every organisation for an admin). Universities train students; they do not host."""
    organisations = Organisation.objects.exclude(kind=Organisation.Kind.UNIVERSITY)
    if user.is_portal_admin:
        return organisations
    return organisations.filter(pk__in=[o.pk for o in user.organisations_where(Role.COORDINATOR)])


class PlacementForm(PortalForm):
    student = StudentChoiceField(
        label="Student",
        queryset=StudentProfile.objects.none(),
        empty_label="Choose a student",
        help_text="The course comes from the student's profile.",
    )
    host = forms.ModelChoiceField(
        label="Host organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
    )
    team = forms.CharField(label="Team", max_length=200, help_text="The team the student joins.")
    level = forms.ChoiceField(
        label="Level", choices=Placement.Level.choices, widget=forms.RadioSelect
    )
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date")
    required_days = forms.IntegerField(
        label="Required days (optional)",
        required=False,
        min_value=1,
        max_value=200,
        help_text="Leave empty to use the course's number of days for this level.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    practice_educator = PersonChoiceField(
        label="Practice educator (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not assigned yet",
        help_text="Needed before the placement can be confirmed.",
    )
    onsite_supervisor = PersonChoiceField(
        label="On-site supervisor (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
        help_text="When the practice educator works off-site.",
    )
    tutor = PersonChoiceField(
        label="University tutor (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not assigned yet",
    )

    def __init__(self, *args, user: User, placement: Placement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        admin = user.is_portal_admin
        coordinated = None if admin else user.organisations_where(Role.COORDINATOR)
        hosts = host_choices(user)
        # Setting up: each may come from the team's offer; changing: each is said.
        self.fields.update(setting_fields(from_offer=placement is None))
        if placement is not None:
            # The student and course stay as created; set up a new placement instead.
            del self.fields["student"]
            hosts = hosts | Organisation.objects.filter(pk=placement.host_id)
            universities = [placement.course.university_id]
        else:
            students = student_choices(user)
            self.fields["student"].queryset = students
            universities = students.values("university_id")
        self.fields["host"].queryset = hosts.distinct().order_by("name")
        self.fields["practice_educator"].queryset = _holders_of(Role.PRACTICE_EDUCATOR, coordinated)
        self.fields["onsite_supervisor"].queryset = _holders_of(Role.ONSITE_SUPERVISOR, coordinated)
        self.fields["tutor"].queryset = _holders_of(
            Role.TUTOR, Organisation.objects.filter(pk__in=universities)
        )
        if placement is not None:
            # People already on the placement stay choosable even if outside the lists.
            for name in ("practice_educator", "onsite_supervisor", "tutor"):
                current = getattr(placement, f"{name}_id")
                if current:
                    field = self.fields[name]
                    field.queryset = (field.queryset | User.objects.filter(pk=current)).distinct()

    def clean(self):
        return check_ends_after_start(self, super().clean())


class TransitionForm(ReasonForm):
    """The confirmation of one move; ending early asks for the reason."""

    reason = reason_field(
        "Why is the placement ending early?",
        help_text="The people on the placement will see this.",
    )


class ContrastOverrideForm(ReasonForm):
    """A co-ordinator's reason to go ahead despite the contrasting-settings rule."""

    reason = reason_field(
        "Why should the placement go ahead?",
        help_text="The university tutor sees this on the placement and in the placements "
        "export. Do not name children or families.",
    )


STATUS_FILTER_CHOICES = [("", "Any status"), *Placement.Status.choices]
LEVEL_FILTER_CHOICES = [("", "Any level"), *Placement.Level.choices]


class PlacementFilterForm(PortalForm):
    q = forms.CharField(label="Student's name", required=False, max_length=150)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTER_CHOICES)
    level = forms.ChoiceField(label="Level", required=False, choices=LEVEL_FILTER_CHOICES)
