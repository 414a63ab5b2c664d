"""A school's request never reveals or changes an existing record (issue 13, R2).

A school contact asks for support for a pupil with the same names and date of
birth as a child the service already holds (a record the school cannot see).
The request makes its own record of what the school entered; the existing
record, its carer and its reference never reach the school, before or after a
co-ordinator merges the two. The co-ordinator sees the possible duplicate on
the request list, the request's page and the dashboard; the school never does.
"""

import pytest
from django.urls import reverse

from placements.casework.models import Carer, Child, SupportRequest
from placements.casework.services.merges import child_merge
from placements.casework.services.requests import support_request_decide
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.models import Notification
from tests.casework.factories import CarerFactory, ChildFactory, SchoolFactory, years_ago
from tests.casework.support import request_post
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("casework:request_create")
LIST_URL = reverse("casework:request_list")
DASHBOARD_URL = reverse("portal:dashboard")
FLAG = "Possible duplicate"

# What only the existing record holds: none of it may reach the school.
EXISTING_CARER = ("Nadia Okafor-Reid", "07700 900999", "nadia.reid@example.org")


@pytest.fixture
def service():
    return OrganisationFactory(name="Northby Children's Services")


@pytest.fixture
def coordinator(service):
    return user_with_role(Role.COORDINATOR, service)


@pytest.fixture
def school():
    return SchoolFactory(name="Hillside Primary")


@pytest.fixture
def contact(school):
    return user_with_role(Role.SCHOOL_CONTACT, school)


@pytest.fixture
def existing(service, school):
    """The child the service already holds (no allocation: the school cannot see it)."""
    child = ChildFactory(
        school=school,
        held_by=service,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=years_ago(9, 20),
    )
    name, phone, email = EXISTING_CARER
    CarerFactory(child=child, name=name, phone=phone, email=email, is_main_contact=True)
    return child


def ask(client, contact, school, service) -> SupportRequest:
    client.force_login(contact)
    # The same child as `existing`, typed in another case.
    response = client.post(
        CREATE_URL, request_post(school, service, first_name="AMARA", last_name="okafor")
    )
    assert response.status_code == 302
    return SupportRequest.objects.get()


def school_pages(client, contact, support_request) -> str:
    """Everything the school's contact reads about its request, as one text."""
    client.force_login(contact)
    pages = [
        client.get(reverse("casework:request_detail", args=[support_request.pk])),
        client.get(LIST_URL),
        client.get(DASHBOARD_URL),
    ]
    assert all(page.status_code == 200 for page in pages)
    notes = Notification.objects.filter(user=contact)
    return "\n".join(
        [page.content.decode() for page in pages] + [f"{n.title} {n.body}" for n in notes]
    )


def assert_nothing_of_the_existing_record(text: str, existing: Child) -> None:
    assert existing.reference not in text
    for value in EXISTING_CARER:
        assert value not in text
    assert FLAG not in text


def test_the_request_makes_its_own_record_and_leaves_the_existing_one_alone(
    client, service, school, contact, existing
):
    support_request = ask(client, contact, school, service)
    mine = support_request.child
    assert mine != existing and mine == support_request.child_as_entered
    assert (mine.first_name, mine.last_name, mine.created_by) == ("AMARA", "okafor", contact)
    assert support_request.carer_as_entered.name == "Grace Okafor"
    assert list(Carer.objects.filter(child=mine).values_list("name", flat=True)) == ["Grace Okafor"]
    # The existing record gained nothing: no carer, no request.
    assert list(existing.carers.values_list("name", flat=True)) == [EXISTING_CARER[0]]
    assert not existing.support_requests.exists()
    assert existing.history.count() == 1


def test_the_school_sees_only_what_it_entered(client, service, school, contact, existing):
    support_request = ask(client, contact, school, service)
    text = school_pages(client, contact, support_request)
    assert "Grace Okafor" in text and "07700 900456" in text
    assert support_request.child.reference in text
    assert_nothing_of_the_existing_record(text, existing)
    # The page is a read of the school's own record, logged against it.
    event = AccessEvent.objects.filter(user=contact).latest("pk")
    assert event.object_id == str(support_request.child_as_entered_id)


def test_after_a_merge_and_a_decision_the_school_still_sees_only_its_own_entry(
    client, service, coordinator, school, contact, existing
):
    support_request = ask(client, contact, school, service)
    mine = support_request.child
    child_merge(keep=existing, duplicate=mine, by=coordinator)
    support_request.refresh_from_db()
    assert support_request.child == existing and support_request.child_as_entered == mine
    support_request_decide(
        support_request=support_request, name="decline", by=coordinator, reason="No capacity."
    )
    text = school_pages(client, contact, support_request)
    assert "Grace Okafor" in text and mine.reference in text
    assert_nothing_of_the_existing_record(text, existing)
    told = Notification.objects.get(user=contact)
    assert told.title == f"Request for support for {mine.reference} declined"


def test_the_coordinator_sees_the_possible_duplicate_everywhere_it_is_flagged(
    client, service, coordinator, school, contact, existing
):
    support_request = ask(client, contact, school, service)
    client.force_login(coordinator)
    listed = client.get(LIST_URL).content.decode()
    assert FLAG in listed
    page = client.get(reverse("casework:request_detail", args=[support_request.pk]))
    body = page.content.decode()
    assert 'data-testid="possible-duplicate"' in body and existing.reference in body
    compare = reverse("casework:merge_compare", args=[support_request.child_id, existing.pk])
    assert compare in body
    dashboard = client.get(DASHBOARD_URL).content.decode()
    assert 'data-testid="requests-duplicates"' in dashboard and FLAG in dashboard


def test_no_flag_without_a_matching_record_or_for_another_services_child(
    client, service, coordinator, school, contact
):
    # Same names and date of birth, but held by another service: not this
    # co-ordinator's to see, so not a possible duplicate of theirs.
    ChildFactory(
        school=school,
        held_by=OrganisationFactory(),
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=years_ago(9, 20),
    )
    # Same names, another date of birth.
    ChildFactory(
        school=school,
        held_by=service,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=years_ago(8, 20),
    )
    support_request = ask(client, contact, school, service)
    client.force_login(coordinator)
    assert FLAG not in client.get(LIST_URL).content.decode()
    page = client.get(reverse("casework:request_detail", args=[support_request.pk]))
    assert FLAG not in page.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTICE_EDUCATOR, Role.SCHOOL_CONTACT])
def test_only_those_who_may_merge_see_the_flag(client, service, school, contact, existing, role):
    support_request = ask(client, contact, school, service)
    reader = (
        PlacementFactory(host=service).practice_educator
        if role == Role.PRACTICE_EDUCATOR
        else user_with_role(Role.SCHOOL_CONTACT, school)
    )
    client.force_login(reader)
    for url in (LIST_URL, reverse("casework:request_detail", args=[support_request.pk])):
        body = client.get(url).content.decode()
        assert FLAG not in body and existing.reference not in body
