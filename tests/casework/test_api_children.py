"""The children API: scoped like the pages, lists without names, reads logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .factories import AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_student_lists_only_the_children_on_their_allocated_work(client):
    mine = AllocationFactory()
    AllocationFactory()  # someone else's child
    body = _get(client, mine.student, "/api/v1/children/").json()
    assert [item["reference"] for item in body["items"]] == [mine.child.reference]
    item = body["items"][0]
    assert item["initials"] == mine.child.initials
    assert "first_name" not in item and "last_name" not in item


def test_a_tutor_is_refused_the_children_list(client):
    response = _get(client, user_with_role(Role.TUTOR), "/api/v1/children/")
    assert response.status_code == 403


def test_reading_a_child_logs_the_read_and_returns_the_full_record(client):
    allocation = AllocationFactory()
    child = allocation.child
    response = _get(client, allocation.student, f"/api/v1/children/{child.pk}")
    assert response.status_code == 200
    assert response.json()["first_name"] == child.first_name
    event = AccessEvent.objects.get(user=allocation.student)
    assert event.object_id == str(child.pk)
    assert event.path == f"/api/v1/children/{child.pk}"


def test_a_child_outside_the_scope_is_not_found_and_nothing_is_logged(client):
    allocation = AllocationFactory()
    other = ChildFactory()
    response = _get(client, allocation.student, f"/api/v1/children/{other.pk}")
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_student_whose_work_ended_long_ago_no_longer_reads_the_child(client):
    today = timezone.localdate()
    allocation = AllocationFactory(
        starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=31)
    )
    response = _get(client, allocation.student, f"/api/v1/children/{allocation.child.pk}")
    assert response.status_code == 404


def test_a_school_contact_reads_their_pupil_without_the_case_number(client):
    allocation = AllocationFactory(child__la_case_number="LA-12345")
    contact = user_with_role(Role.SCHOOL_CONTACT, allocation.child.school)
    body = _get(client, contact, f"/api/v1/children/{allocation.child.pk}").json()
    assert body["la_case_number"] is None
    coordinator = user_with_role(Role.COORDINATOR, allocation.child.held_by)
    body = _get(client, coordinator, f"/api/v1/children/{allocation.child.pk}").json()
    assert body["la_case_number"] == "LA-12345"


@pytest.mark.parametrize("rows", [5, 50])
def test_the_children_list_makes_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries, rows
):
    coordinator = user_with_role(Role.COORDINATOR)
    organisation = coordinator.organisations_where(Role.COORDINATOR)[0]
    ChildFactory.create_batch(rows, held_by=organisation)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/children/?page_size=50")
    assert response.status_code == 200
    assert response.json()["count"] == rows
