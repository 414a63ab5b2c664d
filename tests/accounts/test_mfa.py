"""PORTAL_ENFORCE_MFA: everyone signed in sets up a second factor before anything else
(issue 13, requirement 3: students and school contacts read children's records too)."""

import pytest
from allauth.mfa.models import Authenticator

from portal.accounts.models import ApiToken
from portal.accounts.roles import Role
from tests.accounts.support import (
    DASHBOARD_URL,
    MFA_AUTHENTICATE_URL,
    TOTP_ACTIVATE_URL,
    a_wrong_code,
    activate_totp,
    grant,
    next_totp_code,
    page_title,
    sign_in,
    signed_in_user_id,
    visible_text,
)
from tests.casework.factories import ChildFactory
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

EVERY_ROLE = sorted(Role.values)


@pytest.fixture
def enforce_mfa(settings):
    settings.PORTAL_ENFORCE_MFA = True


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_role_without_a_second_factor_is_sent_to_set_one_up(client, enforce_mfa, role):
    client.force_login(user_with_role(role))

    for path in (
        DASHBOARD_URL,
        "/portal/organisations/",
        "/portal/account/api-tokens/",
        "/portal/casework/children/",
        "/portal/casework/safeguarding/",
        "/accounts/password/change/",
        "/accounts/email/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == TOTP_ACTIVATE_URL, path

    setup = client.get(TOTP_ACTIVATE_URL)
    assert setup.status_code == 200
    assert setup.context["form"].secret


@pytest.mark.parametrize("role", [Role.STUDENT, Role.SCHOOL_CONTACT])
def test_students_and_school_contacts_reach_no_child_record_with_a_password_alone(
    client, enforce_mfa, role
):
    child = ChildFactory()
    client.force_login(user_with_role(role))

    response = client.get(f"/portal/casework/children/{child.pk}/")

    assert response.status_code == 302
    assert response["Location"] == TOTP_ACTIVATE_URL


def test_someone_with_no_role_yet_is_sent_to_set_up_too(client, enforce_mfa):
    client.force_login(UserFactory())

    assert client.get(DASHBOARD_URL)["Location"] == TOTP_ACTIVATE_URL


def test_the_set_up_pages_stay_open_before_a_factor_exists(client, enforce_mfa):
    client.force_login(user_with_role(Role.STUDENT))

    for path in ("/accounts/2fa/", "/accounts/2fa/webauthn/add/", TOTP_ACTIVATE_URL):
        response = client.get(path)
        assert response.get("Location") != TOTP_ACTIVATE_URL, path
        assert response.status_code in (200, 302), path


def test_signing_out_stays_possible_before_mfa_is_set_up(client, enforce_mfa):
    client.force_login(user_with_role(Role.PRACTICE_EDUCATOR))

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_a_signed_out_visitor_is_not_sent_to_mfa_set_up(client, enforce_mfa):
    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_with_the_setting_off_nobody_is_redirected(client, settings, role):
    settings.PORTAL_ENFORCE_MFA = False
    client.force_login(user_with_role(role))

    assert client.get(DASHBOARD_URL).status_code == 200


def test_a_wrong_code_does_not_activate_the_authenticator(client, enforce_mfa):
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    client.force_login(educator)
    secret = client.get(TOTP_ACTIVATE_URL).context["form"].secret

    response = client.post(TOTP_ACTIVATE_URL, {"code": a_wrong_code(secret)})

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: ")
    assert not Authenticator.objects.filter(user=educator).exists()
    assert client.get(DASHBOARD_URL)["Location"] == TOTP_ACTIVATE_URL


def test_once_an_authenticator_app_is_set_up_the_educator_reaches_the_dashboard(
    client, enforce_mfa
):
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    client.force_login(educator)

    activate_totp(client)

    assert Authenticator.objects.filter(user=educator, type=Authenticator.Type.TOTP).exists()
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    assert 'id="panel-practice_educator"' in response.content.decode()


def test_after_mfa_is_set_up_a_password_sign_in_asks_for_the_code(client, enforce_mfa):
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    client.force_login(educator)
    secret = activate_totp(client)
    client.logout()

    response = sign_in(client, educator.email)

    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert signed_in_user_id(client) is None  # not yet: the code is still to come
    assert client.get(DASHBOARD_URL)["Location"].startswith("/accounts/login/")

    wrong = client.post(MFA_AUTHENTICATE_URL, {"code": a_wrong_code(secret)})
    assert wrong.status_code == 200
    assert "Incorrect code." in visible_text(wrong)
    assert signed_in_user_id(client) is None

    response = client.post(MFA_AUTHENTICATE_URL, {"code": next_totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert signed_in_user_id(client) == str(educator.pk)
    assert client.get(DASHBOARD_URL).status_code == 200


def test_the_code_step_applies_even_with_enforcement_off(client, settings):
    settings.PORTAL_ENFORCE_MFA = False
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    client.force_login(educator)
    activate_totp(client)
    client.logout()

    response = sign_in(client, educator.email)

    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    ("role", "path"), [(Role.EDITOR, "/admin/"), (Role.ADMIN, "/django-admin/")]
)
def test_the_admins_are_behind_the_mfa_set_up_too(client, enforce_mfa, role, path):
    client.force_login(grant(role))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == TOTP_ACTIVATE_URL


def test_a_staff_session_cannot_mint_an_api_token_before_mfa_is_set_up(client, enforce_mfa):
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    client.force_login(educator)

    response = client.post(
        "/api/v1/me/tokens", {"name": "Sneaky", "days": 30}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=educator).exists()


def test_right_after_a_password_sign_in_mfa_set_up_asks_for_no_second_password(
    client, enforce_mfa, settings
):
    settings.MFA_REAUTHENTICATION_REQUIRED = True
    educator = user_with_role(Role.PRACTICE_EDUCATOR)

    signed_in = sign_in(client, educator.email)
    assert signed_in.status_code == 302
    assert client.get(signed_in["Location"])["Location"] == TOTP_ACTIVATE_URL

    setup = client.get(TOTP_ACTIVATE_URL)
    assert setup.status_code == 200
    assert setup.context["form"].secret
    activate_totp(client)
    assert client.get(DASHBOARD_URL).status_code == 200


def test_without_a_recent_sign_in_mfa_set_up_asks_for_the_password_again(
    client, enforce_mfa, settings
):
    settings.MFA_REAUTHENTICATION_REQUIRED = True
    client.force_login(user_with_role(Role.PRACTICE_EDUCATOR))  # no record of a password sign-in

    response = client.get(TOTP_ACTIVATE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
