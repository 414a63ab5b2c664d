"""Forms for a run's ratings and its report (issue 19, requirement 7). The services
check everything again (the point's dates, the scale, who may record)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import DateField, PortalForm

from ..eligibility import long

FACES = [
    ("1", _("1 – a very sad face")),
    ("2", _("2 – a sad face")),
    ("3", _("3 – a face neither sad nor happy")),
    ("4", _("4 – a happy face")),
    ("5", _("5 – a very happy face")),
]
SCALE = [
    ("1", _("1 – very poor")),
    ("2", _("2 – poor")),
    ("3", _("3 – neither poor nor good")),
    ("4", _("4 – good")),
    ("5", _("5 – very good")),
]


def scale_field(label, choices, required_message, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def rated_on_field():
    return DateField(
        label=_("Date of the rating"),
        help_text=_("For example 17 November 2026."),
        error_messages={
            "required": _("Enter the date of the rating."),
            "invalid": _(
                "The date of the rating must be a real date, for example 17 November 2026."
            ),
        },
    )


class RatedOnMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("recorded_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ChildRatingForm(RatedOnMixin, PortalForm):
    home = scale_field(
        _("How are things at home?"),
        FACES,
        _("Choose a face from 1 to 5 for how things are at home."),
        _("The face the child chose."),
    )
    talking = scale_field(
        _("How do you feel about talking about it?"),
        FACES,
        _("Choose a face from 1 to 5 for how it feels to talk about it."),
        _("The face the child chose."),
    )
    recorded_on = rated_on_field()


class ParentRatingForm(RatedOnMixin, PortalForm):
    relationship = scale_field(
        _("How is your relationship with your child?"),
        SCALE,
        _("Choose from 1 to 5 for the relationship with the child."),
        _("The parent's own answer."),
    )
    recorded_on = rated_on_field()


class RunReportFilterForm(PortalForm):
    """?year=YYYY and ?run=<pk>, both optional; choices from the runs that have started."""

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({r.starts_on.year for r in runs}, reverse=True)
        self.runs = {str(r.pk): r for r in runs}
        message = _("Choose one of the options.")
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("All years"))] + [(str(y), str(y)) for y in years],
            error_messages={"invalid_choice": message},
        )
        self.fields["run"] = forms.ChoiceField(
            label=_("Run"),
            required=False,
            choices=[("", _("All runs"))]
            + [(str(r.pk), _("Run from %(day)s") % {"day": long(r.starts_on)}) for r in runs],
            error_messages={"invalid_choice": message},
        )

    def chosen_run(self):
        return self.runs.get(self.cleaned_data.get("run") or "")
