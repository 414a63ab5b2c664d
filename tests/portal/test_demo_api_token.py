"""`manage.py demo_api_token`: the token `make test-api-fuzz` calls the API with."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.accounts.roles import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = StringIO()
    call_command("demo_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_the_printed_token_signs_the_admin_in(client):
    user_with_role(Role.ADMIN, email="admin@example.org")

    token = issue("admin@example.org")

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == "admin@example.org"


def test_a_student_needs_the_api_allowed_first(client):
    student = user_with_role(Role.STUDENT, email="student@example.org")
    with pytest.raises(CommandError, match="Only university tutors"):
        issue("student@example.org")

    token = issue("student@example.org", "--allow-api")

    student.refresh_from_db()
    assert student.api_access_allowed
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_an_unknown_user_and_production_settings_are_refused(settings):
    with pytest.raises(CommandError, match="seed_demo"):
        issue("nobody@example.org")
    user_with_role(Role.ADMIN, email="admin@example.org")
    settings.PORTAL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        issue("admin@example.org")
