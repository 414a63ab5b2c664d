"""Forms for setting up placements and moving them through their statuses.

The forms only collect input; placements.services.lifecycle checks it, and
its ValidationErrors land on these fields (portal.forms.apply_validation_error).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.dates import long_date
from portal.forms import DateField, PortalForm, ReasonForm, reason_field

from ..models import (
    Placement,
    PlacementOffer,
    ServiceUserGroup,
    SettingKind,
    StudentProfile,
)
from ..selectors.allocation import offers_visible_to
from ..services.lifecycle import educator_problems

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
    """Each student with their current placement beside their name (`current`, filled
    by the form in one query), so a co-ordinator sees who is already placed."""

    current: dict[int, Placement] = {}

    def label_from_instance(self, obj: StudentProfile) -> str:
        label = f"{obj.user.name} ({obj.student_number}, {obj.course.title})"
        placement = self.current.get(obj.user_id)
        if placement is None:
            return f"{label}: no current placement"
        return (
            f"{label}: placed at {placement.host}, {placement.team}, "
            f"{long_date(placement.starts_on)} to {long_date(placement.ends_on)}"
        )


class OpenPlaceChoiceField(forms.ModelChoiceField):
    """A team's offer of places with room left (placements/selectors/allocation.py)."""

    def label_from_instance(self, obj: PlacementOffer) -> str:
        return (
            f"{obj.team}, {obj.host}: {obj.places} offered, {obj.places_taken} taken, "
            f"{long_date(obj.starts_on)} to {long_date(obj.ends_on)}"
        )


def open_places(user: User, *, full: bool = False) -> QuerySet[PlacementOffer]:
    """Offers of the organisations `user` co-ordinates with a place still open (with
    `full`, those with none) and an end not yet past: where a new placement can go."""
    room = {"open_places__lte": 0} if full else {"open_places__gt": 0}
    return (
        offers_visible_to(user)
        .filter(ends_on__gte=timezone.localdate(), **room)
        .order_by("host__name", "team", "starts_on", "pk")
    )


def search_students(students: QuerySet[StudentProfile], query: str) -> QuerySet[StudentProfile]:
    """Students whose name, email or student number contains `query`."""
    query = (query or "").strip()
    if not query:
        return students
    return students.filter(
        Q(user__name__icontains=query)
        | Q(user__email__icontains=query)
        | Q(student_number__icontains=query)
    )


def current_placements(user_ids) -> dict[int, Placement]:
    """Each student's current or next live placement (not yet ended), in one query."""
    current: dict[int, Placement] = {}
    for placement in (
        Placement.objects.filter(
            student_id__in=user_ids,
            status__in=Placement.LIVE_STATUSES,
            ends_on__gte=timezone.localdate(),
        )
        .select_related("host")
        .order_by("starts_on", "pk")
    ):
        current.setdefault(placement.student_id, placement)
    return current


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
    """Setting up a placement (`placement` None) or changing a draft or proposed one.

    Setting up, the team is one of the open places listed (`place`: the host and
    team come from it) and the student list is narrowed by `student_query` (the
    page's search). Both check the practice educator chosen (PEPS stage, DBS,
    room) and list every problem with the rest (placements.services.lifecycle)."""

    student = StudentChoiceField(
        label="Student",
        queryset=StudentProfile.objects.none(),
        empty_label="Choose a student",
        help_text="The course comes from the student's profile. Each student's current "
        "placement is shown beside their name.",
    )
    place = OpenPlaceChoiceField(
        label="Team",
        queryset=PlacementOffer.objects.none(),
        widget=forms.RadioSelect,
        help_text="The teams with an open place. A team whose places are all taken is not "
        "listed; record more places on the allocation page.",
        error_messages={"required": "Choose a team with an open place."},
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

    field_order = ["student", "place", "host", "team", "level", "starts_on", "ends_on"]

    def __init__(
        self,
        *args,
        user: User,
        placement: Placement | None = None,
        student_query: str = "",
        **kwargs,
    ):
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
            del self.fields["place"]
            hosts = hosts | Organisation.objects.filter(pk=placement.host_id)
            universities = [placement.course.university_id]
        else:
            # The host and team come from the open place chosen.
            del self.fields["host"]
            del self.fields["team"]
            self.fields["place"].queryset = open_places(user)
            # Shown under the list, so a team that is missing says why.
            self.full_places = open_places(user, full=True)
            students = student_choices(user)
            universities = students.values("university_id")
            shown = search_students(students, student_query)
            field = self.fields["student"]
            field.queryset = shown
            field.current = current_placements(shown.values("user_id"))
            if student_query.strip():
                field.help_text = (
                    f"Students matching “{student_query.strip()}”. "
                    "Each student's current placement is shown beside their name."
                )
        if "host" in self.fields:
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
        cleaned = check_ends_after_start(self, super().clean())
        place = cleaned.get("place")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        outside = place and starts_on and ends_on and starts_on < ends_on
        if outside and (starts_on < place.starts_on or ends_on > place.ends_on):
            self.add_error(
                "starts_on",
                f"{place.team} offers places from {long_date(place.starts_on)} to "
                f"{long_date(place.ends_on)}: choose dates in that period.",
            )
        # Kept for the page's check (placements/views/setup.py): a field with an
        # error leaves cleaned_data.
        self.educator_chosen = cleaned.get("practice_educator")
        self.educator_problems = self._educator_problems(cleaned)
        for problem in self.educator_problems:
            self.add_error("practice_educator", problem)
        return cleaned

    educator_chosen: User | None = None
    educator_problems: list[str] = []

    def _educator_problems(self, cleaned: dict) -> list[str]:
        """Why the practice educator chosen cannot take the placement (PEPS stage, DBS,
        room), from what the form holds; none when they stay as they were."""
        educator = cleaned.get("practice_educator")
        if educator is None:
            return []
        if self.placement is not None and educator.pk == self.placement.practice_educator_id:
            return []
        return educator_problems(
            Placement(
                pk=self.placement.pk if self.placement is not None else None,
                practice_educator=educator,
                level=cleaned.get("level") or "",
                starts_on=cleaned.get("starts_on"),
                ends_on=cleaned.get("ends_on"),
            )
        )


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
