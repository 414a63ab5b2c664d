import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.db_template import TemplateMigrations
from tests.factories import PASSWORD, OrganisationFactory, user_with_role


@pytest.fixture(scope="session")
def _migrations_once_per_checkout():
    """Test database creation migrates through a kept copy (tests/db_template.py)."""
    migrations = TemplateMigrations()
    migrations.start()
    yield migrations
    migrations.stop()


@pytest.fixture(scope="session")
def django_db_setup(_migrations_once_per_checkout, django_db_setup):
    """pytest-django's own set-up (requested by the same name), made while the
    template is in place; later `call_command` calls are left alone."""
    _migrations_once_per_checkout.stop()
    return


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="class")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (`seed_demo`, many seconds) made once for the tests of a class.

    It is written inside a transaction left open until the class's last test has
    run; each test's own transaction is a savepoint inside it, so whatever a test
    changes is undone before the next one, and everything is rolled back at the
    end, as if each test had seeded the demo itself."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


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
