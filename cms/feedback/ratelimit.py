"""Rate limit for anonymous feedback, per client, held only in the cache.

The key is a keyed hash (HMAC with SECRET_KEY) of the client address, so the
cache never holds the address itself and the database never sees it at all.
The client address comes from allauth's adapter, so the proxy settings
(ALLAUTH_TRUSTED_PROXY_COUNT) that protect sign-in apply here too.
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.crypto import salted_hmac

KEY_SALT = "cms.feedback.ratelimit"


def client_key(request) -> str:
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = "unknown"
    digest = salted_hmac(KEY_SALT, address, algorithm="sha256").hexdigest()
    return f"cms:feedback-rate:{digest}"


def feedback_rate_limited(request) -> bool:
    """Count this attempt; True once the client has used up its allowance.

    A fixed window: the first attempt opens it, later attempts count against it.
    """
    limit = settings.CMS_FEEDBACK_RATE_LIMIT
    window = settings.CMS_FEEDBACK_RATE_WINDOW_SECONDS
    key = client_key(request)
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        attempts = 1
    return attempts > limit
