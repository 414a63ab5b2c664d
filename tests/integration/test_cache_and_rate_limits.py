"""The cache is Redis, and allauth's login rate limit lives in it."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LOGIN_URL = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


def _failed_attempts_allowed_per_email() -> int:
    """From ACCOUNT_RATE_LIMITS["login_failed"], e.g. "10/m/ip,5/5m/key" -> 5."""
    for rule in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        amount, _period, *kind = rule.split("/")
        if kind == ["key"]:
            return int(amount)
    raise AssertionError("ACCOUNT_RATE_LIMITS has no per-email login_failed limit")


def test_the_cache_is_redis_and_round_trips_values():
    assert isinstance(caches["default"], RedisCache)
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL

    cache.set("integration:round-trip", {"placement": 42, "days": [1, 2]}, timeout=30)
    assert cache.get("integration:round-trip") == {"placement": 42, "days": [1, 2]}

    # The value is really in the Redis server, not in this process.
    server = redis.Redis.from_url(settings.REDIS_URL)
    assert any(b"integration:round-trip" in key for key in server.keys("*round-trip*"))

    cache.delete("integration:round-trip")
    assert cache.get("integration:round-trip") is None


def _sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_login_is_refused_after_too_many_failed_attempts_for_that_email():
    user = UserFactory(email="educator.ratelimit@example.org")
    allowed = _failed_attempts_allowed_per_email()

    for attempt in range(allowed):
        # A new client each time: no cookie or session carries the count.
        response = _sign_in(Client(), user.email, "not-the-password")
        assert response.status_code == 200, f"attempt {attempt + 1}"
        page = response.content.decode()
        assert "There is a problem" in page
        assert TOO_MANY not in page, f"refused too early, at attempt {attempt + 1}"

    # Even the right password is refused now, with a message saying why.
    response = _sign_in(Client(), user.email, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 200
    assert TOO_MANY in page
    assert "_auth_user_id" not in response.wsgi_request.session

    # The count is kept in Redis, where every web process sees it.
    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.keys("*login_failed*"), "no rate-limit key in Redis"

    # Another person's sign-in is not affected.
    other = UserFactory(email="student.ratelimit@example.org")
    response = _sign_in(Client(), other.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_the_portals_own_limits_are_counted_in_redis_like_sign_in():
    """Invitations, tokens, requests for support and feedback use the same limiter:
    their counts are in Redis, so every web process refuses past the limit."""
    from django.urls import reverse

    from portal import ratelimit
    from portal.accounts.models import ApiToken
    from portal.accounts.roles import Role
    from tests.factories import user_with_role

    tutor = user_with_role(Role.TUTOR)
    page = reverse("accounts:api_tokens")
    limit = int(settings.ACCOUNT_RATE_LIMITS[ratelimit.API_TOKEN].split("/")[0])
    for number in range(limit):
        client = Client()  # a new client each time, as if each reached another process
        client.force_login(tutor)
        assert client.post(page, {"name": f"System {number}", "days": "30"}).status_code == 200

    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.keys(f"*{ratelimit.API_TOKEN}*"), "no rate-limit key in Redis"
    client = Client()
    client.force_login(tutor)
    assert client.post(page, {"name": "One too many", "days": "30"}).status_code == 429
    assert ApiToken.objects.filter(user=tutor).count() == limit
