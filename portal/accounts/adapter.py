"""Closed sign-up: an account can be created only through a valid invitation.

The invitation key is kept in the session by InvitationAcceptView; while it
is there and usable, allauth's sign-up page opens for that one address, which
counts as verified because the invitation link reached it.
"""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.signals import user_signed_up
from allauth.core import context as allauth_context
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest

from . import services
from .onboarding import first_step_for

SESSION_KEY = "portal_invitation_key"
# The page a new person is sent to after signing up (portal.accounts.onboarding).
FIRST_STEP_SESSION_KEY = "portal_first_step"
# Setting up a second factor right after signing in needs no second password prompt.
FRESH_SIGN_IN_SECONDS = 300


def pending_invitation(request: HttpRequest):
    key = request.session.get(SESSION_KEY) if request is not None else None
    if not key:
        return None
    try:
        return services.invitation_check_usable(services.invitation_by_key(key))
    except ValidationError:
        return None


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return pending_invitation(request) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        invitation = pending_invitation(getattr(self, "request", None))
        if invitation is not None and invitation.email.lower() != email:
            raise ValidationError(
                f"Use the address your invitation was sent to: {invitation.email}."
            )
        return email

    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        invitation = pending_invitation(request)
        if invitation is not None and invitation.email.lower() == email.lower():
            return True
        return super().is_email_verified(request, email)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A new practice educator, say, completes their profile first (onboarding)."""
        first_step = request.session.pop(FIRST_STEP_SESSION_KEY, None)
        return first_step or super().get_signup_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data.get("name", "").strip()
        return super().save_user(request, user, form, commit=commit)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Staff are sent to set up MFA as soon as they sign in; asking for the
        password they typed a moment ago would only get in the way. Later
        changes to MFA still ask again."""
        request = getattr(self, "request", None) or allauth_context.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and time.time() - records[-1].get("at", 0) < FRESH_SIGN_IN_SECONDS:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


@receiver(user_signed_up, dispatch_uid="portal_accept_invitation_on_signup")
def accept_invitation_on_signup(sender, request, user, **kwargs) -> None:
    """Use the invitation once allauth has saved the user *and* their email address.

    Not in `save_user`: allauth sets up the user's EmailAddress after `save_user`
    and refuses (AssertionError, a 500) if one already exists, which
    `invitation_accept` would have created.
    """
    invitation = pending_invitation(request)
    if invitation is not None:
        services.invitation_accept(invitation=invitation, user=user)
        request.session.pop(SESSION_KEY, None)
        # Where they land once signed in: their role's first step, if it has one.
        step = first_step_for(user, invitation.role)
        if step is not None:
            request.session[FIRST_STEP_SESSION_KEY] = step[1]
