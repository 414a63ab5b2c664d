"""Forms of the leader register (issue 19, requirement 5). The service checks
everything again (dates, a certificate number used twice, who may write)."""

from __future__ import annotations

from django import forms

from portal.forms import PortalForm, PortalModelForm

from ..models import Leader
from ..selectors.leaders import STATUSES


class LeaderFilterForm(PortalForm):
    municipality = forms.ChoiceField(label="Municipality", required=False)
    status = forms.ChoiceField(
        label="Certificate", required=False, choices=[("", "Any"), *STATUSES]
    )

    def __init__(self, *args, municipalities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "All"), *((m, m) for m in municipalities)]


class LeaderForm(PortalModelForm):
    class Meta:
        model = Leader
        fields = [
            "name",
            "organisation",
            "municipality",
            "job_title",
            "certificate_number",
            "issued_by",
            "issued_on",
            "expires_on",
        ]
        labels = {
            "name": "Full name",
            "organisation": "Organisation",
            "municipality": "Municipality",
            "job_title": "Job title",
            "certificate_number": "Certificate number",
            "issued_by": "Issuing body",
            "issued_on": "Date the certificate was issued",
            "expires_on": "Date the certificate expires",
        }
        help_texts = {
            "organisation": "Where they work.",
            "certificate_number": "As printed on the certificate, for example CP-SE-0107.",
            "issued_on": "For example 3 March 2025.",
            "expires_on": "The last day it is valid. For example 2 March 2028.",
        }
        error_messages = {
            "name": {"required": "Enter the leader's full name."},
            "organisation": {"required": "Enter the organisation the leader works for."},
            "municipality": {"required": "Enter the municipality."},
            "job_title": {"required": "Enter the leader's job title."},
            "certificate_number": {"required": "Enter the certificate number."},
            "issued_by": {"required": "Enter the body that issued the certificate."},
            "issued_on": {"required": "Enter the date the certificate was issued."},
            "expires_on": {"required": "Enter the date the certificate expires."},
        }
