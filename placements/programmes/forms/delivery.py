"""Forms of the enrolment, group and keywork pages (saved by services.delivery,
services.groups and services.keywork, which check everything)."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import Attendance, KeyworkSession
from ..services.keywork import MAX_GOALS

SCORES = [("", "Choose a score"), *((str(n), str(n)) for n in range(11))]


class EnrolForm(PortalForm):
    starts_on = DateField(
        label="Start date",
        help_text="The parent's first day on the programme. For example 11 January 2027.",
    )


class GenerateSessionsForm(PortalForm):
    start = DateField(label="First date")
    end = DateField(label="Last date", help_text="At most 26 weeks after the first date.")


class RegisterForm(PortalForm):
    """One set of radios per parent expected at the session."""

    def __init__(self, *args, expected, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = list(expected)
        for enrolment in self.expected:
            self.fields[f"mark_{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.referral.parent_name,
                choices=Attendance.Mark.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def marks(self) -> dict[int, str]:
        return {
            enrolment.pk: self.cleaned_data.get(f"mark_{enrolment.pk}") or ""
            for enrolment in self.expected
        }


class CancelSessionForm(PortalForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Parents and colleagues see this. Do not name a child.",
    )


class CrecheBookForm(PortalForm):
    child = forms.ChoiceField(label="Child", choices=[], required=False)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(child.pk): child for child in children}
        self.fields["child"].choices = [("", "Choose a child")] + [
            (str(child.pk), f"{child.name} ({child.referral.parent_name}'s child)")
            for child in children
        ]

    def chosen_child(self):
        return self.children.get(self.cleaned_data.get("child") or "")


class CofacilitatorForm(PortalForm):
    """A student on placement with the provider, added to a group session."""

    student = forms.ChoiceField(label="Student", choices=[], required=False)
    later = forms.BooleanField(
        label="Also add them to every later session of this group during their placement",
        required=False,
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = {str(student.pk): student for student in students}
        self.fields["student"].choices = [("", "Choose a student")] + [
            (str(student.pk), student.name) for student in students
        ]

    def chosen_student(self):
        return self.students.get(self.cleaned_data.get("student") or "")


class KeyworkSessionForm(PortalForm):
    held_on = DateField(label="Date of the session")
    mode = forms.ChoiceField(
        label="How was it held?",
        choices=KeyworkSession.Mode.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    attended = forms.BooleanField(
        label="The parent came", required=False, initial=True, help_text="Untick if they did not."
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PlanAgreeForm(PortalForm):
    agreed_on = DateField(label="Date the plan was agreed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_GOALS + 1):
            optional = "" if n == 1 else " (optional)"
            self.fields[f"goal_{n}"] = forms.CharField(
                label=f"Goal {n}{optional}",
                required=False,
                max_length=300,
                help_text="In the parent's words." if n == 1 else "",
            )
            self.fields[f"score_{n}"] = forms.ChoiceField(
                label=f"Score for goal {n} at the start (0 to 10)", choices=SCORES, required=False
            )

    def goal_rows(self):
        return [(self[f"goal_{n}"], self[f"score_{n}"]) for n in range(1, MAX_GOALS + 1)]

    def goals(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"goal_{n}") or "", data.get(f"score_{n}") or "")
            for n in range(1, MAX_GOALS + 1)
            if (data.get(f"goal_{n}") or "").strip()
        ]


class PlanReviewForm(PortalForm):
    reviewed_on = DateField(label="Date of the review")

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"score_{goal.pk}"] = forms.ChoiceField(
                label=f"{goal.goal} (score at the start: {goal.score_start})",
                choices=SCORES,
                required=False,
            )

    def scores(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(f"score_{goal.pk}") or "" for goal in self.goals}


class LeaveForm(PortalForm):
    reason = forms.CharField(
        label="Why did the parent leave?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened, in a sentence or two. Do not name a child.",
    )


class EndForm(PortalForm):
    """The confirmation of the end of the programme (no fields: the rule decides)."""
