"""Signed-in sessions end after 30 idle minutes and 12 hours at most (issue 13, R9).

The clock is moved by replacing `django.utils.timezone.now`, which both the
session limits and Django's session store read.
"""

import pytest
from django.test import Client

from portal.accounts.roles import Role
from tests.accounts.support import (
    DASHBOARD_URL,
    LOGIN_URL,
    flash_messages,
    sign_in,
    signed_in_user_id,
    split_redirect,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

IDLE_MESSAGE = "You were signed out after 30 minutes without activity"
MAX_MESSAGE = "You were signed out because you signed in more than 12 hours ago"


@pytest.fixture
def tutor():
    return user_with_role(Role.TUTOR)


@pytest.fixture
def signed_in(client, clock, tutor):
    """Signed in through allauth's form, as a person would."""
    response = sign_in(client, tutor.email)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(tutor.pk)
    return client


def assert_sent_to_sign_in(response, *, next_path: str | None) -> None:
    assert response.status_code == 302
    assert split_redirect(response["Location"]) == (LOGIN_URL, next_path)


def test_a_session_survives_activity_and_ends_after_30_idle_minutes(signed_in, clock):
    # Each request within 30 minutes of the last keeps the session going,
    # well past 30 minutes after signing in.
    for _ in range(3):
        clock.advance(minutes=29)
        assert signed_in.get(DASHBOARD_URL).status_code == 200

    clock.advance(minutes=31)
    response = signed_in.get(DASHBOARD_URL)

    assert_sent_to_sign_in(response, next_path=DASHBOARD_URL)
    assert any(IDLE_MESSAGE in message for message in flash_messages(response))
    assert signed_in_user_id(signed_in) is None
    # Really signed out: the next page asks for sign-in again, with no message.
    assert_sent_to_sign_in(signed_in.get(DASHBOARD_URL), next_path=DASHBOARD_URL)


def test_the_sign_in_page_tells_the_person_why_they_were_signed_out(signed_in, clock):
    signed_in.get(DASHBOARD_URL)  # the sign-in's own message has been read
    clock.advance(hours=3)  # back from a long meeting

    page = signed_in.get(DASHBOARD_URL, follow=True)

    assert page.request["PATH_INFO"] == LOGIN_URL
    assert IDLE_MESSAGE in page.content.decode()


def test_an_active_session_still_ends_12_hours_after_signing_in(signed_in, clock, tutor):
    for _ in range(28):  # a request every 25 minutes: never idle, 11 h 40 min in all
        clock.advance(minutes=25)
        assert signed_in.get(DASHBOARD_URL).status_code == 200

    clock.advance(minutes=25)  # 12 h 5 min after signing in
    response = signed_in.get(DASHBOARD_URL)

    assert_sent_to_sign_in(response, next_path=DASHBOARD_URL)
    assert any(MAX_MESSAGE in message for message in flash_messages(response))
    assert signed_in_user_id(signed_in) is None

    # Signing in again starts a new 12 hours.
    assert sign_in(signed_in, tutor.email).status_code == 302
    clock.advance(minutes=20)
    assert signed_in.get(DASHBOARD_URL).status_code == 200


def test_a_form_sent_after_the_limit_is_not_acted_on(signed_in, clock, tutor):
    clock.advance(minutes=31)

    response = signed_in.post("/portal/account/name/", {"name": "Renamed After Lunch"})

    assert_sent_to_sign_in(response, next_path=None)
    tutor.refresh_from_db()
    assert tutor.name != "Renamed After Lunch"


def test_the_api_answers_401_once_the_session_has_ended(signed_in, clock):
    assert signed_in.get("/api/v1/me").status_code == 200
    clock.advance(minutes=31)

    response = signed_in.get("/api/v1/me")

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_the_limits_come_from_settings(signed_in, clock, settings):
    settings.SESSION_IDLE_MINUTES = 10

    clock.advance(minutes=9)
    assert signed_in.get(DASHBOARD_URL).status_code == 200
    clock.advance(minutes=11)
    assert_sent_to_sign_in(signed_in.get(DASHBOARD_URL), next_path=DASHBOARD_URL)


def test_a_session_with_no_recorded_sign_in_time_is_ended(clock, tutor):
    """A session started before these limits existed cannot say how old it is."""
    client = Client()
    client.force_login(tutor)
    session = client.session
    session.pop("portal_signed_in_at")
    session.save()

    assert_sent_to_sign_in(client.get(DASHBOARD_URL), next_path=DASHBOARD_URL)
