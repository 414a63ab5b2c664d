from django import forms
from django.conf import settings

from portal.forms import DateField, PortalForm

from .models import Organisation
from .roles import Role


class SignupDetailsForm(PortalForm):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label="Your full name",
        max_length=150,
        help_text="Shown to the people you work with.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        """Required by allauth; the adapter already saved the name."""


class NameForm(PortalForm):
    name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class MembershipEndForm(PortalForm):
    ends_on = DateField(
        label="Last day of access",
        help_text="The person keeps this role until the end of this day.",
    )


class InvitationForm(PortalForm):
    email = forms.EmailField(
        label="Email address",
        help_text="The invitation link is sent here and works once, for 7 days.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class ApiTokenForm(PortalForm):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="For example, the name of the university system that will use it.",
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")],
        initial=90,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when the token expires",
            "invalid_choice": "Choose one of the expiry periods shown.",
        },
    )

    def clean_days(self):
        days = self.cleaned_data["days"]
        if not 1 <= days <= settings.PORTAL_API_TOKEN_MAX_DAYS:
            raise forms.ValidationError("Choose one of the expiry periods shown.")
        return days


class OrganisationSearchForm(PortalForm):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *Organisation.Kind.choices],
    )


class NotificationSettingsForm(PortalForm):
    """One set of radios per kind of notification the person receives (issue 22,
    requirement 5); safeguarding alerts are fixed, so they have none."""

    def __init__(self, *args, kinds=(), **kwargs):
        from portal.models import Delivery

        super().__init__(*args, **kwargs)
        for kind in kinds:
            if kind.fixed:
                continue
            choose = f"Choose how you hear of {kind.label.lower()}"
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.hint,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={"required": choose, "invalid_choice": choose},
            )
