"""Forms of intake: the referrals list's filters, allocation, a contact attempt."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.forms import DateField, PortalForm

from ..models import ContactAttempt, Programme, Referral
from ..selectors.intake import Flag


class ReferralFilterForm(PortalForm):
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=20,
        help_text=_("Finds the referral whatever its status."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=None, empty_label=_("All programmes")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open (received or allocated)")),
            ("", _("Every status")),
            *Referral.Status.choices,
        ],
    )
    flag = forms.ChoiceField(
        label=_("Contact"),
        required=False,
        choices=[
            ("", _("Any")),
            (Flag.OVERDUE, _("Overdue for contact")),
            (Flag.DUE, _("Contact due soon")),
        ],
    )
    mine = forms.BooleanField(label=_("Only referrals allocated to me"), required=False)

    def __init__(self, *args, programmes: Sequence[Programme], **kwargs):
        """`programmes`: the user's, already read, in the order they are offered."""
        super().__init__(*args, **kwargs)
        if len(programmes) < 2:
            del self.fields["programme"]
            return
        field = self.fields["programme"]
        # The options come from the list, without reading the programmes again; the
        # queryset only checks a chosen one.
        field.queryset = Programme.objects.filter(pk__in=[p.pk for p in programmes])
        field.choices = [
            ("", field.empty_label),
            *((p.pk, field.label_from_instance(p)) for p in programmes),
        ]


class AllocateForm(PortalForm):
    care_coordinator = forms.ModelChoiceField(
        label=_("Care co-ordinator"),
        queryset=None,
        help_text=_("Someone on the programme's team. They are told by a notification."),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["care_coordinator"].queryset = User.objects.filter(
            pk__in=[person.pk for person in team]
        ).order_by("name", "email")


class ContactAttemptForm(PortalForm):
    made_on = DateField(label=_("Date of the contact"), help_text=_("For example 3 March 2027."))
    # Not called "method": a field of that name hides the form's own `method` in the page.
    how = forms.ChoiceField(
        label=_("How did you try to reach the parent?"),
        choices=ContactAttempt.Method.choices,
        widget=forms.RadioSelect,
    )
    result = forms.ChoiceField(
        label=_("What happened?"), choices=ContactAttempt.Result.choices, widget=forms.RadioSelect
    )
    assessment_offered_on = DateField(
        label=_("Assessment date given (optional)"),
        required=False,
        help_text=_("If you spoke to the parent and agreed a date for the assessment."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was agreed. Do not copy the referral here."),
    )
