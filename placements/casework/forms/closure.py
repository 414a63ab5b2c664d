"""Forms: closing a child's work (summary, faces feedback, each goal's outcome)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

from ..models import PlanChild, PlanGoal


class ClosureForm(PortalForm):
    summary = forms.CharField(
        label="End-of-work summary",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For the school and the child's parents: what the work covered, how it "
        "went and what might help next. Write about this child only.",
        error_messages={"required": "Write the end-of-work summary for the school and parents"},
    )
    faces_rating = forms.TypedChoiceField(
        label="How did the child feel about the sessions?",
        choices=PlanChild.Faces.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="Ask the child to choose a face.",
        error_messages={
            "required": "Choose the face that shows how the child felt about the sessions"
        },
    )
    child_feedback = forms.CharField(
        label="What the child said",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words as far as you can.",
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=f"\u201c{goal.text}\u201d",
                choices=PlanGoal.Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose met, partly met or not met for the goal "
                    f"\u201c{goal.text}\u201d"
                },
            )

    @property
    def goal_fields(self):
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def goal_outcomes(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}
