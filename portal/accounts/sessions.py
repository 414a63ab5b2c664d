"""How long a signed-in session lasts (issue 13, requirement 9).

Two limits, both in settings: SESSION_IDLE_MINUTES without a request, and
SESSION_MAX_HOURS after signing in, however active the person is. The sign-in
time is recorded when Django signs someone in (the `user_logged_in` signal,
sent for every way in: password, second factor, invitation); the middleware
checks both limits on every request and signs the person out, saying why.

The stored session itself expires SESSION_MAX_HOURS after its last change
(SESSION_COOKIE_AGE), so it is this middleware, which can explain, that ends an
idle one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN_AT = "portal_last_seen_at"
# Recording activity writes the session; once a minute is precise enough.
ACTIVITY_RESOLUTION_SECONDS = 60


def _now() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="portal_record_sign_in_time")
def record_sign_in_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def session_end_reason(session) -> str | None:
    """Why this signed-in session must end now, or None while it may go on."""
    now = _now()
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    if signed_in_at is None:
        # A session from before these limits: how old it is cannot be known.
        return "Your session has ended. Sign in again to carry on."
    max_hours = settings.SESSION_MAX_HOURS
    if now - signed_in_at > max_hours * 3600:
        return (
            f"You were signed out because you signed in more than {max_hours} hours ago. "
            "Sign in again to carry on."
        )
    idle_minutes = settings.SESSION_IDLE_MINUTES
    if now - last_seen_at > idle_minutes * 60:
        return (
            f"You were signed out after {idle_minutes} minutes without activity, to keep "
            "the records safe. Sign in again to carry on."
        )
    return None


class SessionLimitsMiddleware:
    """Ends a session past either limit; otherwise records the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = session_end_reason(request.session)
            if reason is not None:
                return self._sign_out(request, reason)
            now = _now()
            if now - request.session.get(LAST_SEEN_AT, 0) >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)

    def _sign_out(self, request, reason: str):
        logout(request)
        if request.path_info.startswith("/api/"):
            # The API answers as it does to anyone not signed in: 401, in JSON.
            return self.get_response(request)
        messages.info(request, reason)
        login = reverse(settings.LOGIN_URL)
        if request.method != "GET":  # a form sent after the limit is not sent again
            return redirect(login)
        return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
