"""The form linking a school to a service for a kind of support (saved by
services.school_services, which checks it again)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm

from ..models import SupportKind


class SchoolServiceForm(PortalForm):
    """`services`: those the person may link. With only one there is nothing to
    choose, so the field is left out and `service_kwargs` names it."""

    school = forms.ModelChoiceField(
        label="School",
        queryset=None,
        empty_label="Choose the school",
        error_messages={
            "required": "Choose the school.",
            "invalid_choice": "Choose a school from the list.",
        },
    )
    kind = forms.ChoiceField(
        label="What may the school ask for?",
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of support the school may ask for.",
            "invalid_choice": "Choose one of the kinds of support listed.",
        },
    )
    service = forms.ModelChoiceField(
        label="Which service does the school work with?",
        queryset=None,
        empty_label="Choose the service",
        error_messages={
            "required": "Choose the service.",
            "invalid_choice": "Choose a service you co-ordinate.",
        },
    )

    def __init__(self, *args, schools, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.services = list(services)
        if len(self.services) == 1:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services

    @property
    def chooses_service(self) -> bool:
        return "service" in self.fields

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        only = self.services[0] if len(self.services) == 1 else None
        return {
            "school": data["school"],
            "service": data.get("service", only),
            "kind": data["kind"],
        }
