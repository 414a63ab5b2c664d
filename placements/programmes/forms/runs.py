"""Forms for places on a run (issue 19, requirement 3)."""

from __future__ import annotations

from django import forms

from portal.dates import long_date
from portal.forms import PortalForm


def run_choices(runs) -> list[tuple[str, str]]:
    return [("", "Choose a run")] + [
        (
            str(run.pk),
            f"{long_date(run.starts_on)} to {long_date(run.ends_on)} "
            f"({run.places_left} place{'' if run.places_left == 1 else 's'} left)",
        )
        for run in runs
    ]


class RunChoiceForm(PortalForm):
    run = forms.ChoiceField(label="Run", choices=[])

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = {str(run.pk): run for run in runs}
        self.fields["run"].choices = run_choices(runs)

    def chosen_run(self):
        return self.runs.get(self.cleaned_data.get("run") or "")


class RunMoveForm(RunChoiceForm):
    reason = forms.CharField(
        label="Why is the family moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class PlaceDeclineForm(PortalForm):
    reason = forms.CharField(
        label="Why did the family decline?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
