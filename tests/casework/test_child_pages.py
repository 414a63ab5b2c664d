"""Pages that write children's records (issue 6, requirement 1): record a child,
change their details, add/change/remove a carer, allocate work and end it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from placements.casework.models import Allocation, Carer, Child
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    CarerFactory,
    ChildFactory,
    SchoolFactory,
    years_ago,
)
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def iso(day):
    return day.isoformat()


def child_post(school, **changes):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "preferred_name": "",
        "date_of_birth": iso(years_ago(8)),
        "gender": "girl",
        "gender_description": "",
        "ethnicity": "",
        "school": school.pk,
        "year_group": "year_3",
        "la_case_number": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def service():
    return OrganisationFactory(name="Northby Children's Services")


@pytest.fixture
def coordinator(service):
    return user_with_role(Role.COORDINATOR, service)


# --- recording a child --------------------------------------------------------------


def test_a_coordinator_records_a_child(client, coordinator, service):
    school = SchoolFactory()
    client.force_login(coordinator)
    assert client.get(reverse("casework:child_create")).status_code == 200
    response = client.post(reverse("casework:child_create"), child_post(school))
    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:child_detail", args=[child.pk])
    assert child.held_by == service and child.created_by == coordinator
    assert child.history.get().history_user == coordinator


def test_a_bad_date_of_birth_shows_the_error_summary_and_saves_nothing(client, coordinator):
    school = SchoolFactory()
    client.force_login(coordinator)
    future = iso(TODAY() + timedelta(days=3))
    response = client.post(
        reverse("casework:child_create"), child_post(school, date_of_birth=future, first_name="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The date of birth must be today or in the past." in body
    assert "Enter the child&#x27;s first name." in body
    assert not Child.objects.exists()


def test_a_coordinator_of_two_services_chooses_which_holds_the_record(client, coordinator):
    second = OrganisationFactory(name="Eastby Early Help")
    user_with_role(Role.COORDINATOR, second)
    from portal.accounts.services import membership_grant

    membership_grant(
        user=coordinator, organisation=second, role=Role.COORDINATOR, starts_on=TODAY()
    )
    client.force_login(coordinator)
    school = SchoolFactory()
    response = client.post(reverse("casework:child_create"), child_post(school))
    assert "Choose the organisation that holds the child" in response.content.decode()
    assert not Child.objects.exists()
    client.post(reverse("casework:child_create"), child_post(school, held_by=second.pk))
    assert Child.objects.get().held_by == second


@pytest.mark.parametrize(
    "role", [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.SCHOOL_CONTACT, Role.TUTOR]
)
def test_others_cannot_record_a_child(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("casework:child_create")).status_code == 403
    response = client.post(reverse("casework:child_create"), child_post(SchoolFactory()))
    assert response.status_code == 403
    assert not Child.objects.exists()


# --- changing a child's details -------------------------------------------------------


def test_the_coordinator_changes_the_childs_details(client):
    child = ChildFactory(first_name="Kayden")
    client.force_login(child.created_by)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Change details" in page and "Add a parent or carer" in page
    url = reverse("casework:child_update", args=[child.pk])
    form = client.get(url)
    assert 'value="Kayden"' in form.content.decode()
    data = child_post(
        child.school,
        first_name="Kayden",
        last_name=child.last_name,
        date_of_birth=iso(child.date_of_birth),
        gender=child.gender,
        year_group="year_5",
    )
    assert client.post(url, data).status_code == 302
    child.refresh_from_db()
    assert child.year_group == "year_5"
    assert child.history.first().history_user == child.created_by


def test_a_student_sees_no_change_links_and_a_refused_change_changes_nothing(client):
    allocation = AllocationFactory()
    child = allocation.child
    client.force_login(allocation.student)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Change details" not in page and "Allocate work" not in page
    url = reverse("casework:child_update", args=[child.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, child_post(child.school, first_name="Changed"))
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.first_name != "Changed"
    assert child.history.count() == 1


def test_someone_outside_the_scope_gets_404(client):
    child = ChildFactory()
    client.force_login(user_with_role(Role.COORDINATOR))
    assert client.get(reverse("casework:child_update", args=[child.pk])).status_code == 404
    assert client.get(reverse("casework:carer_add", args=[child.pk])).status_code == 404
    assert client.get(reverse("casework:allocation_create", args=[child.pk])).status_code == 404


# --- carers ---------------------------------------------------------------------------


def test_add_change_and_remove_a_carer(client):
    child = ChildFactory()
    client.force_login(child.created_by)
    add = reverse("casework:carer_add", args=[child.pk])
    response = client.post(
        add, {"name": "Dana Marsh", "relationship": "mother", "phone": "", "email": ""}
    )
    assert "at least one way to contact the carer" in response.content.decode()
    assert not Carer.objects.exists()
    response = client.post(
        add,
        {
            "name": "Dana Marsh",
            "relationship": "mother",
            "phone": "07700 900123",
            "has_parental_responsibility": "on",
            "is_main_contact": "on",
        },
    )
    assert response.status_code == 302
    carer = Carer.objects.get()
    assert carer.has_parental_responsibility and carer.is_main_contact

    edit = reverse("casework:carer_update", args=[child.pk, carer.pk])
    assert "Dana Marsh" in client.get(edit).content.decode()
    client.post(
        edit,
        {"name": "Dana Marsh", "relationship": "mother", "email": "dana@example.org"},
    )
    carer.refresh_from_db()
    assert carer.email == "dana@example.org" and carer.phone == ""

    remove = reverse("casework:carer_remove", args=[child.pk, carer.pk])
    confirm = client.get(remove)
    assert confirm.status_code == 200 and "Remove Dana Marsh" in confirm.content.decode()
    assert Carer.objects.exists()  # the confirmation page removes nothing
    assert client.post(remove).status_code == 302
    assert not Carer.objects.exists()


def test_a_student_cannot_remove_a_carer(client):
    allocation = AllocationFactory()
    carer = CarerFactory(child=allocation.child)
    client.force_login(allocation.student)
    remove = reverse("casework:carer_remove", args=[allocation.child.pk, carer.pk])
    assert client.post(remove).status_code == 403
    assert Carer.objects.filter(pk=carer.pk).exists()


def test_a_carer_of_another_child_is_not_found(client):
    child = ChildFactory()
    other = CarerFactory()
    client.force_login(child.created_by)
    url = reverse("casework:carer_remove", args=[child.pk, other.pk])
    assert client.post(url).status_code == 404
    assert Carer.objects.filter(pk=other.pk).exists()


# --- allocations ----------------------------------------------------------------------


def test_the_coordinator_allocates_a_student_with_a_placement_at_the_service(client):
    child = ChildFactory()
    placement = PlacementFactory(host=child.held_by)
    elsewhere = PlacementFactory()  # hosted elsewhere: not offered
    client.force_login(child.created_by)
    url = reverse("casework:allocation_create", args=[child.pk])
    form = client.get(url).content.decode()
    assert escape(placement.student.name) in form and escape(elsewhere.student.name) not in form
    response = client.post(url, {"placement": placement.pk, "starts_on": iso(TODAY())})
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.student == placement.student
    assert allocation.practice_educator == placement.practice_educator
    assert allocation.created_by == child.created_by


def test_a_start_outside_the_placement_is_refused(client):
    child = ChildFactory()
    placement = PlacementFactory(host=child.held_by)
    client.force_login(child.created_by)
    url = reverse("casework:allocation_create", args=[child.pk])
    late = iso(placement.ends_on + timedelta(days=5))
    response = client.post(url, {"placement": placement.pk, "starts_on": late})
    assert "The work must start during the placement" in response.content.decode()
    assert not Allocation.objects.exists()


def test_a_practice_educator_cannot_allocate(client):
    allocation = AllocationFactory()
    client.force_login(allocation.practice_educator)
    url = reverse("casework:allocation_create", args=[allocation.child.pk])
    assert client.get(url).status_code == 403
    post = client.post(url, {"placement": allocation.placement.pk, "starts_on": iso(TODAY())})
    assert post.status_code == 403
    assert Allocation.objects.count() == 1


def test_the_practice_educator_ends_the_work_after_a_confirmation(client):
    allocation = AllocationFactory()
    child = allocation.child
    client.force_login(allocation.practice_educator)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "End allocation" in page
    url = reverse("casework:allocation_end", args=[child.pk, allocation.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    allocation.refresh_from_db()
    assert allocation.ends_on is None
    too_early = iso(allocation.starts_on - timedelta(days=1))
    response = client.post(url, {"ends_on": too_early})
    assert "The end date must be on or after the day the work started" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.ends_on is None
    assert client.post(url, {"ends_on": iso(TODAY())}).status_code == 302
    allocation.refresh_from_db()
    assert allocation.ends_on == TODAY()


def test_a_student_cannot_end_their_own_allocation(client):
    allocation = AllocationFactory()
    client.force_login(allocation.student)
    url = reverse("casework:allocation_end", args=[allocation.child.pk, allocation.pk])
    assert client.post(url, {"ends_on": iso(TODAY())}).status_code == 403
    allocation.refresh_from_db()
    assert allocation.ends_on is None


def test_the_children_list_offers_recording_a_child_only_to_those_who_may(client):
    coordinator = user_with_role(Role.COORDINATOR)
    client.force_login(coordinator)
    assert "Record a child" in client.get("/portal/casework/children/").content.decode()
    student = AllocationFactory().student
    client.force_login(student)
    assert "Record a child" not in client.get("/portal/casework/children/").content.decode()
