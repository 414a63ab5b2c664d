"""One rate limiter for sign-in, invitations, API tokens, requests for support and
public forms (issue 13, R10): past its limit each answers 429 and saves nothing.

The limits are read from ACCOUNT_RATE_LIMITS, so these tests follow the settings.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from placements.casework.models import SupportRequest
from portal import ratelimit
from portal.accounts.models import ApiToken, Invitation
from portal.accounts.roles import Role
from tests.accounts.support import LOGIN_URL, signed_in_user_id, visible_text
from tests.casework.factories import SchoolFactory
from tests.casework.support import request_post
from tests.factories import PASSWORD, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many attempts"


def allowed(action: str) -> int:
    """How many attempts the action's first limit allows, e.g. "20/h/user" -> 20."""
    return int(settings.ACCOUNT_RATE_LIMITS[action].split(",")[0].split("/")[0])


def assert_refused_with_429(response) -> None:
    assert response.status_code == 429
    text = visible_text(response)
    assert TOO_MANY in text
    assert "What you just sent was not saved or acted on." in text


def test_sign_in_is_refused_with_429_after_its_limit():
    user = user_with_role(Role.TUTOR)
    client = Client()
    for _ in range(allowed("login")):
        # Incomplete forms: they count as attempts but not as failed sign-ins.
        assert client.post(LOGIN_URL, {"login": "", "password": ""}).status_code == 200

    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})

    assert_refused_with_429(response)
    assert signed_in_user_id(client) is None


def test_invitations_are_refused_with_429_after_the_limit(client):
    organisation = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, organisation)
    client.force_login(coordinator)
    url = reverse("accounts:invitation_create", args=[organisation.pk])
    for _ in range(allowed(ratelimit.INVITATION)):
        client.post(url, {"email": "", "role": Role.STUDENT})

    response = client.post(url, {"email": "new.student@example.org", "role": Role.STUDENT})

    assert_refused_with_429(response)
    assert "You have sent a lot of invitations in a short time." in visible_text(response)
    assert not Invitation.objects.exists()
    # The limit is the co-ordinator's own: a colleague still invites.
    colleague = user_with_role(Role.COORDINATOR, organisation)
    client.force_login(colleague)
    response = client.post(url, {"email": "new.student@example.org", "role": Role.STUDENT})
    assert response.status_code == 302
    assert Invitation.objects.count() == 1


def test_token_creation_is_refused_with_429_after_the_limit_on_the_page_and_in_the_api(client):
    tutor = user_with_role(Role.TUTOR)
    client.force_login(tutor)
    page = reverse("accounts:api_tokens")
    limit = allowed(ratelimit.API_TOKEN)
    for number in range(limit):
        assert client.post(page, {"name": f"System {number}", "days": "30"}).status_code == 200
    assert ApiToken.objects.count() == limit

    refused_page = client.post(page, {"name": "One too many", "days": "30"})
    refused_api = client.post(
        "/api/v1/me/tokens", {"name": "One too many", "days": 30}, content_type="application/json"
    )

    assert_refused_with_429(refused_page)
    assert "You have created a lot of API tokens in a short time." in visible_text(refused_page)
    assert refused_api.status_code == 429
    assert "Nothing was saved" in refused_api.json()["detail"]
    assert ApiToken.objects.count() == limit


def test_requests_for_support_are_refused_with_429_after_the_limit(client):
    service = OrganisationFactory(name="Northby Children's Services")
    school = SchoolFactory(name="Hillside Primary")
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    client.force_login(contact)
    url = reverse("casework:request_create")

    first = client.post(url, request_post(school, service))
    assert first.status_code == 302
    for _ in range(allowed(ratelimit.SUPPORT_REQUEST) - 1):
        client.post(url, {})

    response = client.post(url, request_post(school, service, first_name="Zara"))

    assert_refused_with_429(response)
    assert "requests for support" in visible_text(response)
    assert SupportRequest.objects.count() == 1


def test_the_refusal_says_when_to_try_again(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        ratelimit.API_TOKEN: "1/10m/user",
    }
    client.force_login(user_with_role(Role.COORDINATOR))
    page = reverse("accounts:api_tokens")
    client.post(page, {"name": "First", "days": "30"})

    response = client.post(page, {"name": "Second", "days": "30"})

    assert_refused_with_429(response)
    assert "Try again in 10 minutes." in visible_text(response)
