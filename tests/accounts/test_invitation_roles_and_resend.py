"""Invitations offer only the roles the organisation can hold, and can be sent again
(issue 22, requirement 7)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.accounts.invitations import invitation_resend
from portal.accounts.models import Invitation, Organisation, hash_secret
from portal.accounts.roles import Role
from portal.models import EmailOutbox
from tests.accounts.support import field_errors, flash_messages
from tests.factories import InvitationFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


def invite_url(organisation) -> str:
    return f"/portal/organisations/{organisation.pk}/invite/"


def resend_url(invitation) -> str:
    return f"/portal/invitations/{invitation.pk}/resend/"


def offered(client, organisation) -> list[str]:
    response = client.get(invite_url(organisation))
    return [value for value, _label in response.context["form"].fields["role"].choices]


# --- Roles by kind of organisation -----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected", "refused"),
    [
        (Kind.SCHOOL, [Role.SCHOOL_CONTACT], [Role.STUDENT, Role.PRACTICE_EDUCATOR]),
        (
            Kind.UNIVERSITY,
            [Role.STUDENT, Role.TUTOR],
            [Role.PRACTICE_EDUCATOR, Role.SCHOOL_CONTACT],
        ),
        (
            Kind.LOCAL_AUTHORITY,
            [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.ONSITE_SUPERVISOR, Role.SOCIAL_WORKER],
            [Role.TUTOR, Role.SCHOOL_CONTACT],
        ),
    ],
)
def test_the_form_offers_only_the_roles_the_organisation_can_hold(client, kind, expected, refused):
    organisation = OrganisationFactory(kind=kind)
    client.force_login(user_with_role(Role.COORDINATOR, organisation))
    roles = offered(client, organisation)
    for role in expected:
        assert role in roles, role
    for role in refused:
        assert role not in roles, role


def test_an_admin_is_held_to_the_kind_too(client):
    school = OrganisationFactory(kind=Kind.SCHOOL)
    client.force_login(user_with_role(Role.ADMIN))
    assert offered(client, school) == [Role.SCHOOL_CONTACT]


def test_a_role_the_organisation_cannot_hold_is_refused_and_nothing_is_sent(
    client, django_capture_on_commit_callbacks
):
    school = OrganisationFactory(kind=Kind.SCHOOL)
    client.force_login(user_with_role(Role.COORDINATOR, school))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(school), {"email": "pat@example.org", "role": Role.PRACTICE_EDUCATOR}
        )
    assert response.status_code == 200
    assert field_errors(response, "role")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_service_names_the_kind_when_it_refuses():
    from django.core.exceptions import ValidationError

    from portal.accounts.services import invitation_create

    school = OrganisationFactory(kind=Kind.SCHOOL)
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(ValidationError) as refused:
        invitation_create(email="t@example.org", organisation=school, role=Role.TUTOR, by=admin)
    assert "School organisations do not have university tutors" in str(refused.value)
    assert not Invitation.objects.exists()


# --- Sending again ---------------------------------------------------------------------


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Northshire Children's Services")


@pytest.fixture
def coordinator(organisation):
    return user_with_role(Role.COORDINATOR, organisation, name="Cora Ordinator")


def waiting(organisation, coordinator, **fields):
    return InvitationFactory(
        key="first-key",
        email="pat@example.org",
        organisation=organisation,
        role=Role.PRACTICE_EDUCATOR,
        invited_by=coordinator,
        **fields,
    )


@pytest.mark.parametrize("expired", [False, True])
def test_a_waiting_or_expired_invitation_is_sent_again_with_a_new_link(
    client, organisation, coordinator, django_capture_on_commit_callbacks, expired
):
    invitation = waiting(organisation, coordinator)
    if expired:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    client.force_login(coordinator)
    detail = client.get(f"/portal/organisations/{organisation.pk}/").content.decode()
    assert f'href="{resend_url(invitation)}"' in detail
    page = client.get(resend_url(invitation))
    assert page.status_code == 200
    assert "Send the invitation to pat@example.org again?" in page.content.decode()
    history_before = invitation.history.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invitation))

    assert response.status_code == 302
    assert "The invitation was sent again to pat@example.org" in " ".join(flash_messages(response))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert invitation.key_hash != hash_secret("first-key")  # the old link stops working
    assert invitation.history.count() == history_before + 1
    assert invitation.history.first().history_change_reason == f"Sent again by {coordinator}"
    assert EmailOutbox.objects.filter(recipient="pat@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    assert "/portal/invitation/" in mail.outbox[0].body
    assert client.get("/portal/invitation/first-key/").status_code == 410


@pytest.mark.parametrize("state", ["accepted", "revoked"])
def test_an_accepted_or_withdrawn_invitation_is_not_sent_again(
    client, organisation, coordinator, django_capture_on_commit_callbacks, state
):
    now = timezone.now()
    fields = {"accepted_at": now} if state == "accepted" else {"revoked_at": now}
    invitation = waiting(organisation, coordinator, **fields)
    client.force_login(coordinator)
    detail = client.get(f"/portal/organisations/{organisation.pk}/").content.decode()
    assert resend_url(invitation) not in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invitation))

    assert response.status_code == 302
    assert "Only a waiting or expired invitation can be sent again" in " ".join(
        flash_messages(response)
    )
    invitation.refresh_from_db()
    assert invitation.key_hash == hash_secret("first-key")
    assert mail.outbox == [] and not EmailOutbox.objects.exists()


def test_a_coordinator_of_another_organisation_and_a_tutor_cannot_resend(
    client, organisation, coordinator
):
    invitation = waiting(organisation, coordinator)
    elsewhere = user_with_role(Role.COORDINATOR, OrganisationFactory())
    client.force_login(elsewhere)
    assert client.get(resend_url(invitation)).status_code == 404
    assert client.post(resend_url(invitation)).status_code == 404

    tutor = user_with_role(Role.TUTOR, organisation)
    client.force_login(tutor)
    assert client.post(resend_url(invitation)).status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.key_hash == hash_secret("first-key")
    assert not EmailOutbox.objects.exists()


def test_the_service_refuses_someone_without_the_permission(organisation, coordinator):
    from django.core.exceptions import PermissionDenied

    invitation = waiting(organisation, coordinator)
    with pytest.raises(PermissionDenied):
        invitation_resend(invitation=invitation, by=user_with_role(Role.COORDINATOR))
    invitation.refresh_from_db()
    assert invitation.key_hash == hash_secret("first-key")
