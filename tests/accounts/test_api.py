"""The JSON API at /api/v1/: session and personal-token authentication, token management."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import ApiToken, User
from portal.accounts.roles import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def issue(user, name="University system", days=90) -> str:
    return services.api_token_create(user=user, name=name, days=days).secret


def csrf_token_for(client: Client) -> str:
    """Open a page with a form, as a browser would, to get the CSRF cookie."""
    response = client.get("/portal/account/api-tokens/")
    assert response.status_code == 200
    return client.cookies["csrftoken"].value


@pytest.fixture
def educator(organisation_a):
    """A practice educator an admin has allowed to use the API (issue 13: tokens are
    for roles whose work needs the API, or for people an admin allows)."""
    return user_with_role(
        Role.PRACTICE_EDUCATOR,
        organisation_a,
        name="Edith Educator",
        email="edith@example.org",
        api_access_allowed=True,
    )


# --- /me ------------------------------------------------------------------------------


def test_me_with_a_session_returns_the_email_name_and_roles(client, educator, organisation_a):
    client.force_login(educator)

    response = client.get(ME)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["email"] == "edith@example.org"
    assert body["name"] == "Edith Educator"
    assert body["roles"] == ["practice_educator"]
    assert body["memberships"] == [
        {
            "organisation": organisation_a.name,
            "organisation_id": organisation_a.pk,
            "role": "practice_educator",
            "role_label": "Practice educator",
        }
    ]


def test_me_lists_every_current_role_and_no_ended_one(client, educator, organisation_a):
    services.membership_grant(user=educator, organisation=organisation_a, role=Role.COORDINATOR)
    ended = services.membership_grant(
        user=educator,
        organisation=organisation_a,
        role=Role.TUTOR,
        starts_on=timezone.localdate() - timedelta(days=60),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    assert not ended.is_current
    client.force_login(educator)

    assert client.get(ME).json()["roles"] == ["coordinator", "practice_educator"]


def test_me_without_authentication_is_a_401_json_error(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_openapi_schema_is_public_and_lists_me(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/me/tokens" in schema["paths"]
    assert schema["info"]["title"] == "Practice education portal API"


# --- Bearer tokens ----------------------------------------------------------------------


def test_a_bearer_token_authenticates_me_without_a_session(client, educator):
    secret = issue(educator)

    response = client.get(ME, **bearer(secret))

    assert response.status_code == 200
    assert response.json()["email"] == educator.email
    assert "_auth_user_id" not in client.session  # a token never starts a session
    token = ApiToken.objects.get(user=educator)
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong secret, right prefix
        lambda s: s.replace("pp_", "xx_", 1),  # wrong scheme prefix
        lambda s: s.rsplit("_", 1)[0],  # no secret
        lambda s: "pp_unknown123_" + s.split("_", 2)[2],  # unknown prefix
        lambda s: "",
    ],
    ids=["wrong-secret", "wrong-scheme", "no-secret", "unknown-prefix", "empty"],
)
def test_a_wrong_token_is_a_401(client, educator, mangle):
    secret = issue(educator)

    response = client.get(ME, **bearer(mangle(secret)))

    assert response.status_code == 401
    assert response.json()["detail"]


def test_an_expired_token_is_a_401(client, educator):
    secret = issue(educator)
    ApiToken.objects.filter(user=educator).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(ME, **bearer(secret))

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_is_a_401(client, educator):
    secret = issue(educator)
    services.api_token_revoke(token=ApiToken.objects.get(user=educator), by=educator)

    assert client.get(ME, **bearer(secret)).status_code == 401


def test_a_token_of_an_inactive_user_is_a_401(client, educator):
    secret = issue(educator)
    assert client.get(ME, **bearer(secret)).status_code == 200
    User.objects.filter(pk=educator.pk).update(is_active=False)

    response = client.get(ME, **bearer(secret))

    assert response.status_code == 401


def test_only_the_hash_of_a_token_is_stored(educator):
    issued = services.api_token_create(user=educator, name="Reporting", days=30)
    _, prefix, secret_part = issued.secret.split("_", 2)

    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.prefix == prefix
    assert token.key_hash == services.hash_secret(secret_part)
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret_part not in stored
    history = json.dumps(list(ApiToken.history.values()), default=str)
    assert secret_part not in history
    assert "key_hash" not in {f.name for f in ApiToken.history.model._meta.get_fields()}


# --- Token management through the API ----------------------------------------------------


def test_a_session_with_csrf_creates_a_token_that_then_works(csrf_client, educator):
    csrf_client.force_login(educator)
    csrf = csrf_token_for(csrf_client)

    response = csrf_client.post(
        TOKENS,
        {"name": "Student records system", "days": 30},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Student records system"
    assert body["status"] == "Active"
    assert body["token"].startswith(f"pp_{body['prefix']}_")
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == educator
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)

    me = Client().get(ME, **bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["email"] == educator.email


def test_a_session_post_without_the_csrf_token_is_refused(csrf_client, educator):
    csrf_client.force_login(educator)
    csrf_token_for(csrf_client)

    response = csrf_client.post(
        TOKENS, {"name": "Forged", "days": 30}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "days": 30}, "name"),
        ({"name": "   ", "days": 30}, "name"),
        ({"name": "x" * 101, "days": 30}, "name"),
        ({"days": 30}, "name"),
        ({"name": "Reporting", "days": 0}, "days"),
        ({"name": "Reporting", "days": 999}, "days"),
        ({"name": "Reporting", "days": "soon"}, "days"),
    ],
    ids=["empty-name", "blank-name", "long-name", "no-name", "days-0", "days-999", "days-text"],
)
def test_a_bad_body_is_a_422_naming_the_field_and_creates_nothing(
    csrf_client, educator, body, field
):
    csrf_client.force_login(educator)
    csrf = csrf_token_for(csrf_client)

    response = csrf_client.post(
        TOKENS, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"]
    assert field in [error["field"] for error in payload["errors"]]
    assert all(error["message"] for error in payload["errors"])
    assert not ApiToken.objects.exists()


def test_a_body_that_is_not_json_is_refused_and_creates_nothing(csrf_client, educator):
    csrf_client.force_login(educator)
    csrf = csrf_token_for(csrf_client)

    response = csrf_client.post(
        TOKENS, "not json", content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_token_cannot_be_used_to_create_tokens(client, educator):
    secret = issue(educator)

    response = client.post(
        TOKENS,
        {"name": "Minted by a token", "days": 30},
        content_type="application/json",
        **bearer(secret),
    )

    assert response.status_code == 401
    assert response.json()["detail"]
    assert ApiToken.objects.filter(user=educator).count() == 1


def test_a_token_cannot_list_or_revoke_tokens(client, educator):
    secret = issue(educator)
    token = ApiToken.objects.get(user=educator)

    listing = client.get(TOKENS, **bearer(secret))
    revoke = client.delete(f"{TOKENS}/{token.pk}", **bearer(secret))

    assert listing.status_code == 401
    assert revoke.status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_list_shows_only_the_callers_tokens_without_secrets(client, educator):
    mine = [issue(educator, name=f"Mine {i}") for i in range(3)]
    issue(user_with_role(Role.TUTOR), name="Someone else's")
    client.force_login(educator)

    response = client.get(TOKENS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert sorted(item["name"] for item in body["items"]) == ["Mine 0", "Mine 1", "Mine 2"]
    assert all("token" not in item for item in body["items"])
    text = response.content.decode()
    for secret in mine:
        assert secret.split("_", 2)[2] not in text


def test_deleting_your_own_token_revokes_it(client, educator):
    secret = issue(educator)
    token = ApiToken.objects.get(user=educator)
    client.force_login(educator)

    response = client.delete(f"{TOKENS}/{token.pk}")

    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ME, **bearer(secret)).status_code == 401


def test_deleting_another_users_token_is_a_404_and_changes_nothing(client, educator):
    other = user_with_role(Role.TUTOR)
    secret = issue(other)
    token = ApiToken.objects.get(user=other)
    client.force_login(educator)

    response = client.delete(f"{TOKENS}/{token.pk}")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get(ME, **bearer(secret)).status_code == 200


def test_deleting_a_token_that_does_not_exist_is_a_404(client, educator):
    client.force_login(educator)

    response = client.delete(f"{TOKENS}/999999")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_deleting_with_a_session_needs_the_csrf_token(csrf_client, educator):
    issue(educator)
    token = ApiToken.objects.get(user=educator)
    csrf_client.force_login(educator)
    csrf = csrf_token_for(csrf_client)

    refused = csrf_client.delete(f"{TOKENS}/{token.pk}")
    token.refresh_from_db()
    assert refused.status_code == 403
    assert token.revoked_at is None

    accepted = csrf_client.delete(f"{TOKENS}/{token.pk}", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
