"""Email sign-in through allauth's /accounts/login/."""

import pytest

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.accounts.support import (
    DASHBOARD_URL,
    LOGIN_URL,
    field_errors,
    page_title,
    sign_in,
    signed_in_user_id,
    visible_text,
)
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password_lands_on_the_dashboard_with_the_role_panel(client):
    educator = user_with_role(Role.PRACTICE_EDUCATOR, name="Edith Educator")

    response = sign_in(client, educator.email)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert signed_in_user_id(client) == str(educator.pk)
    dashboard = client.get(response["Location"])
    assert dashboard.status_code == 200
    text = visible_text(dashboard)
    assert "Your dashboard" in text
    assert "Edith Educator" in text
    assert 'id="panel-practice_educator"' in dashboard.content.decode()
    assert "Practice educator" in text
    assert "No students are allocated to you yet." in text
    # Only the panels of roles the user holds.
    assert 'id="panel-student"' not in dashboard.content.decode()


def test_sign_in_ignores_the_case_of_the_email_address(client):
    student = user_with_role(Role.STUDENT, email="sam.student@example.org")

    response = sign_in(client, "Sam.Student@Example.ORG")

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(student.pk)


def test_a_wrong_password_is_refused_with_an_error_and_the_user_stays_signed_out(client):
    student = user_with_role(Role.STUDENT)

    response = sign_in(client, student.email, "not-the-password")

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: Sign in")
    text = visible_text(response)
    assert "There is a problem" in text
    assert "The email address and/or password you specified are not correct." in text
    assert signed_in_user_id(client) is None
    assert client.get(DASHBOARD_URL).status_code == 302


def test_an_unknown_email_address_is_refused_like_a_wrong_password(client):
    response = sign_in(client, "nobody@example.org", PASSWORD)

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: ")
    assert "are not correct" in visible_text(response)
    assert signed_in_user_id(client) is None


def test_an_empty_form_names_each_missing_field(client):
    response = client.post(LOGIN_URL, {"login": "", "password": ""})

    assert response.status_code == 200
    assert page_title(response).startswith("2 errors: Sign in")
    assert field_errors(response, "login") == "Error: Enter your email address"
    assert field_errors(response, "password") == "Error: Enter your password"


def test_an_inactive_user_cannot_sign_in(client):
    former = user_with_role(Role.STUDENT, is_active=False)

    response = sign_in(client, former.email)

    assert signed_in_user_id(client) is None
    # allauth shows its "account inactive" page instead of signing in.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    inactive_page = client.get(response["Location"])
    assert inactive_page.status_code == 200
    assert "inactive" in visible_text(inactive_page).lower()
    dashboard = client.get(DASHBOARD_URL)
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(LOGIN_URL)


def test_signing_in_updates_last_login_without_adding_a_history_row(client):
    student = user_with_role(Role.STUDENT)
    assert student.last_login is None
    history_rows = User.history.filter(id=student.pk).count()
    assert history_rows >= 1  # the creation

    response = sign_in(client, student.email)

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.last_login is not None
    assert User.history.filter(id=student.pk).count() == history_rows


def test_the_user_history_never_copies_the_password_hash():
    student = user_with_role(Role.STUDENT)
    fields = {f.name for f in User.history.model._meta.get_fields()}
    assert "password" not in fields
    assert "last_login" not in fields
    assert User.history.filter(id=student.pk).exists()


def test_the_dashboard_needs_a_signed_in_user(client):
    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={DASHBOARD_URL}"


def test_sign_in_keeps_next_when_it_is_a_local_page(client):
    student = user_with_role(Role.STUDENT)

    response = client.post(
        f"{LOGIN_URL}?next=/portal/account/",
        {"login": student.email, "password": PASSWORD, "next": "/portal/account/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/portal/account/"


def test_sign_in_does_not_follow_next_to_another_site(client):
    student = user_with_role(Role.STUDENT)

    response = client.post(
        LOGIN_URL,
        {"login": student.email, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL


def test_signing_out_ends_the_session(client):
    student = user_with_role(Role.STUDENT)
    sign_in(client, student.email)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert client.get(DASHBOARD_URL).status_code == 302


def test_closed_sign_up_page_without_an_invitation(client):
    users_before = User.objects.count()

    get = client.get("/accounts/signup/")
    post = client.post(
        "/accounts/signup/",
        {
            "email": "walk-in@example.org",
            "name": "Walk In",
            "password1": "a-long-new-password-2026",
            "password2": "a-long-new-password-2026",
        },
    )

    for response in (get, post):
        assert response.status_code == 200
        assert page_title(response).startswith("Accounts are by invitation")
        assert "You cannot create an account yourself." in visible_text(response)
    assert User.objects.count() == users_before
    assert not User.objects.filter(email="walk-in@example.org").exists()
    assert signed_in_user_id(client) is None


def test_sign_up_stays_closed_with_an_unknown_invitation_key_in_the_link(client):
    response = client.get("/portal/invitation/made-up-key/")

    assert response.status_code == 410
    assert "This invitation link is not valid." in visible_text(response)
    assert client.get("/accounts/signup/").templates[0].name == "account/signup_closed.html"
