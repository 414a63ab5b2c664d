"""Forms of the leader register (issue 19, requirement 5), in the page's language.
The service checks everything again (dates, a certificate number used twice, who
may write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm, PortalModelForm

from ..models import Leader
from ..selectors.leaders import STATUSES

TOO_LONG = _("Use %(limit_value)d characters or fewer")


class LeaderFilterForm(PortalForm):
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        error_messages={"invalid_choice": _("Select one of the municipalities")},
    )
    status = forms.ChoiceField(
        label=_("Certificate"),
        required=False,
        choices=[("", _("Any")), *STATUSES],
        error_messages={"invalid_choice": _("Select one of the certificate statuses")},
    )

    def __init__(self, *args, municipalities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", gettext("All")),
            *((m, m) for m in municipalities),
        ]


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
            "name": _("Full name"),
            "organisation": _("Organisation"),
            "municipality": _("Municipality"),
            "job_title": _("Job title"),
            "certificate_number": _("Certificate number"),
            "issued_by": _("Issuing body"),
            "issued_on": _("Date the certificate was issued"),
            "expires_on": _("Date the certificate expires"),
        }
        help_texts = {
            "organisation": _("Where they work."),
            "certificate_number": _("As printed on the certificate, for example CP-SE-0107."),
            "issued_on": _("For example 3 March 2025."),
            "expires_on": _("The last day it is valid. For example 2 March 2028."),
        }
        error_messages = {
            "name": {"required": _("Enter the leader's full name."), "max_length": TOO_LONG},
            "organisation": {
                "required": _("Enter the organisation the leader works for."),
                "max_length": TOO_LONG,
            },
            "municipality": {"required": _("Enter the municipality."), "max_length": TOO_LONG},
            "job_title": {"required": _("Enter the leader's job title."), "max_length": TOO_LONG},
            "certificate_number": {
                "required": _("Enter the certificate number."),
                "max_length": TOO_LONG,
            },
            "issued_by": {
                "required": _("Enter the body that issued the certificate."),
                "max_length": TOO_LONG,
            },
            "issued_on": {
                "required": _("Enter the date the certificate was issued."),
                "invalid": _(
                    "Date the certificate was issued must be a real date, "
                    "for example 17 November 2026"
                ),
            },
            "expires_on": {
                "required": _("Enter the date the certificate expires."),
                "invalid": _(
                    "Date the certificate expires must be a real date, for example 17 November 2026"
                ),
            },
        }
