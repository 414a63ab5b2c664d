"""The one rate-limiting mechanism: allauth's, for sign-in and for everything else.

allauth limits sign-in, sign-up and password resets under its own actions in
ACCOUNT_RATE_LIMITS. The portal's limited actions below are more keys in that
same setting, counted by the same code (`allauth.core.ratelimit.consume`) in
Django's cache: Redis in production (the production settings refuse to start
without REDIS_URL), so every web process and server shares one count.

Views check before they read the form, so a refused request saves nothing; it
gets a 429 page (`too_many_requests`), or a 429 JSON error from the API.
"""

from __future__ import annotations

import math

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

# Actions (keys of ACCOUNT_RATE_LIMITS) and what a refused person is told.
INVITATION = "portal_invitation"
API_TOKEN = "portal_api_token"  # noqa: S105 - an action name, not a secret
SUPPORT_REQUEST = "portal_support_request"
PAGE_FEEDBACK = "portal_page_feedback"

REFUSALS = {
    INVITATION: "You have sent a lot of invitations in a short time.",
    API_TOKEN: "You have created a lot of API tokens in a short time.",
    SUPPORT_REQUEST: "You have sent a lot of requests for support in a short time.",
}


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client's address (found as allauth finds it, so the proxy
    setting ALLAUTH_TRUSTED_PROXY_COUNT applies): anonymous public forms are
    limited per client without the address itself reaching the cache."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = "unknown"
    return salted_hmac("portal.ratelimit.client", address, algorithm="sha256").hexdigest()


def consume(request: HttpRequest, action: str, *, key: str | None = None) -> bool:
    """Count one attempt at `action`; False once its limit is used up (a refused
    attempt is not counted). Limits are per signed-in user or, with `key`, per key."""
    return ratelimit.consume(request, action=action, key=key)


def retry_minutes(action: str) -> int:
    """The longest window of the action's limits, in whole minutes: by then it has passed."""
    rates = parse_rates(settings.ACCOUNT_RATE_LIMITS.get(action))
    return math.ceil(max((rate.duration for rate in rates), default=60) / 60)


def too_many_requests(request: HttpRequest, action: str) -> HttpResponse:
    context = {"refusal": REFUSALS.get(action, ""), "retry_minutes": retry_minutes(action)}
    return render(request, "429.html", context, status=429)


def refusal_message(action: str) -> str:
    """The same refusal in one sentence pair, for the API's JSON errors."""
    minutes = retry_minutes(action)
    return f"{REFUSALS[action]} Nothing was saved. Try again in {minutes} minutes."


class RateLimitedPostMixin:
    """A form view whose POSTs count against `rate_limit_action` before the form is read."""

    rate_limit_action: str = ""

    def post(self, request, *args, **kwargs):
        if not consume(request, self.rate_limit_action):
            return too_many_requests(request, self.rate_limit_action)
        return super().post(request, *args, **kwargs)
