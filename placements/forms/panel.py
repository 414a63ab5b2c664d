"""The form of the practice assessment panel's decision (saved by
placements.services.panel)."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import PanelDecision


class PanelDecisionForm(PortalForm):
    sat_on = DateField(
        label="Date of the panel", help_text="The day the panel sat, for example 2 March 2027."
    )
    outcome = forms.ChoiceField(
        label="The panel's decision",
        choices=PanelDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel's decision"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=10000,
        help_text="The panel's reasons and any points to address. Needed when the decision is "
        "deferred or referred.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
