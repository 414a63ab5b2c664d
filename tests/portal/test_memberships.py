"""Ending a role, and changing one's own name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Membership
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_setup():
    organisation = OrganisationFactory(name="Brookfield Primary School")
    coordinator = user_with_role(Role.COORDINATOR, organisation)
    contact = user_with_role(Role.SCHOOL_CONTACT, organisation, name="Sophie Contact")
    return organisation, coordinator, contact


def end_url(person):
    return reverse("accounts:membership_end", args=[person.memberships.get().pk])


def test_a_coordinator_ends_a_role_and_access_stops_after_the_last_day(client, school_setup):
    organisation, coordinator, contact = school_setup
    client.force_login(coordinator)
    confirm = client.get(end_url(contact))
    assert confirm.status_code == 200
    assert "End Sophie Contact's role as school contact?" in confirm.content.decode()

    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(end_url(contact), {"ends_on": yesterday.isoformat()})

    assert response.status_code == 302
    membership = contact.memberships.get()
    assert membership.ends_on == yesterday
    assert membership.history.latest().history_user == coordinator
    assert Notification.objects.filter(user=contact, title__contains="ends").exists()
    client.force_login(contact)
    detail = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
    assert detail.status_code == 404


def test_the_last_day_cannot_be_before_the_role_started(client, school_setup):
    _, coordinator, contact = school_setup
    client.force_login(coordinator)
    too_early = contact.memberships.get().starts_on - timedelta(days=1)
    response = client.post(end_url(contact), {"ends_on": too_early.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The role cannot end before it started" in page
    assert "<title>1 error:" in page
    assert contact.memberships.get().ends_on is None


def test_a_coordinator_cannot_end_an_admins_role(client, school_setup):
    organisation, coordinator, _ = school_setup
    admin = user_with_role(Role.ADMIN, organisation)
    client.force_login(coordinator)
    response = client.post(end_url(admin), {"ends_on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert admin.memberships.get().ends_on is None


def test_a_coordinator_elsewhere_gets_404(client, school_setup):
    _, _, contact = school_setup
    elsewhere = user_with_role(Role.COORDINATOR)
    client.force_login(elsewhere)
    response = client.post(end_url(contact), {"ends_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    assert contact.memberships.get().ends_on is None


def test_ending_the_editor_role_removes_wagtail_editing(client):
    organisation = OrganisationFactory()
    admin = user_with_role(Role.ADMIN, organisation)
    editor = user_with_role(Role.EDITOR, organisation)
    assert editor.groups.filter(name="Editors").exists()
    client.force_login(admin)
    client.post(end_url(editor), {"ends_on": (timezone.localdate()).isoformat()})
    # Wagtail has no end dates, so its editing group goes at once:
    membership = Membership.objects.get(user=editor)
    assert membership.ends_on == timezone.localdate()
    assert not editor.groups.filter(name="Editors").exists()


def test_people_change_their_own_name(client):
    person = user_with_role(Role.STUDENT, name="Sam Smith")
    client.force_login(person)
    blank = client.post(reverse("accounts:account_name"), {"name": "   "})
    assert blank.status_code == 200
    assert "Enter your full name" in blank.content.decode()
    person.refresh_from_db()
    assert person.name == "Sam Smith"
    response = client.post(reverse("accounts:account_name"), {"name": "Sam Jones"}, follow=True)
    assert "Your name was changed." in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Sam Jones"
    assert person.history.latest().history_user == person


def test_nobody_ends_their_own_role_here(client):
    organisation = OrganisationFactory()
    admin = user_with_role(Role.ADMIN, organisation)
    client.force_login(admin)
    response = client.post(end_url(admin), {"ends_on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert admin.memberships.get().ends_on is None
