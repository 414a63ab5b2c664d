"""A new practice educator is led to complete their profile: PEPS stage, Social Work
England registration, DBS check (issue 22, requirement 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from placements.models import EducatorProfile
from portal.accounts.roles import Role
from portal.accounts.services import invitation_accept
from portal.models import Notification
from portal.waiting import waiting_for
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory
from tests.placements.support import error_summary, text

pytestmark = pytest.mark.django_db

URL = "/portal/placements/my-profile/"


def good_data(**overrides) -> dict:
    data = {
        "swe_registration": "sw123456",
        "peps_stage": "2",
        "location": "off_site",
        "dbs_checked_on": (timezone.localdate() - timedelta(days=40)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def new_educator():
    """Someone who has just accepted an invitation as a practice educator."""
    organisation = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, organisation)
    person = UserFactory(email="pat@example.org")
    invitation = InvitationFactory(
        email=person.email,
        organisation=organisation,
        role=Role.PRACTICE_EDUCATOR,
        invited_by=coordinator,
    )
    invitation_accept(invitation=invitation, user=person)
    return person


def test_accepting_leaves_a_notice_and_a_waiting_item(new_educator):
    notice = Notification.objects.get(user=new_educator)
    assert notice.title == "Complete your profile"
    assert notice.url == URL and notice.read_at is None
    shown = waiting_for(new_educator, Role.PRACTICE_EDUCATOR)
    assert [(s.key, s.count, s.url) for s in shown if s.key == "complete_profile"] == [
        ("complete_profile", 1, URL)
    ]


def test_the_educator_completes_the_profile_and_the_notice_is_done(client, new_educator):
    client.force_login(new_educator)
    dashboard = text(client.get("/portal/"))
    assert "Complete your profile" in dashboard
    assert client.get(URL).status_code == 200

    response = client.post(URL, good_data())

    assert response.status_code == 302
    profile = EducatorProfile.objects.get(user=new_educator)
    assert (profile.swe_registration, profile.peps_stage, profile.location) == (
        "SW123456",
        2,
        "off_site",
    )
    assert profile.history.first().history_user == new_educator
    assert Notification.objects.get(user=new_educator).read_at is not None
    assert waiting_for(new_educator, Role.PRACTICE_EDUCATOR) == [] or all(
        s.key != "complete_profile" for s in waiting_for(new_educator, Role.PRACTICE_EDUCATOR)
    )
    # Complete: the page shows it, and a second POST changes nothing.
    page = client.get(URL)
    assert "ask your placement co-ordinator" in text(page)
    response = client.post(URL, good_data(peps_stage="1"))
    profile.refresh_from_db()
    assert profile.peps_stage == 2


def test_bad_input_lists_every_problem_and_saves_nothing(client, new_educator):
    client.force_login(new_educator)
    response = client.post(
        URL, good_data(swe_registration="12345", peps_stage="", dbs_checked_on="")
    )
    assert response.status_code == 200
    summary = " ".join(error_summary(response))
    assert "PEPS stage" in summary
    assert "DBS" in summary
    assert not EducatorProfile.objects.filter(user=new_educator).exists()

    response = client.post(URL, good_data(swe_registration="12345"))
    assert "Social Work England registration number" in " ".join(error_summary(response))
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(URL, good_data(dbs_checked_on=future))
    assert response.status_code == 200
    assert not EducatorProfile.objects.filter(user=new_educator).exists()
    assert Notification.objects.get(user=new_educator).read_at is None


@pytest.mark.parametrize("role", [Role.TUTOR, Role.COORDINATOR, Role.STUDENT])
def test_only_practice_educators_have_the_page(client, role):
    person = user_with_role(role)
    client.force_login(person)
    assert client.get(URL).status_code == 403
    assert client.post(URL, good_data()).status_code == 403
    assert not EducatorProfile.objects.exists()


def test_an_educator_with_a_complete_profile_is_not_asked(client):
    educator = EducatorProfileFactory().user
    assert all(s.key != "complete_profile" for s in waiting_for(educator, Role.PRACTICE_EDUCATOR))
    client.force_login(educator)
    assert "Complete your profile" not in text(client.get("/portal/"))


def test_a_profile_without_a_dbs_date_is_not_complete(client):
    educator = EducatorProfileFactory(dbs_checked_on=None).user
    shown = {s.key for s in waiting_for(educator, Role.PRACTICE_EDUCATOR)}
    assert "complete_profile" in shown
    client.force_login(educator)
    response = client.post(
        URL, good_data(swe_registration=educator.educator_profile.swe_registration)
    )
    assert response.status_code == 302
    assert EducatorProfile.objects.get(user=educator).dbs_checked_on is not None


def test_the_empty_form_names_what_to_enter(client, new_educator):
    from tests.portal.support import GENERIC_MESSAGES

    client.force_login(new_educator)
    page = client.post(URL, {}).content.decode()
    assert [m for m in GENERIC_MESSAGES if m in page] == []
    assert "Enter your Social Work England registration number." in page
