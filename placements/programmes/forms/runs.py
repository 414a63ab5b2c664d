"""Forms for places on a run (issue 19, requirement 3), in the page's language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm

from ..eligibility import long

TOO_LONG = _("Use %(limit_value)d characters or fewer")


def run_choices(runs) -> list[tuple[str, str]]:
    return [("", gettext("Choose a run"))] + [
        (
            str(run.pk),
            ngettext(
                "%(first)s to %(last)s (%(left)s place left)",
                "%(first)s to %(last)s (%(left)s places left)",
                run.places_left,
            )
            % {"first": long(run.starts_on), "last": long(run.ends_on), "left": run.places_left},
        )
        for run in runs
    ]


class RunChoiceForm(PortalForm):
    run = forms.ChoiceField(
        label=_("Run"),
        choices=[],
        error_messages={
            "required": _("Select the run"),
            "invalid_choice": _("Select one of the runs with places left"),
        },
    )

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = {str(run.pk): run for run in runs}
        self.fields["run"].choices = run_choices(runs)

    def chosen_run(self):
        return self.runs.get(self.cleaned_data.get("run") or "")


class RunMoveForm(RunChoiceForm):
    reason = forms.CharField(
        label=_("Why is the family moving?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": _("Enter why the family is moving to another run"),
            "max_length": TOO_LONG,
        },
    )


class PlaceDeclineForm(PortalForm):
    reason = forms.CharField(
        label=_("Why did the family decline?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": _("Enter why the family declined the place"),
            "max_length": TOO_LONG,
        },
    )
