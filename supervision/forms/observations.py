"""Forms of direct observations (saved by supervision.services.observations).

The forms only collect what was typed; the services judge it (who may observe,
dates within the placement, which PCF domains), and their errors are put back
on these forms by portal.forms.apply_validation_error.
"""

from __future__ import annotations

from django import forms

from placements.models import EducatorProfile
from portal.forms import DateField, PortalForm, ReasonForm, reason_field

from ..models import ServiceUserFeedback

PE, ONSITE, OTHER = "practice_educator", "onsite_supervisor", "other"


def _date_field() -> DateField:
    return DateField(label="Date of the observation", help_text="Within the placement's dates.")


def _setting_field() -> forms.CharField:
    return forms.CharField(
        label="Setting",
        max_length=200,
        help_text="Where, and what kind of work: for example, home visit or school group session.",
        error_messages={"required": "Enter the setting"},
    )


def _plan_field() -> forms.CharField:
    return forms.CharField(
        label="Your plan for the observation",
        required=False,
        max_length=5000,
        help_text="What you plan to do and which PCF domains you hope to show. You can add or "
        "change it until the observation starts.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ObservationBookForm(PortalForm):
    """Who observes (the placement's practice educator, its on-site supervisor, or
    another registered social worker found by their email address), when, where."""

    observer_choice = forms.ChoiceField(
        label="Who will observe",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will observe"},
    )
    other_email = forms.EmailField(
        label="Email address of the other registered social worker",
        required=False,
        help_text="Only when another registered social worker observes. They need a profile "
        "on the portal with their Social Work England registration.",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    date = _date_field()
    setting = _setting_field()

    def __init__(self, *args, placement, with_plan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        choices = []
        if placement.practice_educator_id:
            choices.append((PE, f"{placement.practice_educator} (practice educator)"))
        if placement.onsite_supervisor_id:
            choices.append((ONSITE, f"{placement.onsite_supervisor} (on-site supervisor)"))
        choices.append((OTHER, "Another registered social worker"))
        self.fields["observer_choice"].choices = choices
        if with_plan:
            self.fields["pre_observation_plan"] = _plan_field()

    def clean(self):
        data = super().clean()
        choice = data.get("observer_choice")
        placement = self.placement
        if choice == PE:
            data["observer"] = placement.practice_educator
        elif choice == ONSITE:
            data["observer"] = placement.onsite_supervisor
        elif choice == OTHER:
            email = data.get("other_email")
            if not email:
                if "other_email" not in self.errors:
                    self.add_error("other_email", "Enter the email address of the observer")
                return data
            profile = (
                EducatorProfile.objects.select_related("user")
                .filter(user__email__iexact=email, user__is_active=True)
                .first()
            )
            if profile is None:
                self.add_error(
                    "other_email",
                    "Nobody with this email address has a registered social worker profile "
                    "on the portal",
                )
                return data
            data["observer"] = profile.user
        return data


class ObservationPlanForm(PortalForm):
    """The fields the user may change: the plan (the student), the date and setting
    (the observer or the practice educator)."""

    def __init__(self, *args, can_plan: bool, can_arrange: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if can_arrange:
            self.fields["date"] = _date_field()
            self.fields["setting"] = _setting_field()
        if can_plan:
            self.fields["pre_observation_plan"] = _plan_field()


class ObservationFeedbackForm(PortalForm):
    """The observer's overall feedback and a text box per PCF domain of the current version."""

    overall_feedback = forms.CharField(
        label="Overall feedback",
        required=False,
        max_length=10000,
        help_text="What went well, and what to work on next. Required before you send it to "
        "the student.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[f"domain_{domain.number}"] = forms.CharField(
                label=f"{domain.number}. {domain.title}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @property
    def domain_fields(self):
        return [self[f"domain_{domain.number}"] for domain in self.domains]

    def domain_feedback(self) -> dict:
        return {
            domain: self.cleaned_data.get(f"domain_{domain.number}", "") for domain in self.domains
        }


class FacesForm(PortalForm):
    """The child-friendly form: a face, their own words, and who filled it in."""

    faces = forms.TypedChoiceField(
        label="How did you feel about today?",
        coerce=int,
        choices=sorted(ServiceUserFeedback.FACES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the face that shows how you felt"},
    )
    comments = forms.CharField(
        label="Is there anything you want to tell us? (optional)",
        required=False,
        max_length=5000,
        help_text="What was good, and what could be better.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    given_by = forms.CharField(
        label="Who is filling this in?",
        max_length=100,
        help_text="Say who you are, not your name: for example, child aged 9 or parent.",
        error_messages={"required": "Say who is filling this in, for example: child aged 9"},
    )

    @property
    def faces_choices(self):
        """(value, label, face, checked) for the large faces radios."""
        current = str(self["faces"].value() or "")
        return [
            (value, label, FACE_GLYPHS[value], str(value) == current)
            for value, label in sorted(ServiceUserFeedback.FACES.items())
        ]


# Shown beside each label; screen readers hear the label, not the picture.
FACE_GLYPHS = {1: "😢", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


class VerbalFeedbackForm(PortalForm):
    given_by = forms.CharField(
        label="Who gave the feedback",
        max_length=100,
        help_text="By relationship, never by name: for example, child aged 9, parent, carer.",
        error_messages={"required": "Say who gave the feedback, for example: parent"},
    )
    comments = forms.CharField(
        label="What they said",
        max_length=5000,
        help_text="In their words as far as you can.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write down what they said"},
    )


class ObservationReasonForm(ReasonForm):
    reason = reason_field(required=True, rows=3, error_messages={"required": "Enter the reason"})


__all__ = [
    "FACE_GLYPHS",
    "FacesForm",
    "ObservationBookForm",
    "ObservationFeedbackForm",
    "ObservationPlanForm",
    "ObservationReasonForm",
    "VerbalFeedbackForm",
]
