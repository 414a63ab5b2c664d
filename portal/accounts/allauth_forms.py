"""allauth's forms with the portal's field-naming messages (ACCOUNT_FORMS, MFA_FORMS).

allauth's own sign-up form already has them: it is built on
ACCOUNT_SIGNUP_FORM_CLASS (portal.accounts.forms.SignupDetailsForm, a PortalForm).
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.totp import forms as totp

from portal.forms import GovukMessagesMixin


class LoginForm(GovukMessagesMixin, account.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth labels these "Email" and "Password"; on a sign-in page they are yours.
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ChangePasswordForm(GovukMessagesMixin, account.ChangePasswordForm):
    pass


class SetPasswordForm(GovukMessagesMixin, account.SetPasswordForm):
    pass


class ResetPasswordForm(GovukMessagesMixin, account.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(GovukMessagesMixin, account.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(GovukMessagesMixin, account.ReauthenticateForm):
    pass


class AddEmailForm(GovukMessagesMixin, account.AddEmailForm):
    pass


class AuthenticateForm(GovukMessagesMixin, mfa_base.AuthenticateForm):
    pass


class MfaReauthenticateForm(GovukMessagesMixin, mfa_base.ReauthenticateForm):
    pass


class ActivateTOTPForm(GovukMessagesMixin, totp.ActivateTOTPForm):
    pass
