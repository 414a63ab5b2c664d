"""The form adding a step to a child's support-group history (issue 19, requirement 6).

Labels, hints and messages are translated (the programme's team speaks Swedish);
the service checks the dates and their order again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import DateField, PortalForm

from ..models import SupportGroupStep
from ..services.support_groups import GROUP_MAX


class SupportGroupStepForm(PortalForm):
    status = forms.ChoiceField(
        label=_("Where is the child with the support group?"),
        choices=SupportGroupStep.Status.choices,
        widget=forms.RadioSelect,
        help_text=_("Recording a step the child already has corrects its date and group."),
        error_messages={
            "required": _("Select where the child is with the support group"),
            "invalid_choice": _("Select where the child is with the support group"),
        },
    )
    on = DateField(
        label=_("Date"),
        help_text=_(
            "The day the child joined the queue, started or finished. For example 17 November 2026."
        ),
        error_messages={
            "required": _("Enter the date of this step"),
            "invalid": _("Enter a real date, for example 17 November 2026"),
        },
    )
    group = forms.CharField(
        label=_("Support group (optional)"),
        help_text=_("Which group, if known. For example the name of the group and where it meets."),
        max_length=GROUP_MAX,
        required=False,
        error_messages={"max_length": _("Use %(limit_value)s characters or fewer")},
    )
