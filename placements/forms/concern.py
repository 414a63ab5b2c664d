"""Forms of a cause for concern (saved by placements.services.concern)."""

from django import forms

from portal.forms import PortalForm


class ConcernForm(PortalForm):
    # Not required here: the service names a missing field, so every caller hears the same.
    summary = forms.CharField(
        label="What is the concern?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The people on the placement will see this.",
    )
    action_plan = forms.CharField(
        label="Action plan",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the student and the practice educator will do, and by when.",
    )


class ConcernStepForm(PortalForm):
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The people on the placement will see this.",
    )

    def __init__(self, *args, needs_outcome: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_outcome:
            del self.fields["outcome"]
