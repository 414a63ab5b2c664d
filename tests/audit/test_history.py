"""History rows name the acting user; password hashes and sign-ins never enter history."""

import pytest
from django.urls import reverse

from portal.accounts.models import Invitation, User
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.audit.context import acting_as
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_change_made_through_a_page_records_who_made_it(client):
    organisation = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, organisation)
    invitation = InvitationFactory(organisation=organisation, invited_by=coordinator)
    client.force_login(coordinator)

    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 302
    latest = invitation.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert latest.revoked_at is not None


def test_a_change_made_outside_a_request_records_the_acting_user():
    admin = user_with_role(Role.ADMIN)
    person = UserFactory()
    with acting_as(admin):
        membership = membership_grant(
            user=person, organisation=OrganisationFactory(), role=Role.TUTOR
        )
    assert membership.history.latest().history_user == admin


def test_history_never_holds_password_hashes_or_login_times():
    columns = {f.name for f in User.history.model._meta.get_fields()}
    assert "password" not in columns
    assert "last_login" not in columns
    assert "email" in columns and "name" in columns


def test_signing_in_adds_no_history_row(client, password):
    user = UserFactory()
    rows_before = user.history.count()
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows_before


def test_invitation_history_never_holds_the_key_hash():
    columns = {f.name for f in Invitation.history.model._meta.get_fields()}
    assert "key_hash" not in columns


class TestHistoryPage:
    def test_shows_field_changes_with_who_and_when(self, client):
        organisation = OrganisationFactory()
        coordinator = user_with_role(Role.COORDINATOR, organisation, name="Chris Coordinator")
        invitation = InvitationFactory(organisation=organisation, invited_by=coordinator)
        client.force_login(coordinator)
        client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

        response = client.get(
            reverse("audit:history", args=["accounts", "invitation", invitation.pk])
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "Changed on" in page
        assert "by Chris Coordinator" in page
        assert "Revoked at" in page
        assert "(empty)" in page  # the old value of revoked_at

    def test_someone_who_cannot_see_the_record_gets_404(self, client):
        invitation = InvitationFactory()
        student = user_with_role(Role.STUDENT, invitation.organisation)
        client.force_login(student)
        response = client.get(
            reverse("audit:history", args=["accounts", "invitation", invitation.pk])
        )
        assert response.status_code == 404

    def test_own_account_history_is_visible_to_its_owner_only(self, client):
        owner = UserFactory()
        other = UserFactory()
        client.force_login(owner)
        own = client.get(reverse("audit:history", args=["accounts", "user", owner.pk]))
        assert own.status_code == 200
        theirs = client.get(reverse("audit:history", args=["accounts", "user", other.pk]))
        assert theirs.status_code == 404

    @pytest.mark.parametrize(
        "args",
        [
            ["auth", "group", 1],  # not a portal app
            ["accounts", "nosuchmodel", 1],
            ["audit", "accessevent", 1],  # no history table: append-only
            ["accounts", "user", 999999],
        ],
    )
    def test_unknown_or_unhistoried_records_are_404(self, client, args):
        client.force_login(user_with_role(Role.ADMIN))
        response = client.get(reverse("audit:history", args=args))
        assert response.status_code == 404


def test_history_cannot_be_edited_through_the_django_admin(client):
    from django.contrib import admin

    registered = {model._meta.label for model in admin.site._registry}
    assert not any(label.split(".")[1].startswith("Historical") for label in registered)
