"""Forms of the plan pages (saved by services.plans, which checks everything again)."""

from __future__ import annotations

from django import forms

from portal.accounts.models import Organisation
from portal.forms import DateField, PortalForm, ReasonForm, TimeField, reason_field

from ..models import Child, DirectWorkPlan, Theme
from ..models.plans import DEFAULT_PLANNED_SESSIONS, MAX_PLANNED_SESSIONS


class PlanFilterForm(PortalForm):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *DirectWorkPlan.Status.choices]
    )
    school = forms.ModelChoiceField(
        label="School",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="All schools",
    )

    # "Waiting for you" (selectors.waiting): the dashboard's counts link here.
    waiting = forms.ChoiceField(label="Waiting for you", required=False, choices=[])

    def __init__(self, *args, schools=None, waiting=(), **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools
        if waiting:
            self.fields["waiting"].choices = [("", "Anything or nothing"), *waiting]
        else:
            del self.fields["waiting"]


class ChildChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Child) -> str:
        return f"{obj} · {obj.get_year_group_display()} · {obj.school.name}"


class PlanChildrenForm(PortalForm):
    """Step one: who the plan is for (one child, or several of one school for a group)."""

    children = ChildChoiceField(
        label="Who is the plan for?",
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose one child for one-to-one work, or several children of the same "
        "school for group work.",
        error_messages={
            "required": "Choose the child or children the plan is for.",
            "invalid_choice": "Choose children from the list.",
        },
    )

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        if children is not None:
            self.fields["children"].queryset = children

    def clean_children(self):
        chosen = self.cleaned_data["children"]
        if len({child.school_id for child in chosen}) > 1:
            raise forms.ValidationError(
                "All the children on a group plan must be at the same school."
            )
        return chosen


def goal_field(child: Child) -> forms.CharField:
    return forms.CharField(
        label=f"Goals for {child}, in the child's own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One goal a line, for example “I want to feel braver about putting my hand up”.",
    )


class PlanForm(PortalForm):
    """The plan: goals per child, themes, and when and where the sessions happen."""

    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose themes from the list."},
    )
    planned_sessions = forms.IntegerField(
        label="Number of sessions",
        initial=DEFAULT_PLANNED_SESSIONS,
        required=False,
        help_text=f"Weekly sessions, from 1 to {MAX_PLANNED_SESSIONS}.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    first_session_on = DateField(
        label="Date of the first session",
        required=False,
        help_text="A school day in term. The others follow weekly on the same day, moving "
        "on a week past the school's holidays, for example 17 November 2026.",
    )
    session_time = TimeField(
        label="Time of day",
        required=False,
        help_text="When the sessions start, for example 10:00.",
        error_messages={"invalid": "Enter a real time, for example 10:00."},
    )
    session_minutes = forms.IntegerField(
        label="Length of each session in minutes",
        required=False,
        initial=45,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    place_in_school = forms.CharField(
        label="Where in school (optional)",
        required=False,
        max_length=150,
        help_text="For example, the library.",
    )

    def __init__(self, *args, children, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        goals = {f"goals_{child.pk}": goal_field(child) for child in self.children}
        # Goals first: they are what the plan is for.
        self.fields = {**goals, **self.fields}
        self.fields["themes"].queryset = themes

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "goals": {child.pk: data.get(f"goals_{child.pk}") or "" for child in self.children},
            "themes": list(data.get("themes") or []),
            "planned_sessions": data.get("planned_sessions"),
            "first_session_on": data.get("first_session_on"),
            "session_time": data.get("session_time"),
            "session_minutes": data.get("session_minutes"),
            "place_in_school": data.get("place_in_school") or "",
        }


class PlanAgreementsForm(PortalForm):
    """Who agreed to the plan and when: the school, each child, a parent of each child."""

    school_agreed_on = DateField(label="Date the school agreed", required=False)
    school_agreed_by = forms.CharField(
        label="Who agreed for the school",
        required=False,
        max_length=150,
        help_text="Their name and role, for example “Ms Patel, deputy head”.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            pk = member.child_id
            self.fields[f"child_agreed_on_{pk}"] = DateField(
                label=f"Date {member.child} agreed", required=False
            )
            self.fields[f"parent_agreed_on_{pk}"] = DateField(
                label=f"Date a parent of {member.child} agreed", required=False
            )
            self.fields[f"parent_agreed_by_{pk}"] = forms.CharField(
                label=f"Which parent of {member.child} agreed",
                required=False,
                max_length=150,
                help_text="For example “Mother”.",
            )

    def blocks(self) -> list[dict]:
        return [
            {
                "child": member.child,
                "fields": [
                    self[f"child_agreed_on_{member.child_id}"],
                    self[f"parent_agreed_on_{member.child_id}"],
                    self[f"parent_agreed_by_{member.child_id}"],
                ],
            }
            for member in self.members
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "school_agreed_on": data.get("school_agreed_on"),
            "school_agreed_by": data.get("school_agreed_by") or "",
            "children": {
                member.child_id: {
                    "child_agreed_on": data.get(f"child_agreed_on_{member.child_id}"),
                    "parent_agreed_on": data.get(f"parent_agreed_on_{member.child_id}"),
                    "parent_agreed_by": data.get(f"parent_agreed_by_{member.child_id}") or "",
                }
                for member in self.members
            },
        }


class PlanTransitionForm(ReasonForm):
    reason = reason_field(
        "Why is the work closing early?",
        max_length=None,
        help_text="This stays on the plan. Do not name the child: they are known by their "
        "reference.",
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, needs_reason=needs_reason, **kwargs)
