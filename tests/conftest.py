from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import PASSWORD, OrganisationFactory, user_with_role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def make_user(db):
    """make_user(role, organisation=None, **fields) -> a verified user with that role."""
    return user_with_role


@pytest.fixture
def signed_in_client(client):
    """signed_in_client(user) -> the test client, signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


class Clock:
    """What `timezone.now()` answers while a test holds the `clock` fixture.

    `timezone.localdate()` reads the same clock, so a test moves "today" and "now"
    together: `clock.today_is(date(2027, 1, 6))`, `clock.now = moment`,
    `clock.advance(minutes=31)`."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **interval) -> None:
        self.now += timedelta(**interval)

    def today_is(self, day: date, at: time = time(12, 0)) -> None:
        self.now = timezone.make_aware(datetime.combine(day, at))


@pytest.fixture
def clock(monkeypatch):
    """The one way a test moves time (never a monkeypatch of timezone itself)."""
    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moved.now)
    return moved
