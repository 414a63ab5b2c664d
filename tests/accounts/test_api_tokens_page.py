"""The API tokens page: create (shown once), list (prefix only), revoke (with confirmation)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import ApiToken
from portal.accounts.roles import Role
from tests.accounts.support import field_errors, flash_messages, page_title, visible_text
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PAGE = "/portal/account/api-tokens/"
ME = "/api/v1/me"


def revoke_url(token) -> str:
    return f"/portal/account/api-tokens/{token.pk}/revoke/"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def tutor(organisation_a):
    return user_with_role(Role.TUTOR, organisation_a, email="tutor@example.org")


@pytest.fixture
def tutor_client(client, tutor):
    client.force_login(tutor)
    return client


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_token_is_created_shown_once_works_and_only_its_hash_is_kept(tutor_client, tutor):
    empty = tutor_client.get(PAGE)
    assert empty.status_code == 200
    assert "You have no API tokens." in visible_text(empty)

    created = tutor_client.post(PAGE, {"name": "University records", "days": "90"})

    assert created.status_code == 200
    assert created.templates[0].name == "accounts/api_token_created.html"
    secret = created.context["secret"]
    text = visible_text(created)
    assert "Token created" in text
    assert "It is not shown again" in text
    assert f'value="{secret}"' in created.content.decode()

    token = ApiToken.objects.get(user=tutor)
    scheme, prefix, secret_part = secret.split("_", 2)
    assert scheme == "pp"
    assert token.prefix == prefix
    assert token.name == "University records"
    assert token.key_hash == services.hash_secret(secret_part)
    assert secret_part not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)

    # The token works for the API, as the user.
    me = Client().get(ME, **bearer(secret))
    assert me.status_code == 200
    assert me.json()["email"] == "tutor@example.org"

    # The list shows the prefix, never the secret.
    listing = tutor_client.get(PAGE)
    assert listing.status_code == 200
    listing_text = visible_text(listing)
    assert "University records" in listing_text
    assert f"pp_{prefix}_…" in listing_text
    assert "Active" in listing_text
    assert secret_part not in listing.content.decode()
    assert secret not in listing.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "days": "90"}, "name", "Enter the token name"),
        ({"name": "x" * 101, "days": "90"}, "name", "Token name must be 100 characters or fewer"),
        ({"name": "Reporting", "days": "999"}, "days", "Choose one of the expiry periods shown."),
        ({"name": "Reporting", "days": "0"}, "days", "Choose one of the expiry periods shown."),
        ({"name": "Reporting"}, "days", "Choose when the token expires"),
    ],
)
def test_a_bad_form_names_the_field_and_creates_nothing(tutor_client, data, field, message):
    response = tutor_client.post(PAGE, data)

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: API tokens")
    assert message in field_errors(response, field)
    assert not ApiToken.objects.exists()


def test_a_blank_name_is_refused_by_the_service_with_a_field_message(tutor_client):
    response = tutor_client.post(PAGE, {"name": "    ", "days": "30"})

    assert response.status_code == 200
    assert field_errors(response, "name")
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation_then_the_token_stops_working(tutor_client, tutor):
    secret = services.api_token_create(user=tutor, name="Old system", days=30).secret
    token = ApiToken.objects.get(user=tutor)
    assert Client().get(ME, **bearer(secret)).status_code == 200

    confirm = tutor_client.get(revoke_url(token))
    assert confirm.status_code == 200
    assert "Revoke “Old system”?" in visible_text(confirm)
    token.refresh_from_db()
    assert token.revoked_at is None

    response = tutor_client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert "The token “Old system” was revoked. It no longer works." in flash_messages(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ME, **bearer(secret)).status_code == 401
    listing = tutor_client.get(PAGE)
    assert "Revoked" in visible_text(listing)
    assert revoke_url(token) not in listing.content.decode()


def test_someone_elses_token_cannot_be_seen_or_revoked(tutor_client):
    other = user_with_role(Role.COORDINATOR)
    secret = services.api_token_create(user=other, name="Theirs", days=30).secret
    token = ApiToken.objects.get(user=other)

    assert tutor_client.get(revoke_url(token)).status_code == 404
    assert tutor_client.post(revoke_url(token)).status_code == 404
    assert "Theirs" not in visible_text(tutor_client.get(PAGE))

    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get(ME, **bearer(secret)).status_code == 200


def test_an_expired_token_is_listed_as_expired_and_returns_401(tutor_client, tutor):
    secret = services.api_token_create(user=tutor, name="Lapsed", days=30).secret
    ApiToken.objects.filter(user=tutor).update(expires_at=timezone.now() - timedelta(days=1))

    listing = tutor_client.get(PAGE)

    assert "Expired" in visible_text(listing)
    assert Client().get(ME, **bearer(secret)).status_code == 401
