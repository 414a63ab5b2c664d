"""Who sees which child (issue 6, requirement 9): the children list, the child's
page, the access log, the navigation link and the evidence anonymisation guard."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.casework import selectors
from placements.casework.rules import can_write_child
from placements.models import EvidenceItem
from placements.services.evidence import evidence_create
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.factories import AllocationFactory, CarerFactory, ChildFactory, SchoolFactory
from tests.dashboard_bounds import HEADER_QUERIES
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
GRACE = selectors.CHILD_ACCESS_GRACE_DAYS


@pytest.fixture
def allocation():
    child = ChildFactory(first_name="Kayden", last_name="Marsh", preferred_name="Kay")
    CarerFactory(child=child, name="Dana Marsh")
    return AllocationFactory(child=child)


def detail_url(child):
    return reverse("casework:child_detail", args=[child.pk])


LIST_URL = reverse("casework:child_list")


def people(allocation):
    """Every role, named by how they relate to the allocated child."""
    child, placement = allocation.child, allocation.placement
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR, placement.host)
    placement.onsite_supervisor = supervisor
    placement.save()
    return {
        "student": allocation.student,
        "educator": allocation.practice_educator,
        "host coordinator": child.created_by,
        "school contact": user_with_role(Role.SCHOOL_CONTACT, child.school),
        "admin": user_with_role(Role.ADMIN),
        "other student": user_with_role(Role.STUDENT),
        "other educator": user_with_role(Role.PRACTICE_EDUCATOR, placement.host),
        "other coordinator": user_with_role(Role.COORDINATOR),
        "other school contact": user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()),
        "tutor": placement.tutor,
        "onsite supervisor": supervisor,
        "lifestory worker": user_with_role(Role.LIFESTORY_WORKER, placement.host),
        "editor": user_with_role(Role.EDITOR),
    }


# who: (children list, child page)
MATRIX = {
    "student": (200, 200),
    "educator": (200, 200),
    "host coordinator": (200, 200),
    "school contact": (200, 200),
    "admin": (200, 200),
    "other student": (200, 404),
    "other educator": (200, 404),
    "other coordinator": (200, 404),
    "other school contact": (200, 404),
    "tutor": (403, 404),
    "onsite supervisor": (403, 404),
    "lifestory worker": (403, 404),
    "editor": (403, 404),
}


def test_the_whole_access_matrix(client, allocation):
    everyone = people(allocation)
    child = allocation.child
    for who, (list_status, detail_status) in MATRIX.items():
        client.force_login(everyone[who])
        listed = client.get(LIST_URL)
        assert listed.status_code == list_status, who
        if list_status == 200:
            shown = child.reference in listed.content.decode()
            assert shown is (detail_status == 200), who
        before = AccessEvent.objects.count()
        page = client.get(detail_url(child))
        assert page.status_code == detail_status, who
        logged = AccessEvent.objects.count() - before
        assert logged == (1 if detail_status == 200 else 0), who
        if detail_status == 200:
            assert "Kayden Marsh" in page.content.decode(), who


def test_signed_out_visitors_are_sent_to_sign_in(client, allocation):
    assert client.get(LIST_URL).status_code == 302
    response = client.get(detail_url(allocation.child))
    assert response.status_code == 302
    assert not AccessEvent.objects.exists()


def test_the_list_shows_initials_and_reference_never_names(client, allocation):
    client.force_login(allocation.student)
    body = client.get(LIST_URL).content.decode()
    assert allocation.child.reference in body
    assert ">KM<" in body
    for name in ("Kayden", "Marsh", "Kay<", "Dana"):
        assert name not in body


def test_each_view_of_the_page_is_logged_with_its_purpose(client, allocation):
    client.force_login(allocation.student)
    client.get(detail_url(allocation.child))
    client.get(detail_url(allocation.child))
    events = list(AccessEvent.objects.filter(user=allocation.student))
    assert len(events) == 2
    event = events[0]
    assert event.purpose == "Viewed the child's record"
    assert event.object_id == str(allocation.child.pk)
    assert event.path == detail_url(allocation.child)
    assert "Kayden" not in event.object_repr and allocation.child.reference in event.object_repr


def test_a_child_that_does_not_exist_is_not_found_and_not_logged(client, allocation):
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get(reverse("casework:child_detail", args=[999999])).status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_page_shows_identity_carers_and_allocations(client, allocation):
    client.force_login(allocation.practice_educator)
    body = client.get(detail_url(allocation.child)).content.decode()
    assert "Kayden Marsh" in body and "Kay" in body
    assert "Dana Marsh" in body and "07700 900123" in body
    assert allocation.student.name in body
    assert "Local authority case number" in body


def test_the_school_contact_gets_the_limited_page(client, allocation):
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, allocation.child.school))
    body = client.get(detail_url(allocation.child)).content.decode()
    assert "Kayden Marsh" in body
    assert "Local authority case number" not in body


def test_a_school_does_not_see_pupils_without_allocated_work(client):
    child = ChildFactory()
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, child.school))
    assert child.reference not in client.get(LIST_URL).content.decode()
    assert client.get(detail_url(child)).status_code == 404


def test_the_coordinator_sees_a_child_before_any_allocation(client):
    child = ChildFactory()
    client.force_login(child.created_by)
    assert child.reference in client.get(LIST_URL).content.decode()
    assert client.get(detail_url(child)).status_code == 200


# --- the student's window ------------------------------------------------------------------


def window(starts: int, ends: int | None):
    """An allocation starting `starts` days from today and ending `ends` days from today."""
    return AllocationFactory(
        starts_on=TODAY() + timedelta(days=starts),
        ends_on=None if ends is None else TODAY() + timedelta(days=ends),
    )


@pytest.mark.parametrize(
    ("starts", "ends", "status", "writes"),
    [
        (3, None, 404, False),  # before the work starts: nothing
        (0, None, 200, True),  # from the first day
        (-10, 0, 200, True),  # to the last day
        (-60, -29, 200, False),  # 29 days after it ended: read-only
        (-60, -GRACE, 200, False),  # the last day of the grace period
        (-60, -31, 404, False),  # 31 days after: nothing
    ],
)
def test_the_student_and_pe_window(client, starts, ends, status, writes):
    allocation = window(starts, ends)
    child = allocation.child
    for person in (allocation.student, allocation.practice_educator):
        client.force_login(person)
        page = client.get(detail_url(child))
        assert page.status_code == status
        listed = child.reference in client.get(LIST_URL).content.decode()
        assert listed is (status == 200)
        assert can_write_child(person, child) is writes
        if status == 200:
            read_only = 'data-testid="read-only"' in page.content.decode()
            assert read_only is (not writes)


def test_the_coordinator_keeps_the_record_after_the_grace_period(client):
    allocation = window(-100, -60)
    client.force_login(allocation.child.created_by)
    assert client.get(detail_url(allocation.child)).status_code == 200
    assert can_write_child(allocation.child.created_by, allocation.child)


def test_school_contacts_never_write(allocation):
    contact = user_with_role(Role.SCHOOL_CONTACT, allocation.child.school)
    assert not can_write_child(contact, allocation.child)


# --- list: search, filter, pagination, queries ---------------------------------------------


def test_search_by_reference_and_filter_by_school(client):
    coordinator = ChildFactory().created_by
    service = coordinator.organisations_where(Role.COORDINATOR)[0]
    school_a, school_b = SchoolFactory(name="Ash Primary"), SchoolFactory(name="Birch Primary")
    a = ChildFactory(held_by=service, school=school_a)
    b = ChildFactory(held_by=service, school=school_b)
    client.force_login(coordinator)
    body = client.get(LIST_URL, {"reference": a.reference[2:].lower()}).content.decode()
    assert a.reference in body and b.reference not in body
    body = client.get(LIST_URL, {"school": school_b.pk}).content.decode()
    assert b.reference in body and a.reference not in body
    assert "Birch Primary" in body


def test_the_list_is_paginated_by_25(client):
    coordinator = ChildFactory().created_by
    service = coordinator.organisations_where(Role.COORDINATOR)[0]
    ChildFactory.create_batch(30, held_by=service, created_by=coordinator)
    client.force_login(coordinator)
    page = client.get(LIST_URL)
    assert len(page.context["page_obj"]) == 25
    assert len(client.get(LIST_URL, {"page": 2}).context["page_obj"]) == 6


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    first = AllocationFactory()
    student, placement = first.student, first.placement
    for _ in range(rows - 1):
        AllocationFactory(
            child=ChildFactory(held_by=placement.host, created_by=first.created_by),
            placement=placement,
        )
    client.force_login(student)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.context["page_obj"].paginator.count == rows
    assert student == first.student


def test_the_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    allocation = AllocationFactory()
    for _ in range(6):
        CarerFactory(child=allocation.child, name="Someone Else")
    client.force_login(allocation.student)
    # The page and its carers and allocations, and the sections other parts add
    # (safeguarding, plans, wellbeing, closure, assessments), each flat on its own.
    with django_assert_max_num_queries(22 + HEADER_QUERIES):
        assert client.get(detail_url(allocation.child)).status_code == 200


# --- navigation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.STUDENT, True),
        (Role.PRACTICE_EDUCATOR, True),
        (Role.COORDINATOR, True),
        (Role.SCHOOL_CONTACT, True),
        (Role.ADMIN, True),
        (Role.TUTOR, False),
        (Role.ONSITE_SUPERVISOR, False),
        (Role.LIFESTORY_WORKER, False),
        (Role.EDITOR, False),
    ],
)
def test_children_in_the_navigation_only_for_roles_that_see_children(client, role, shown):
    client.force_login(user_with_role(role))
    nav = client.get(reverse("portal:dashboard")).context["portal_nav"]
    assert any(item["href"] == LIST_URL for item in nav) is shown


# --- the evidence anonymisation guard -----------------------------------------------------


def test_evidence_naming_an_allocated_child_is_refused(allocation):
    from placements.models import Capability

    placement = allocation.placement
    assert selectors.names_on_work(student=allocation.student) == {
        "Kayden",
        "Marsh",
        "Kay",
        "Dana Marsh",
    }
    pcf7 = Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=7
    )

    def write(reflection):
        return evidence_create(
            placement=placement,
            by=allocation.student,
            date=TODAY() - timedelta(days=1),
            kind=EvidenceItem.Kind.DIRECT_WORK,
            title="Direct work in school",
            reflection=reflection,
            capabilities=[pcf7],
        )

    with pytest.raises(ValidationError) as refused:
        write("I sat with Kayden while he drew his family.")
    assert set(refused.value.message_dict) == {"reflection"}
    with pytest.raises(ValidationError):
        write("The MARSH family were welcoming.")
    assert not EvidenceItem.objects.exists()
    assert write("I sat with a 9-year-old boy while he drew his family.").pk


def test_the_guard_forgets_children_after_the_grace_period():
    ended = window(-90, -GRACE - 1)
    AllocationFactory(
        child=ChildFactory(first_name="Ruby", last_name="Stone"),
        student=ended.student,
        placement=ended.placement,
        practice_educator=ended.practice_educator,
    )
    assert selectors.names_on_work(student=ended.student) == {"Ruby", "Stone"}
