"""API tokens: who may create them, when they stop working, and their last use (issue 13, R9)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import ApiToken
from portal.accounts.roles import Role
from tests.accounts.support import NEW_PASSWORD, visible_text
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

PAGE = "/portal/account/api-tokens/"
API_TOKENS = "/api/v1/me/tokens"
ME = "/api/v1/me"
REFUSAL = "Only university tutors, placement co-ordinators and administrators use API tokens"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def works(secret: str) -> bool:
    status = Client().get(ME, **bearer(secret)).status_code
    assert status in (200, 401)
    return status == 200


def issue(user, name="University records", days=90) -> str:
    return services.api_token_create(user=user, name=name, days=days).secret


@pytest.fixture
def tutor(organisation_a):
    return user_with_role(Role.TUTOR, organisation_a, email="tutor@example.org")


# --- Who may create tokens ------------------------------------------------------------


NEED_THE_API = (Role.TUTOR, Role.COORDINATOR, Role.ADMIN)


def test_only_tutors_coordinators_and_admins_create_tokens_the_others_are_told_why(client):
    for role in Role.values:
        user = user_with_role(role)
        client.force_login(user)
        page = client.get(PAGE)
        assert page.status_code == 200, role
        post = client.post(PAGE, {"name": f"{role} system", "days": "90"})
        api = client.post(
            API_TOKENS, {"name": f"{role} via API", "days": 90}, content_type="application/json"
        )

        if role in NEED_THE_API:
            assert 'name="name"' in page.content.decode(), role
            assert REFUSAL not in visible_text(page), role
            assert post.status_code == 200 and works(post.context["secret"]), role
            assert api.status_code == 201, role
        else:
            assert REFUSAL in visible_text(page), role
            assert "ask an administrator to allow it" in visible_text(page), role
            assert 'name="name"' not in page.content.decode(), role
            assert post.status_code == 403 and REFUSAL in visible_text(post), role
            assert api.status_code == 403 and REFUSAL in api.json()["detail"], role
            assert not ApiToken.objects.filter(user=user).exists(), role


def test_an_admin_can_allow_someone_whose_role_does_not_need_the_api(client):
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    admin = user_with_role(Role.ADMIN)

    # The switch is on the person's page in the Django admin.
    client.force_login(admin)
    change_page = client.get(f"/django-admin/accounts/user/{educator.pk}/change/")
    assert change_page.status_code == 200
    assert 'name="api_access_allowed"' in change_page.content.decode()

    educator.api_access_allowed = True
    educator.save(update_fields=["api_access_allowed"])
    client.force_login(educator)
    created = client.post(PAGE, {"name": "Placement audit", "days": "30"})

    assert created.status_code == 200
    assert works(created.context["secret"])


def test_the_service_refuses_too_whatever_calls_it():
    student = user_with_role(Role.STUDENT)

    with pytest.raises(services.PermissionDenied):
        issue(student)
    assert not ApiToken.objects.exists()


# --- Revocation -------------------------------------------------------------------------


def test_changing_the_password_revokes_every_token(client, tutor):
    first, second = issue(tutor, "First"), issue(tutor, "Second")
    client.force_login(tutor)
    change = "/accounts/password/change/"
    new = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    client.post(change, {"oldpassword": "not-my-password", **new})
    assert works(first) and works(second)  # a refused change revokes nothing

    response = client.post(change, {"oldpassword": PASSWORD, **new})

    assert response.status_code == 302
    assert not works(first) and not works(second)
    listing = visible_text(client.get(PAGE))
    assert listing.count("Revoked") == 2
    assert "Your password was changed" in listing


def test_resetting_a_forgotten_password_revokes_every_token(client, tutor):
    secret = issue(tutor)

    client.post("/accounts/password/reset/", {"email": tutor.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form = client.get(link.group(1), follow=True)
    done = client.post(
        form.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert not works(secret)
    assert ApiToken.objects.get().revoked_reason == "Your password was reset"


def test_setting_a_first_password_revokes_every_token(client, organisation_a):
    coordinator = user_with_role(Role.COORDINATOR, organisation_a)
    coordinator.set_unusable_password()
    coordinator.save()
    secret = issue(coordinator)
    client.force_login(coordinator)

    response = client.post(
        "/accounts/password/set/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert not works(secret)


def test_ending_the_last_role_revokes_the_tokens_at_once(
    client, coordinator, tutor, organisation_a, organisation_b
):
    services.membership_grant(user=tutor, organisation=organisation_b, role=Role.TUTOR)
    secret = issue(tutor)
    services.membership_end(membership=tutor.memberships.get(organisation=organisation_b))
    assert works(secret)  # one of two roles ended: the other still needs the token

    membership = tutor.memberships.get(organisation=organisation_a)
    client.force_login(coordinator)
    response = client.post(
        f"/portal/memberships/{membership.pk}/end/",
        {"ends_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    assert not works(secret)
    token = ApiToken.objects.get()
    assert token.revoked_reason == "Your last role ended"
    # Kept in the token's history.
    assert token.history.filter(revoked_reason="Your last role ended").exists()


def test_a_last_role_ending_later_stops_the_tokens_at_the_end_of_its_last_day(tutor):
    secret = issue(tutor, days=90)
    last_day = timezone.localdate() + timedelta(days=10)

    services.membership_end(membership=tutor.memberships.get(), on=last_day)

    assert works(secret)  # the role, and the token, last until then
    token = ApiToken.objects.get()
    assert token.expires_at == timezone.make_aware(
        datetime.combine(last_day + timedelta(days=1), time.min)
    )


# --- Last use ---------------------------------------------------------------------------


def test_each_token_shows_when_it_was_last_used_written_at_most_once_a_minute(client, tutor, clock):
    secret = issue(tutor, name="Reporting")
    client.force_login(tutor)
    assert "Never" in visible_text(client.get(PAGE))

    assert works(secret)
    first_use = ApiToken.objects.get().last_used_at
    assert first_use == clock.now

    clock.advance(seconds=40)
    assert works(secret)
    assert ApiToken.objects.get().last_used_at == first_use  # no write within the minute

    clock.advance(minutes=2)
    assert works(secret)
    latest = ApiToken.objects.get().last_used_at
    assert latest == clock.now

    listing = visible_text(client.get(PAGE))
    shown = timezone.localtime(latest).strftime("%-d %b %Y %H:%M")
    assert "Reporting" in listing and shown in listing

    # A refused token records no use.
    ApiToken.objects.update(revoked_at=clock.now)
    clock.advance(minutes=2)
    assert not works(secret)
    assert ApiToken.objects.get().last_used_at == latest
