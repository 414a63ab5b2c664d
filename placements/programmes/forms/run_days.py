"""Forms of a run's pages (issue 19, requirement 4), in Swedish and English: plan a
run, cancel it, choose its leaders, confirm a family's arrival, and one day's
register."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.forms import DateField, PortalForm

from ..eligibility import long

DATE_HINT = _("For example 17 November 2026.")
PRESENT, ABSENT = "present", "absent"
PARENT_FIELD = re.compile(r"^place_(\d+)_parent$")
CHILD_FIELD = re.compile(r"^place_(\d+)_child_(\d+)$")


class RunPlanForm(PortalForm):
    starts_on = DateField(
        label=_("First day"),
        help_text=format_lazy(
            "{} {}",
            _("The day the run starts; its last day follows from the programme's length."),
            DATE_HINT,
        ),
        error_messages={
            "required": _("Enter the run's first day"),
            "invalid": _("Enter a real date, for example 17 November 2026"),
        },
    )
    venue = forms.CharField(
        label=_("Venue"),
        help_text=_("Where the run is held and families stay."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Enter where the run is held")},
    )
    places = forms.IntegerField(
        label=_("Places for children"),
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Enter the number of places as a whole number"),
            "min_value": _("Enter at least 1 place"),
            "max_value": _("Enter 99 places or fewer"),
        },
    )


class RunCancelForm(PortalForm):
    reason = forms.CharField(
        label=_("Why is the run cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Enter why the run is cancelled")},
    )


def leader_label(leader) -> str:
    return gettext("%(name)s (%(number)s), certificate valid %(issued)s to %(expires)s") % {
        "name": leader.name,
        "number": leader.certificate_number,
        "issued": long(leader.issued_on),
        "expires": long(leader.expires_on),
    }


class RunLeadersForm(PortalForm):
    leaders = forms.MultipleChoiceField(
        label=_("Leaders"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose leaders from the register")},
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = {str(leader.pk): leader for leader in leaders}
        self.fields["leaders"].choices = [
            (pk, leader_label(leader)) for pk, leader in self.register.items()
        ]

    def chosen(self) -> list:
        return [self.register[pk] for pk in self.cleaned_data.get("leaders", [])]


class ArrivalForm(PortalForm):
    sober_since = DateField(
        label=_("Sober since (as the parent tells it on arrival)"),
        help_text=format_lazy(
            "{} {}", _("The first day of the parent's current period of sobriety."), DATE_HINT
        ),
        error_messages={
            "required": _("Enter the date the parent's sobriety started"),
            "invalid": _("Enter a real date, for example 17 November 2026"),
        },
    )


def _presence_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(PRESENT, _("Present")), (ABSENT, _("Absent"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext("Select whether %(name)s was there") % {"name": label}},
    )


class AttendanceForm(PortalForm):
    """A pair of radios (present, absent) for each child taking part, and for the
    parent on a parent day. A parent's answer sent on another day is refused."""

    def __init__(self, *args, places, parent_day: bool, recorded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_day = parent_day
        for place in places:
            reference = place.referral.reference
            for child in place.children_taking_part:
                name = f"place_{place.pk}_child_{child.pk}"
                self.fields[name] = _presence_field(f"{child.name} ({reference})")
                self._initial(name, recorded.get((place.pk, child.pk)))
            if parent_day:
                name = f"place_{place.pk}_parent"
                label = gettext("%(name)s, parent (%(reference)s)") % {
                    "name": place.referral.parent_name,
                    "reference": reference,
                }
                self.fields[name] = _presence_field(label)
                self._initial(name, recorded.get((place.pk, None)))

    def _initial(self, name: str, present: bool | None) -> None:
        if present is not None:
            self.fields[name].initial = PRESENT if present else ABSENT

    def clean(self):
        cleaned = super().clean()
        if not self.parent_day and any(PARENT_FIELD.match(key) for key in self.data):
            raise ValidationError(
                gettext("The parent takes part on the parent days only: not on this day.")
            )
        return cleaned

    def answers(self) -> dict[tuple[int, int | None], bool]:
        found = {}
        for name, value in self.cleaned_data.items():
            if match := CHILD_FIELD.match(name):
                found[(int(match[1]), int(match[2]))] = value == PRESENT
            elif match := PARENT_FIELD.match(name):
                found[(int(match[1]), None)] = value == PRESENT
        return found
