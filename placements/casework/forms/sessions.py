"""Forms of the session pages (saved by services.sessions, which checks everything).

The log form is built for a phone: the outcome first (big radios), the rest
revealed for the outcome chosen, short textareas, one button.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q

from portal.forms import DateField, PortalForm, TimeField

from ..models import DirectWorkPlan, DirectWorkSession, Theme

S = DirectWorkSession
OUTCOME_CHOICES = [
    (S.Status.HELD, "Held"),
    (S.Status.DID_NOT_ATTEND, "Did not attend"),
    (S.Status.CANCELLED, "Cancelled"),
]


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


class SessionLogForm(PortalForm):
    outcome = forms.ChoiceField(
        label="How did the session go?",
        choices=OUTCOME_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    theme = ThemeChoiceField(
        label="Theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="Choose a theme",
        error_messages={"invalid_choice": "Choose a theme from the list."},
    )
    activities = _text("What you did")
    observations = _text("What you noticed (optional)")
    next_steps = _text("Next steps (optional)")
    cancelled_by = forms.ChoiceField(
        label="Who cancelled?", required=False, choices=[("", "Choose…"), *S.CancelledBy.choices]
    )
    cancel_reason = _text("Why was it cancelled?")

    def __init__(self, *args, session: DirectWorkSession, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.rows = list(rows)
        self.group = session.plan.format == DirectWorkPlan.Format.GROUP
        plan_themes = [theme.pk for theme in session.plan.themes.all()]
        self.fields["theme"].queryset = Theme.objects.filter(
            Q(is_active=True) | Q(pk__in=plan_themes)
        ).order_by("position", "name")
        for row in self.rows:
            pk = row.child_id
            if self.group:
                self.fields[f"attended_{pk}"] = forms.BooleanField(
                    label=f"{row.child} came", required=False
                )
            self.fields[f"child_voice_{pk}"] = _text(
                f"What {row.child} said" if self.group else "What the child said",
                "Their words, as close as you can.",
            )
            self.fields[f"notes_{pk}"] = _text(
                f"Notes about {row.child} (optional)" if self.group else "Notes (optional)"
            )

    def child_blocks(self) -> list[dict]:
        return [
            {
                "child": row.child,
                "attended": self[f"attended_{row.child_id}"] if self.group else None,
                "voice": self[f"child_voice_{row.child_id}"],
                "notes": self[f"notes_{row.child_id}"],
            }
            for row in self.rows
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        outcome = data.get("outcome") or ""
        held = outcome == S.Status.HELD
        attendance = None
        if held:
            attendance = [
                {
                    "child": row.child_id,
                    "attended": bool(data.get(f"attended_{row.child_id}")) if self.group else True,
                    "child_voice": data.get(f"child_voice_{row.child_id}") or "",
                    "notes": data.get(f"notes_{row.child_id}") or "",
                }
                for row in self.rows
            ]
        return {
            "outcome": outcome,
            "theme": data.get("theme") if held else None,
            "activities": (data.get("activities") or "") if held else "",
            "observations": (data.get("observations") or "") if held else "",
            "next_steps": (data.get("next_steps") or "") if held else "",
            "cancelled_by": (data.get("cancelled_by") or "")
            if outcome == S.Status.CANCELLED
            else "",
            "cancel_reason": (data.get("cancel_reason") or "")
            if outcome == S.Status.CANCELLED
            else "",
            "attendance": attendance,
        }


class SessionReviewForm(PortalForm):
    decision = forms.ChoiceField(
        label="Your review",
        required=False,
        choices=[
            ("reviewed", "Mark the notes as reviewed"),
            ("returned", "Return them to the student with comments"),
        ],
        widget=forms.RadioSelect,
    )
    comments = _text(
        "Comments",
        "Needed when you return the notes: say what the student should change.",
    )


class SessionMoveForm(PortalForm):
    """Another day or time for a planned session (services.session_dates checks both)."""

    planned_on = DateField(
        label="Day of the session",
        required=False,
        help_text="A school day in term, for example 17 November 2026.",
    )
    planned_time = TimeField(
        label="Time",
        required=False,
        help_text="When the session starts, for example 10:00.",
        error_messages={"invalid": "Enter a real time, for example 10:00."},
    )
