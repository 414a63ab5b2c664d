"""Invitations: the only way into the portal (closed sign-up)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.accounts.models import Invitation, Membership, User, hash_secret
from portal.accounts.roles import Role
from portal.models import Notification
from tests.accounts.support import (
    DASHBOARD_URL,
    LOGIN_URL,
    NEW_PASSWORD,
    field_errors,
    flash_messages,
    invitation_path_from_email,
    page_text,
    page_title,
    sign_in,
    signed_in_user_id,
    visible_text,
)
from tests.factories import InvitationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


# Where a new practice educator is led after accepting (placements' own profile page).
OWN_PROFILE_URL = "/portal/placements/my-profile/"


def invite_url(organisation) -> str:
    return f"/portal/organisations/{organisation.pk}/invite/"


def detail_url(organisation) -> str:
    return f"/portal/organisations/{organisation.pk}/"


def accept_url(key: str) -> str:
    return f"/portal/invitation/{key}/"


def withdraw_url(invitation) -> str:
    return f"/portal/invitations/{invitation.pk}/withdraw/"


def signup_data(email: str, **overrides) -> dict:
    return {
        "email": email,
        "name": "Nia Newcomer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), Invitation.objects.count()


# --- Sending an invitation -------------------------------------------------------------


def test_the_invite_form_offers_only_the_roles_a_coordinator_may_invite(
    coordinator_client, organisation_a
):
    response = coordinator_client.get(invite_url(organisation_a))

    assert response.status_code == 200
    offered = [value for value, _label in response.context["form"].fields["role"].choices]
    assert Role.PRACTICE_EDUCATOR in offered
    assert Role.STUDENT in offered
    assert Role.ADMIN not in offered
    assert Role.COORDINATOR not in offered
    assert Role.EDITOR not in offered
    html = page_text(response)
    assert 'type="radio"' in html
    assert 'value="admin"' not in html


def test_a_coordinator_invites_someone_who_gets_an_email_with_a_working_link(
    coordinator_client, coordinator, organisation_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            invite_url(organisation_a),
            {"email": "  Pat.Educator@Example.org ", "role": Role.PRACTICE_EDUCATOR},
        )

    assert response.status_code == 302
    assert response["Location"] == detail_url(organisation_a)
    invitation = Invitation.objects.get()
    assert invitation.email == "pat.educator@example.org"
    assert invitation.organisation == organisation_a
    assert invitation.role == Role.PRACTICE_EDUCATOR
    assert invitation.invited_by == coordinator
    assert invitation.status == Invitation.Status.PENDING

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat.educator@example.org"]
    assert organisation_a.name in message.subject
    assert "practice educator" in message.body
    path = invitation_path_from_email(message)
    key = path.rstrip("/").rsplit("/", 1)[-1]
    # Only the hash of the key is kept.
    assert invitation.key_hash == hash_secret(key)
    assert key not in invitation.key_hash

    page = coordinator_client.get(response["Location"])
    assert page.status_code == 200
    text = visible_text(page)
    assert "Invitation sent to pat.educator@example.org." in text
    assert "pat.educator@example.org" in text
    assert "Waiting" in text
    assert f'href="{withdraw_url(invitation)}"' in page.content.decode()

    # The link in the email opens sign-up for that address (in the invitee's browser).
    link = Client().get(path)
    assert link.status_code == 302
    assert link["Location"] == "/accounts/signup/?email=pat.educator%40example.org"


def test_a_coordinator_cannot_see_or_invite_into_another_organisation(
    coordinator_client, organisation_b
):
    before = counts()

    get = coordinator_client.get(invite_url(organisation_b))
    post = coordinator_client.post(
        invite_url(organisation_b), {"email": "x@example.org", "role": Role.STUDENT}
    )
    detail = coordinator_client.get(detail_url(organisation_b))

    assert get.status_code == 404
    assert post.status_code == 404
    assert detail.status_code == 404
    assert counts() == before
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.EDITOR])
def test_a_coordinator_cannot_invite_an_admin_or_another_coordinator(
    coordinator_client, organisation_a, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            invite_url(organisation_a), {"email": "boss@example.org", "role": role}
        )

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: ")
    assert "Select one of the options for role" in field_errors(response, "role")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_admin_may_invite_an_administrator(
    client, organisation_a, django_capture_on_commit_callbacks
):
    admin = user_with_role(Role.ADMIN, organisation_a)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(organisation_a), {"email": "second-admin@example.org", "role": Role.ADMIN}
        )

    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.ADMIN
    assert len(mail.outbox) == 1


def test_a_tutor_sees_the_organisation_but_may_not_invite(client, organisation_a, coordinator):
    tutor = user_with_role(Role.TUTOR, organisation_a)
    InvitationFactory(
        organisation=organisation_a, invited_by=coordinator, email="hidden@example.org"
    )
    client.force_login(tutor)
    before = counts()

    detail = client.get(detail_url(organisation_a))
    get = client.get(invite_url(organisation_a))
    post = client.post(invite_url(organisation_a), {"email": "x@example.org", "role": Role.STUDENT})

    assert detail.status_code == 200
    assert organisation_a.name in visible_text(detail)
    assert "Invite someone" not in visible_text(detail)
    assert "hidden@example.org" not in visible_text(detail)  # invitations are for co-ordinators
    assert get.status_code == 403
    assert post.status_code == 403
    assert "You cannot do this" in visible_text(get)
    assert counts() == before
    assert mail.outbox == []


def test_the_invite_page_needs_a_signed_in_user(client, organisation_a):
    response = client.get(invite_url(organisation_a))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")


def test_a_second_waiting_invitation_for_the_same_person_and_role_is_refused(
    coordinator_client, organisation_a, coordinator, django_capture_on_commit_callbacks
):
    InvitationFactory(
        email="twice@example.org",
        organisation=organisation_a,
        role=Role.STUDENT,
        invited_by=coordinator,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            invite_url(organisation_a), {"email": "Twice@example.org", "role": Role.STUDENT}
        )

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: ")
    assert field_errors(response, "email") == (
        "Error: An invitation for this person and role is already waiting."
    )
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_an_expired_invitation_does_not_block_a_new_one(
    coordinator_client, organisation_a, coordinator, django_capture_on_commit_callbacks
):
    InvitationFactory(
        email="again@example.org",
        organisation=organisation_a,
        invited_by=coordinator,
        expires_at=timezone.now() - timedelta(days=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            invite_url(organisation_a), {"email": "again@example.org", "role": Role.STUDENT}
        )

    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 1


def test_inviting_someone_who_already_holds_the_role_is_refused(coordinator_client, organisation_a):
    member = user_with_role(Role.STUDENT, organisation_a)

    response = coordinator_client.post(
        invite_url(organisation_a), {"email": member.email, "role": Role.STUDENT}
    )

    assert response.status_code == 200
    assert "already holds that role" in field_errors(response, "email")
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "not-an-email", "role": Role.STUDENT},
            "email",
            "Enter an email address in the correct format, like name@example.org",
        ),
        ({"email": "", "role": Role.STUDENT}, "email", "Enter the email address"),
        ({"email": "ok@example.org"}, "role", "Select the role"),
    ],
)
def test_a_bad_invite_form_names_the_field(
    coordinator_client, organisation_a, data, field, message
):
    response = coordinator_client.post(invite_url(organisation_a), data)

    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert not Invitation.objects.exists()


# --- Accepting as a new person ---------------------------------------------------------


@pytest.fixture
def invitation(coordinator, organisation_a):
    return InvitationFactory(
        key="new-person-key",
        email="nia.newcomer@example.org",
        organisation=organisation_a,
        role=Role.PRACTICE_EDUCATOR,
        invited_by=coordinator,
    )


def test_a_new_person_follows_the_link_and_signs_up(
    client, invitation, coordinator, organisation_a, django_capture_on_commit_callbacks
):
    link = client.get(accept_url("new-person-key"))
    assert link.status_code == 302
    assert link["Location"] == "/accounts/signup/?email=nia.newcomer%40example.org"

    form_page = client.get(link["Location"])
    assert form_page.status_code == 200
    assert page_title(form_page).startswith("Set up your account")
    assert 'value="nia.newcomer@example.org"' in page_text(form_page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data("nia.newcomer@example.org"))

    assert response.status_code == 302, visible_text(response)
    # A new practice educator completes their profile first (issue 22, requirement 7).
    assert response["Location"] == OWN_PROFILE_URL
    user = User.objects.get(email="nia.newcomer@example.org")
    assert user.name == "Nia Newcomer"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    assert signed_in_user_id(client) == str(user.pk)
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation_a
    assert membership.role == Role.PRACTICE_EDUCATOR
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == user
    notification = Notification.objects.get(user=coordinator)
    assert "accepted your invitation" in notification.title
    assert any(m.to == [coordinator.email] for m in mail.outbox)

    dashboard = client.get(DASHBOARD_URL)
    assert dashboard.status_code == 200
    assert 'id="panel-practice_educator"' in dashboard.content.decode()


def test_the_invited_address_may_be_typed_in_another_case(
    client, invitation, django_capture_on_commit_callbacks
):
    client.get(accept_url("new-person-key"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data("Nia.Newcomer@Example.ORG"))

    assert response.status_code == 302
    assert response["Location"] == OWN_PROFILE_URL
    user = User.objects.get(email="nia.newcomer@example.org")
    assert Membership.objects.filter(user=user, role=Role.PRACTICE_EDUCATOR).exists()


def test_the_same_link_cannot_be_used_twice(client, invitation, django_capture_on_commit_callbacks):
    client.get(accept_url("new-person-key"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", signup_data("nia.newcomer@example.org"))
    client.logout()
    before = counts()

    again = client.get(accept_url("new-person-key"))

    assert again.status_code == 410
    assert "This invitation has already been used." in visible_text(again)
    signup = client.post(
        "/accounts/signup/", signup_data("nia.newcomer@example.org", name="Someone Else")
    )
    assert page_title(signup).startswith("Accounts are by invitation")
    assert counts() == before


def test_an_expired_invitation_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(accept_url("new-person-key"))

    assert response.status_code == 410
    assert (
        "This invitation has expired. Ask the person who invited you to send a new one."
        in visible_text(response)
    )
    assert client.get("/accounts/signup/").templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_invitation_that_expires_after_the_link_was_opened_no_longer_opens_sign_up(
    client, invitation
):
    client.get(accept_url("new-person-key"))
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post("/accounts/signup/", signup_data(invitation.email))

    assert page_title(response).startswith("Accounts are by invitation")
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_withdrawn_invitation_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    response = client.get(accept_url("new-person-key"))

    assert response.status_code == 410
    assert "This invitation has been withdrawn." in visible_text(response)
    assert not User.objects.filter(email=invitation.email).exists()


def test_sign_up_with_another_email_than_invited_is_refused(client, invitation):
    client.get(accept_url("new-person-key"))
    before = counts()

    response = client.post("/accounts/signup/", signup_data("someone.else@example.org"))

    assert response.status_code == 200
    assert page_title(response).startswith("1 error: Set up your account")
    assert field_errors(response, "email") == (
        "Error: Use the address your invitation was sent to: nia.newcomer@example.org."
    )
    assert counts() == before
    assert not User.objects.filter(email="someone.else@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert signed_in_user_id(client) is None


def test_sign_up_with_a_short_password_is_refused_and_creates_nothing(client, invitation):
    client.get(accept_url("new-person-key"))
    before = counts()

    response = client.post(
        "/accounts/signup/",
        signup_data(invitation.email, password1="short", password2="short"),
    )

    assert response.status_code == 200
    assert "at least 12 characters" in field_errors(response, "password1")
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


# --- Accepting with an existing account -----------------------------------------------


def test_an_existing_user_signs_in_then_accepts_with_one_button(
    client, coordinator, organisation_a, django_capture_on_commit_callbacks
):
    existing = user_with_role(Role.STUDENT, email="known@example.org")
    invitation = InvitationFactory(
        key="existing-key",
        email="Known@example.org",
        organisation=organisation_a,
        role=Role.PRACTICE_EDUCATOR,
        invited_by=coordinator,
    )

    link = client.get(accept_url("existing-key"))
    assert link.status_code == 302
    assert link["Location"] == f"{LOGIN_URL}?next=%2Fportal%2Finvitation%2Fexisting-key%2F"
    assert "Sign in to accept your invitation." in flash_messages(link)

    signed_in = sign_in(client, existing.email, next=accept_url("existing-key"))
    assert signed_in.status_code == 302
    assert signed_in["Location"] == accept_url("existing-key")

    page = client.get(accept_url("existing-key"))
    assert page.status_code == 200
    text = visible_text(page)
    assert "Accept your invitation" in text
    assert f"{coordinator.name} invited you to join {organisation_a.name}" in text
    assert "Accept invitation" in text
    assert not Membership.objects.filter(user=existing, role=Role.PRACTICE_EDUCATOR).exists()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(accept_url("existing-key"))

    assert accepted.status_code == 302
    assert accepted["Location"] == OWN_PROFILE_URL
    assert f"You are now practice educator for {organisation_a.name}." in flash_messages(accepted)
    assert Membership.objects.filter(
        user=existing, organisation=organisation_a, role=Role.PRACTICE_EDUCATOR
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == existing
    assert Notification.objects.filter(user=coordinator).count() == 1
    dashboard = client.get(DASHBOARD_URL)
    assert 'id="panel-practice_educator"' in dashboard.content.decode()
    assert 'id="panel-student"' in dashboard.content.decode()


def test_signed_in_as_someone_else_the_link_refuses(client, invitation):
    other = user_with_role(Role.STUDENT)
    client.force_login(other)
    before = counts()

    get = client.get(accept_url("new-person-key"))
    post = client.post(accept_url("new-person-key"))

    assert get.status_code == 403
    assert "You are signed in as someone else." in visible_text(get)
    assert post.status_code == 403
    assert "This invitation was sent to a different email address." in visible_text(post)
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not Membership.objects.filter(user=other, role=Role.PRACTICE_EDUCATOR).exists()


def test_accepting_by_post_without_signing_in_changes_nothing(client, invitation):
    response = client.post(accept_url("new-person-key"))

    assert response.status_code == 302
    assert response["Location"] == accept_url("new-person-key")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


# --- Withdrawing ------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_then_withdraws(
    coordinator_client, invitation, organisation_a
):
    confirm = coordinator_client.get(withdraw_url(invitation))

    assert confirm.status_code == 200
    assert "Withdraw the invitation to nia.newcomer@example.org?" in visible_text(confirm)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None  # GET changes nothing

    response = coordinator_client.post(withdraw_url(invitation))

    assert response.status_code == 302
    assert response["Location"] == detail_url(organisation_a)
    assert "The invitation to nia.newcomer@example.org was withdrawn." in flash_messages(response)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    listing = coordinator_client.get(detail_url(organisation_a))
    assert "Withdrawn" in visible_text(listing)
    assert f'href="{withdraw_url(invitation)}"' not in listing.content.decode()

    refused = Client().get(accept_url("new-person-key"))
    assert refused.status_code == 410
    assert "withdrawn" in visible_text(refused)


def test_withdrawing_an_accepted_invitation_is_refused_and_changes_nothing(
    coordinator_client, invitation, organisation_a
):
    newcomer = UserFactory(email=invitation.email)
    accepted_at = timezone.now() - timedelta(hours=1)
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=accepted_at, accepted_by=newcomer
    )

    response = coordinator_client.post(withdraw_url(invitation), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == detail_url(organisation_a)
    assert "Only a waiting invitation can be withdrawn; this one is accepted." in visible_text(
        response
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.accepted_at == accepted_at
    assert invitation.status == Invitation.Status.ACCEPTED


def test_only_coordinators_of_the_organisation_may_withdraw(
    client, invitation, organisation_a, organisation_b
):
    tutor_of_a = user_with_role(Role.TUTOR, organisation_a)
    coordinator_of_b = user_with_role(Role.COORDINATOR, organisation_b)

    for person in (tutor_of_a, coordinator_of_b):
        client.force_login(person)
        assert client.get(withdraw_url(invitation)).status_code == 404
        assert client.post(withdraw_url(invitation)).status_code == 404

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
