"""Forms of a school's term dates (saved by services.terms, which checks them again)."""

from __future__ import annotations

from django import forms

from portal.forms import DateField, PortalForm


class TermForm(PortalForm):
    name = forms.CharField(
        label="Name of the term",
        max_length=80,
        required=False,
        help_text="For example, Autumn term 2026.",
    )
    starts_on = DateField(
        label="First day of term", required=False, help_text="For example 2 September 2026."
    )
    ends_on = DateField(
        label="Last day of term", required=False, help_text="For example 18 December 2026."
    )


class HolidayForm(PortalForm):
    name = forms.CharField(
        label="Name of the holiday",
        max_length=80,
        required=False,
        help_text="For example, October half-term, or INSET day.",
    )
    starts_on = DateField(
        label="First day", required=False, help_text="For example 26 October 2026."
    )
    ends_on = DateField(
        label="Last day (optional for one day)",
        required=False,
        help_text="For example 30 October 2026. Leave it empty for a single day.",
    )
