"""The public referral form (issue 18, requirement 2): one page in sections, with a
row per child ("Add another child" shows one more row, no script needed). The
checks on confirmations and dates of birth are the service's, run here too so
every problem shows at once."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.forms import DateField, PortalForm

from ..models.referrals import Referral, SocialCareStatus
from ..services.referrals import ChildDetails, check_referral

CHILD_ROWS = 1
MOST_CHILDREN = 10
TEXTAREA = {"rows": 3}
NO_HINT = ""

# The referral's own fields, in the order of the page (the children come apart).
REFERRER = (
    "referrer_name",
    "referrer_local_authority",
    "referrer_team",
    "referrer_email",
    "referrer_phone",
)
CONFIRM = ("children_open_to_services", "meets_threshold")
PARENT = (
    "parent_name",
    "parent_date_of_birth",
    "parent_gender",
    "parent_phone",
    "parent_email",
    "parent_address",
    "substances",
    "treatment_so_far",
    "parent_consent",
)
NEEDS = ("needs_creche", "interpreter_language", "access_needs", "home_visit_risks")
CHILD_PARTS = ("name", "date_of_birth", "social_care_status", "lives_with_parent")


class ReferralForm(PortalForm):
    referrer_name = forms.CharField(label="Your full name", max_length=120)
    referrer_local_authority = forms.CharField(label="Your local authority", max_length=120)
    referrer_team = forms.CharField(label="Your team", max_length=120)
    referrer_email = forms.EmailField(
        label="Your work email address",
        help_text="We send the referral's reference here.",
        max_length=254,
    )
    referrer_phone = forms.CharField(label="Your phone number", max_length=40)
    children_open_to_services = forms.BooleanField(
        label="The children are open to children's services",
        error_messages={"required": "Confirm the children are open to children's services"},
    )
    meets_threshold = forms.BooleanField(
        label="Yes",
        error_messages={"required": "Answer yes to the question, or do not refer"},
    )
    parent_name = forms.CharField(label="Parent's full name", max_length=120)
    parent_date_of_birth = DateField(
        label="Parent's date of birth", help_text="For example 3 May 1990."
    )
    parent_gender = forms.ChoiceField(
        label="Parent's gender",
        choices=Referral.Gender.choices,
        widget=forms.RadioSelect,
        help_text="Groups are for women or for men; everyone gets one-to-one keywork.",
    )
    parent_phone = forms.CharField(label="Parent's phone number", max_length=40, required=False)
    parent_email = forms.EmailField(label="Parent's email address", required=False)
    parent_address = forms.CharField(
        label="Parent's address", widget=forms.Textarea(attrs=TEXTAREA), max_length=500
    )
    substances = forms.CharField(
        label="Which drugs or alcohol does the parent use?",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=2000,
        error_messages={"required": "Enter the drugs or alcohol the parent uses"},
    )
    treatment_so_far = forms.CharField(
        label="Treatment or support so far (optional)",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=2000,
        required=False,
    )
    parent_consent = forms.BooleanField(
        label="The parent agrees to this referral",
        error_messages={"required": "Confirm the parent agrees to this referral"},
    )
    needs_creche = forms.BooleanField(label="The parent would use the creche", required=False)
    interpreter_language = forms.CharField(
        label="Interpreter needed: which language? (optional)", max_length=60, required=False
    )
    access_needs = forms.CharField(
        label="Access needs (optional)",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=2000,
        required=False,
    )
    home_visit_risks = forms.CharField(
        label="Risks to staff on home visits (optional)",
        help_text="For example dogs, other adults in the home, or past incidents.",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=2000,
        required=False,
    )
    child_rows = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MOST_CHILDREN, required=False
    )
    # The honeypot: hidden from people, filled by bots (the view answers a bot as
    # if it had been received, and keeps nothing).
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.row_count = self._row_count()
        self.initial.setdefault("child_rows", self.row_count)
        for number in range(1, self.row_count + 1):
            self.fields[f"child_{number}_name"] = forms.CharField(
                label=f"Child {number}: full name", max_length=120, required=False
            )
            self.fields[f"child_{number}_date_of_birth"] = DateField(
                label=f"Child {number}: date of birth", help_text=NO_HINT, required=False
            )
            self.fields[f"child_{number}_social_care_status"] = forms.ChoiceField(
                label=f"Child {number}: children's social care status",
                choices=[("", "Choose a status"), *SocialCareStatus.choices],
                required=False,
            )
            self.fields[f"child_{number}_lives_with_parent"] = forms.BooleanField(
                label=f"Child {number} lives with the parent", required=False
            )

    def _row_count(self) -> int:
        raw = (self.data or {}).get("child_rows") or self.initial.get("child_rows")
        try:
            count = int(raw)
        except (TypeError, ValueError):
            count = CHILD_ROWS
        return max(1, min(count, MOST_CHILDREN))

    @property
    def is_bot(self) -> bool:
        return bool((self.data or {}).get("website", "").strip())

    def section(self, names) -> list:
        return [self[name] for name in names]

    @property
    def child_rows_fields(self) -> list[tuple]:
        return [
            (number, [self[f"child_{number}_{part}"] for part in CHILD_PARTS])
            for number in range(1, self.row_count + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            check_referral(self.parent(), self.children(), timezone.localdate())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def parent(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in (*REFERRER, *CONFIRM, *PARENT, *NEEDS)}

    def children(self) -> list[ChildDetails]:
        data = getattr(self, "cleaned_data", {})
        rows = []
        for number in range(1, self.row_count + 1):
            name = (data.get(f"child_{number}_name") or "").strip()
            born = data.get(f"child_{number}_date_of_birth")
            status = data.get(f"child_{number}_social_care_status")
            if name or born or status:
                rows.append(
                    ChildDetails(
                        number=number,
                        name=name,
                        date_of_birth=born,
                        social_care_status=status or "",
                        lives_with_parent=bool(data.get(f"child_{number}_lives_with_parent")),
                    )
                )
        return rows
