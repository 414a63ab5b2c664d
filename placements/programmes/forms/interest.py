"""The public registration of interest (issue 19, requirement 2), in Swedish and
English: one page, a row per child ("Add another child" shows one more row, no
script needed). Every label, hint and message is translated; the checks are the
service's, run here too so every problem shows at once."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.forms import DateField, PortalForm

from ..models import Referral, SupportGroup, TreatmentStage
from ..services.interest import InterestChild, check_interest

MOST_CHILDREN = 8
DATE_HINT = _("For example 17 November 2026.")


def _messages(required, **more) -> dict:
    return {"required": required, **more}


def _max_length_now(limit: int) -> str:
    return gettext("Use %(limit)s characters or fewer") % {"limit": limit}


_max_length = lazy(_max_length_now, str)  # translated when shown, not when imported


class InterestForm(PortalForm):
    parent_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages=_messages(_("Enter your name"), max_length=_max_length(120)),
    )
    parent_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the reference of your registration here."),
        max_length=254,
        error_messages=_messages(
            _("Enter your email address, so that we can send the reference"),
            invalid=_("Enter an email address in the right format, like namn@example.se"),
            max_length=_max_length(254),
        ),
    )
    parent_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=40,
        required=False,
        error_messages={"max_length": _max_length(40)},
    )
    municipality = forms.CharField(
        label=_("The municipality you live in"),
        max_length=80,
        error_messages=_messages(
            _("Enter the municipality you live in"), max_length=_max_length(80)
        ),
    )
    language = forms.ChoiceField(
        label=_("Which language should we use with you?"),
        choices=Referral.Language.choices,
        widget=forms.RadioSelect,
        error_messages=_messages(_("Select the language we should use with you")),
    )
    treatment_stage = forms.ChoiceField(
        label=_("Where is the parent in their own treatment?"),
        choices=TreatmentStage.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The programme suits a parent at the end of primary treatment or in aftercare."
        ),
        error_messages=_messages(_("Select where the parent is in their treatment")),
    )
    sober_since = DateField(
        label=_("Sober since"),
        help_text=format_lazy(
            "{} {}", _("The first day of the parent's current period of sobriety."), DATE_HINT
        ),
        error_messages=_messages(
            _("Enter the date the parent's sobriety started"),
            invalid=_("Enter a real date, for example 17 November 2026"),
        ),
    )
    parent_consent = forms.BooleanField(
        label=_("I agree that the outpatient service keeps these details to contact us"),
        error_messages=_messages(_("Confirm that we may keep these details to contact you")),
    )
    child_rows = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MOST_CHILDREN, required=False
    )
    # The honeypot: hidden from people, filled by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.initial.setdefault("language", "sv" if get_language() == "sv" else "en-gb")
        self.row_count = self._row_count()
        self.initial.setdefault("child_rows", self.row_count)
        for number in range(1, self.row_count + 1):
            n = {"n": number}
            self.fields[f"child_{number}_first_name"] = forms.CharField(
                label=gettext("Child %(n)s: first name") % n,
                max_length=60,
                required=False,
                error_messages={"max_length": _max_length_now(60)},
            )
            self.fields[f"child_{number}_date_of_birth"] = DateField(
                label=gettext("Child %(n)s: date of birth") % n,
                help_text="",
                required=False,
                error_messages={
                    "invalid": gettext("Enter a real date, for example 17 November 2026")
                },
            )
            self.fields[f"child_{number}_support_group"] = forms.ChoiceField(
                label=gettext("Child %(n)s: support group") % n,
                choices=[("", gettext("Choose one")), *SupportGroup.choices],
                required=False,
                error_messages={"invalid_choice": gettext("Select one of the options")},
            )

    def _row_count(self) -> int:
        raw = (self.data or {}).get("child_rows") or self.initial.get("child_rows")
        try:
            count = int(raw)
        except (TypeError, ValueError):
            count = 1
        return max(1, min(count, MOST_CHILDREN))

    @property
    def is_bot(self) -> bool:
        return bool((self.data or {}).get("website", "").strip())

    @property
    def may_add_child(self) -> bool:
        return self.row_count < MOST_CHILDREN

    @property
    def child_rows_fields(self) -> list[tuple]:
        parts = ("first_name", "date_of_birth", "support_group")
        return [
            (number, [self[f"child_{number}_{part}"] for part in parts])
            for number in range(1, self.row_count + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            check_interest(self.details(), self.children(), timezone.localdate())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def details(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        names = (
            "parent_name",
            "parent_email",
            "parent_phone",
            "municipality",
            "language",
            "treatment_stage",
            "sober_since",
            "parent_consent",
        )
        return {name: data.get(name) for name in names}

    def children(self) -> list[InterestChild]:
        data = getattr(self, "cleaned_data", {})
        rows = []
        for number in range(1, self.row_count + 1):
            name = (data.get(f"child_{number}_first_name") or "").strip()
            born = data.get(f"child_{number}_date_of_birth")
            group = data.get(f"child_{number}_support_group") or ""
            if name or born or group:
                rows.append(InterestChild(number, name, born, group))
        return rows
