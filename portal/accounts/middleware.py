from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in user without a second factor may still reach: setting one up
# (with the password asked again first), signing out, confirming an email address,
# and static files or health checks. Everything else sends them to set-up.
_ALWAYS_ALLOWED = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/accounts/login/",
    "/accounts/confirm-email/",
    "/static/",
    "/healthz",
    "/favicon.ico",
)


class EnforceMFAMiddleware:
    """With PORTAL_ENFORCE_MFA on, everyone signed in sets up a second factor before
    anything else: every role reads other people's records (students and school
    contacts read children's records and safeguarding concerns)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PORTAL_ENFORCE_MFA and self._must_set_up(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": "Set up two-factor authentication in the portal "
                        "before using the API with your session."
                    },
                    status=403,
                )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path_info.startswith(_ALWAYS_ALLOWED):
            return False
        return not Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
