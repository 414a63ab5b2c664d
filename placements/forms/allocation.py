"""Forms of the allocation pages: filters, placement offers, assigning an educator.

The offer form only collects input; placements.services.allocation checks it
and its ValidationErrors land on these fields (portal.forms.apply_validation_error).
"""

from __future__ import annotations

from django import forms

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.forms import DateField, PortalForm

from ..models.offer import MAX_PLACES_PER_OFFER
from ..selectors.profiles import people_for_coordination
from .lifecycle import (
    LEVEL_FILTER_CHOICES,
    check_ends_after_start,
    host_choices,
    setting_fields,
)


class DateWindowForm(PortalForm):
    """A period to look at: rows whose dates touch it are shown."""

    starts_on = DateField(label="From", required=False)
    ends_on = DateField(label="To", required=False)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The “to” date must be the same as or after the “from” date.")
        return cleaned


class PlacementsNeedingEducatorFilterForm(DateWindowForm):
    level = forms.ChoiceField(label="Level", required=False, choices=LEVEL_FILTER_CHOICES)
    field_order = ["level", "starts_on", "ends_on"]


ROOM_CHOICES = [
    ("", "Everyone"),
    ("room", "With room for another student"),
    ("full", "Full or over capacity"),
]


class EducatorFilterForm(PortalForm):
    q = forms.CharField(label="Name or email", required=False, max_length=150)
    room = forms.ChoiceField(label="Capacity", required=False, choices=ROOM_CHOICES)


class OfferFilterForm(DateWindowForm):
    pass


class PlacementOfferForm(PortalForm):
    host = forms.ModelChoiceField(
        label="Host organisation", queryset=None, empty_label="Choose an organisation"
    )
    team = forms.CharField(
        label="Team",
        max_length=200,
        help_text="Spell it as on the team's placements, so they count against these places.",
    )
    starts_on = DateField(label="Available from")
    ends_on = DateField(label="Available until")
    places = forms.IntegerField(
        label="Places offered",
        min_value=1,
        max_value=MAX_PLACES_PER_OFFER,
        help_text="How many students the team can take during these dates.",
        error_messages={
            "min_value": f"Enter a number of places from 1 to {MAX_PLACES_PER_OFFER}.",
            "max_value": f"Enter a number of places from 1 to {MAX_PLACES_PER_OFFER}.",
            "invalid": "Enter the number of places as a whole number, like 2.",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a car needed, which days the team works.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = host_choices(user).order_by("name")
        # What kind of setting the team is: placements set up in it copy this.
        fields = setting_fields(from_offer=False)
        for name in ("setting_kind", "service_user_group"):
            fields[name].required = False
        fields["statutory_tasks"] = forms.BooleanField(
            label="Statutory tasks are available here",
            required=False,
            help_text="Placements set up in this team take its kind of setting, service user "
            "group and statutory tasks, unless the co-ordinator changes them.",
        )
        self.fields.update(fields)

    def clean(self):
        return check_ends_after_start(self, super().clean())


class AssignEducatorForm(PortalForm):
    practice_educator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={"invalid_choice": "Choose a practice educator from the list."},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # The practice educators of the organisations `user` co-ordinates (all, for an
        # admin): nobody else is accepted, or named in a refusal (issue 13).
        self.fields["practice_educator"].queryset = people_for_coordination(
            user, role=Role.PRACTICE_EDUCATOR
        )
