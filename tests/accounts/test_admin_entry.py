"""The Wagtail admin and the Django admin: one way in (allauth), and only for the right roles."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.models import Membership
from portal.accounts.roles import Role
from tests.accounts.support import LOGIN_URL, grant, split_redirect, visible_text
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/login/?next=/admin/", f"{LOGIN_URL}?next=/admin/"),
        ("/admin/login/", LOGIN_URL),
        ("/django-admin/login/?next=/django-admin/", f"{LOGIN_URL}?next=/django-admin/"),
        ("/django-admin/login/", LOGIN_URL),
    ],
)
def test_the_admin_login_pages_send_people_to_allauth_keeping_next(client, path, expected):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_posting_a_password_to_an_admin_login_page_does_not_sign_anyone_in(client, path):
    admin = user_with_role(Role.ADMIN)

    response = client.post(path, {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_a_signed_out_visitor_to_the_django_admin_ends_at_allauth_sign_in(client):
    response = client.get("/django-admin/", follow=True)

    assert response.status_code == 200
    assert [split_redirect(url) for url, _status in response.redirect_chain] == [
        ("/django-admin/login/", "/django-admin/"),
        (LOGIN_URL, "/django-admin/"),
    ]
    assert response.templates[0].name == "account/login.html"


def test_an_admin_gets_the_django_admin_index(client):
    client.force_login(user_with_role(Role.ADMIN))

    response = client.get("/django-admin/")

    assert response.status_code == 200
    assert "Practice portal administration" in visible_text(response)


@pytest.mark.parametrize(
    "role",
    [Role.EDITOR, Role.COORDINATOR, Role.PRACTICE_EDUCATOR, Role.TUTOR, Role.STUDENT],
)
def test_other_roles_are_sent_to_sign_in_from_the_django_admin_without_a_loop(client, role):
    person = grant(role)
    client.force_login(person)

    response = client.get("/django-admin/", follow=True)

    # Sent to sign in (as someone else), not bounced back and forth.
    assert response.status_code == 200
    assert [split_redirect(url) for url, _status in response.redirect_chain] == [
        ("/django-admin/login/", "/django-admin/"),
        (LOGIN_URL, "/django-admin/"),
    ]
    assert response.templates[0].name == "account/login.html"
    text = visible_text(response)
    assert f"You are signed in as {person.email}." in text
    assert "Your role does not give you access to the page you asked for." in text
    assert "Practice portal administration" not in text
    # Nor any model page.
    users = client.get("/django-admin/accounts/user/")
    assert users.status_code == 302
    assert users["Location"].startswith("/django-admin/login/")


def test_an_admin_whose_membership_has_ended_loses_the_django_admin(client):
    admin = user_with_role(Role.ADMIN)
    Membership.objects.filter(user=admin).update(ends_on=timezone.localdate() - timedelta(days=1))
    client.force_login(admin)

    response = client.get("/django-admin/")

    assert response.status_code == 302
    assert split_redirect(response["Location"]) == ("/django-admin/login/", "/django-admin/")


def test_the_editor_role_puts_the_user_in_wagtails_editors_group(db):
    editor = grant(Role.EDITOR)

    assert editor.groups.filter(name="Editors").exists()
    assert Group.objects.get(name="Editors").permissions.filter(codename="access_admin").exists()


def test_an_editor_reaches_the_wagtail_admin(client):
    client.force_login(grant(Role.EDITOR))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.templates[0].name.startswith("wagtailadmin/")


@pytest.mark.parametrize("role", [Role.STUDENT, Role.COORDINATOR, Role.TUTOR])
def test_other_roles_cannot_use_the_wagtail_admin_and_are_not_caught_in_a_loop(client, role):
    person = grant(role)
    client.force_login(person)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert [split_redirect(url) for url, _status in response.redirect_chain] == [
        (LOGIN_URL, "/admin/")
    ]
    assert response.templates[0].name == "account/login.html"
    text = visible_text(response)
    assert "You do not have permission to access the admin" in text
    assert f"You are signed in as {person.email}." in text
    assert client.get("/admin/pages/").status_code == 302


def test_a_signed_in_person_may_still_open_the_sign_in_page_without_a_next(client):
    person = grant(Role.STUDENT)
    client.force_login(person)

    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    text = visible_text(response)
    assert f"You are signed in as {person.email}." in text
    assert "does not give you access" not in text


def test_a_signed_out_visitor_to_the_wagtail_admin_is_sent_to_allauth(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert split_redirect(response["Location"]) == (LOGIN_URL, "/admin/")
