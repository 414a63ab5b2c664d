"""A university system writes through the API with its personal token alone: no
session, so no CSRF token (found by schemathesis, issue 13 requirement 8: every
token write answered 403 "CSRF check Failed"). A signed-in session still needs
its CSRF token, and a caller with neither is told to sign in (401)."""

from __future__ import annotations

import pytest
from django.test import Client

from placements.models import Concern
from portal.accounts.services import api_token_create
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

BODY = {"summary": "Missed two visits", "action_plan": "Weekly check-in"}


def concerns_url(placement) -> str:
    return f"/api/v1/placements/{placement.pk}/concerns"


@pytest.fixture
def browser():
    """Like a real client: CSRF is checked, as on the live site."""
    return Client(enforce_csrf_checks=True)


def test_a_token_alone_raises_a_concern(browser):
    placement = PlacementFactory()
    secret = api_token_create(user=placement.tutor, name="University system", days=30).secret

    response = browser.post(
        concerns_url(placement),
        BODY,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["summary"] == "Missed two visits"
    concern = Concern.objects.get(placement=placement)
    assert concern.raised_by == placement.tutor


def test_a_signed_in_session_still_needs_its_csrf_token(browser):
    placement = PlacementFactory()
    browser.force_login(placement.tutor)

    response = browser.post(concerns_url(placement), BODY, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert not Concern.objects.exists()


def test_a_write_with_no_session_and_no_token_is_told_to_sign_in(browser):
    placement = PlacementFactory()

    response = browser.post(concerns_url(placement), BODY, content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in, or send a valid API token."}
    assert not Concern.objects.exists()


def test_a_wrong_token_is_a_401_and_writes_nothing(browser):
    placement = PlacementFactory()

    response = browser.post(
        concerns_url(placement),
        BODY,
        content_type="application/json",
        headers={"Authorization": "Bearer pp_nothing_wrong"},
    )

    assert response.status_code == 401
    assert not Concern.objects.exists()


@pytest.mark.parametrize("token", ["pp_\x00abc_def", "pp_abc_dé", "Basic abc", "pp_" + "a" * 500])
def test_a_token_of_the_wrong_shape_is_a_401_without_a_lookup(
    browser, token, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
