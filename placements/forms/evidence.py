"""Forms of capability evidence (saved by placements.services.evidence)."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm

from ..models import Capability, EvidenceItem
from ..selectors.evidence import capability_short_label


class CapabilityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Capability) -> str:
        label = f"{capability_short_label(obj)}: {obj.title}"
        if not obj.version.is_current:
            label += f" ({obj.version.label} version)"
        return label


class EvidenceForm(PortalForm):
    date = DateField(
        label="Date of the work",
        help_text="When you did the work this evidence is about, for example 3 March 2026.",
        error_messages={"required": "Enter the date of the work", "invalid": "Enter a real date"},
    )
    kind = forms.ChoiceField(
        label="Type of evidence",
        choices=EvidenceItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of evidence"},
    )
    # Not required here: the service names a missing field, so every caller hears the same.
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=200,
        help_text="A short name for the piece of work, for example “First home visit with my "
        "practice educator”.",
    )
    reflection = forms.CharField(
        label="Reflection",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What you did, what you learnt and how it shows the capabilities you tag. "
        "Never name a child or family member: describe them instead.",
    )
    capabilities = CapabilityChoiceField(
        label="Capabilities this evidence shows",
        queryset=Capability.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tag each PCF domain and KSS statement the reflection gives evidence of.",
        error_messages={"invalid_choice": "Choose capabilities from the list"},
    )

    def __init__(self, *args, capabilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].queryset = capabilities

    def capability_groups(self) -> list[tuple[str, list]]:
        """The capability checkboxes grouped by framework version, for the template."""
        groups: list[tuple[str, list]] = []
        keys: list[int] = []
        for checkbox in self["capabilities"]:
            version = checkbox.data["value"].instance.version
            if not keys or keys[-1] != version.pk:
                keys.append(version.pk)
                groups.append((f"{version.framework} ({version.label})", []))
            groups[-1][1].append(checkbox)
        return groups


class EvidenceFilterForm(PortalForm):
    q = forms.CharField(label="Search title and reflection", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *EvidenceItem.Kind.choices],
    )
    comment = forms.ChoiceField(
        label="Practice educator's comment",
        required=False,
        choices=[("", "With or without"), ("awaiting", "Awaiting comment"), ("given", "Commented")],
    )
    capability = forms.TypedChoiceField(
        label="Capability",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def __init__(self, *args, capabilities, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "All capabilities")]
        for capability in capabilities:
            label = f"{capability_short_label(capability)}: {capability.title}"
            if not capability.version.is_current:
                label += f" ({capability.version.label})"
            choices.append((capability.pk, label))
        self.fields["capability"].choices = choices


class EvidenceCommentForm(PortalForm):
    comment = forms.CharField(
        label="Your comment",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the evidence shows, what is missing and what to do next. The student "
        "sees your comment; once you comment the student can no longer change the item.",
    )
