"""Requests for support (issue 6, requirement 2): a school asks, the service triages.

The whole flow through the pages, refusals that change nothing, who sees what,
notifications and the access log.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Allocation, Carer, Child, SupportRequest
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.models import Notification
from tests.casework.factories import ChildFactory, SchoolFactory, SupportRequestFactory
from tests.casework.support import request_post
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LIST_URL = reverse("casework:request_list")
CREATE_URL = reverse("casework:request_create")


def detail_url(support_request):
    return reverse("casework:request_detail", args=[support_request.pk])


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


def test_the_whole_flow_from_the_schools_request_to_students_seeing_the_child(
    client, service, coordinator, school, contact
):
    colleague = user_with_role(Role.SCHOOL_CONTACT, school)
    first, second = PlacementFactory(host=service), PlacementFactory(host=service)

    # The school asks.
    client.force_login(contact)
    form = client.get(CREATE_URL)
    assert form.status_code == 200
    assert "Northby Children" in form.content.decode()
    response = client.post(CREATE_URL, request_post(school, service))
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302 and response.url == detail_url(support_request)
    child = support_request.child
    assert (child.first_name, child.preferred_name, child.school, child.held_by) == (
        "Amara",
        "Mara",
        school,
        service,
    )
    assert child.created_by == contact
    carer = Carer.objects.get(child=child)
    assert carer.is_main_contact and carer.has_parental_responsibility
    assert support_request.themes.count() == 2
    assert support_request.parent_consent_given
    assert support_request.status == SupportRequest.Status.SUBMITTED

    # The co-ordinator is told, by reference only.
    told = Notification.objects.get(user=coordinator)
    assert child.reference in told.title
    assert "Amara" not in told.title + told.body and "Okafor" not in told.title + told.body
    assert told.url == detail_url(support_request)

    # Nobody can see the child's page yet but the co-ordinator.
    client.force_login(first.student)
    assert client.get(reverse("casework:child_detail", args=[child.pk])).status_code == 404

    # The co-ordinator accepts with two students.
    client.force_login(coordinator)
    page = client.get(detail_url(support_request)).content.decode()
    assert "Accept and allocate students" in page and "Decline" in page
    accept = reverse("casework:request_accept", args=[support_request.pk])
    form = client.get(accept).content.decode()
    assert first.student.name in form and second.student.name in form
    response = client.post(
        accept,
        {"students": [first.student.pk, second.student.pk], "starts_on": TODAY().isoformat()},
    )
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.ACCEPTED
    assert support_request.decided_by == coordinator
    allocations = Allocation.objects.filter(support_request=support_request)
    assert {(a.student, a.practice_educator) for a in allocations} == {
        (first.student, first.practice_educator),
        (second.student, second.practice_educator),
    }
    assert support_request.history.first().history_user == coordinator

    # The school (who asked, and its other contacts) is told; so are the students.
    for person in (contact, colleague):
        note = Notification.objects.get(user=person)
        assert note.title == f"Request for support for {child.reference} accepted"
    assert Notification.objects.filter(user=first.student, title__contains=child.reference)

    # The students now see the child.
    for placement in (first, second):
        client.force_login(placement.student)
        page = client.get(reverse("casework:child_detail", args=[child.pk]))
        assert page.status_code == 200 and "Amara Okafor" in page.content.decode()

    # The school sees the request accepted.
    client.force_login(contact)
    listed = client.get(LIST_URL).content.decode()
    assert child.reference in listed and "Accepted" in listed and "Amara" not in listed


def test_a_second_request_while_the_schools_own_first_waits_is_refused(
    client, service, school, contact
):
    # Only what the school itself entered counts (no other record is looked up).
    client.force_login(contact)
    client.post(CREATE_URL, request_post(school, service))
    response = client.post(CREATE_URL, request_post(school, service, first_name="amara"))
    assert "Your school asked for support for this pupil on" in response.content.decode()
    assert SupportRequest.objects.count() == 1 and Child.objects.count() == 1


def test_without_the_parents_consent_the_request_is_refused_and_nothing_is_saved(
    client, service, school, contact
):
    client.force_login(contact)
    response = client.post(
        CREATE_URL,
        request_post(
            school, service, parent_consent_given="no", parent_consent_on="", parent_consent_by=""
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Direct work needs a parent&#x27;s consent" in body
    assert not SupportRequest.objects.exists()
    assert not Child.objects.exists()
    assert not Carer.objects.exists()
    assert not Notification.objects.exists()


def test_consent_needs_its_date_and_who_gave_it(client, service, school, contact):
    client.force_login(contact)
    response = client.post(
        CREATE_URL, request_post(school, service, parent_consent_on="", parent_consent_by="")
    )
    body = response.content.decode()
    assert "Enter the date the parent gave consent." in body
    assert "Enter who gave consent." in body
    assert not Child.objects.exists() and not SupportRequest.objects.exists()


def test_a_rejected_request_leaves_no_child_or_carer_behind(client, service, school, contact):
    # The pupil and carer are valid; the request itself is not (no reason, no view).
    client.force_login(contact)
    response = client.post(
        CREATE_URL, request_post(school, service, reason="", child_view="", carer_phone="")
    )
    body = response.content.decode()
    assert "Say why the school is asking for support." in body
    assert "Record what the child says about having support." in body
    assert "at least one way to contact the carer" in body
    assert not Child.objects.exists() and not Carer.objects.exists()


def test_only_a_school_contact_makes_a_request(client, service, school):
    for role in (Role.COORDINATOR, Role.STUDENT, Role.TUTOR):
        client.force_login(user_with_role(role, service))
        assert client.get(CREATE_URL).status_code == 403
        assert client.post(CREATE_URL, request_post(school, service)).status_code == 403
    assert not Child.objects.exists()


def test_a_school_contact_cannot_ask_for_another_schools_pupil(client, service, contact):
    other = SchoolFactory()
    client.force_login(contact)
    response = client.post(CREATE_URL, request_post(other, service))
    assert response.status_code == 200  # the school is not among the choices
    assert not Child.objects.exists()


# --- triage --------------------------------------------------------------------------


@pytest.fixture
def waiting(service, school, contact):
    child = ChildFactory(school=school, held_by=service)
    return SupportRequestFactory(child=child, school=school, submitted_by=contact)


@pytest.mark.parametrize("move", ["decline", "redirect"])
def test_decline_and_redirect_need_a_reason(client, coordinator, waiting, contact, move):
    client.force_login(coordinator)
    url = reverse(f"casework:request_{move}", args=[waiting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert "There is a problem" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == SupportRequest.Status.SUBMITTED
    assert not Notification.objects.filter(user=contact).exists()
    note = "Referred to the children's services front door on 3 March"
    assert client.post(url, {"reason": note}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ("declined" if move == "decline" else "redirected")
    assert waiting.decision_reason == note
    told = Notification.objects.get(user=contact)
    assert waiting.child.reference in told.title and note in told.body
    page = client.get(detail_url(waiting)).content.decode()
    assert "Front door" in page or "front door" in page
    # Already decided: no second decision.
    again = client.post(url, {"reason": "Again"})
    assert again.status_code == 302
    waiting.refresh_from_db()
    assert waiting.decision_reason == note


def test_accept_needs_a_student_and_a_date_and_changes_nothing_otherwise(
    client, coordinator, waiting
):
    PlacementFactory(host=waiting.child.held_by)
    client.force_login(coordinator)
    url = reverse("casework:request_accept", args=[waiting.pk])
    response = client.post(url, {"starts_on": ""})
    body = response.content.decode()
    assert "Choose at least one student to do the work." in body
    assert "Enter the date the work starts" in body
    waiting.refresh_from_db()
    assert waiting.status == "submitted" and not Allocation.objects.exists()


def test_a_failed_allocation_keeps_none_of_the_decision(client, coordinator, waiting):
    good = PlacementFactory(host=waiting.child.held_by)
    short = PlacementFactory(
        host=waiting.child.held_by,
        starts_on=TODAY() - timedelta(days=30),
        ends_on=TODAY() + timedelta(days=3),
    )
    client.force_login(coordinator)
    url = reverse("casework:request_accept", args=[waiting.pk])
    later = (TODAY() + timedelta(days=10)).isoformat()
    response = client.post(
        url, {"students": [good.student.pk, short.student.pk], "starts_on": later}
    )
    assert "has no placement" in response.content.decode()
    assert not Allocation.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


def test_a_practice_educator_accepts_for_their_own_students_only(client, waiting):
    mine = PlacementFactory(host=waiting.child.held_by)
    theirs = PlacementFactory(host=waiting.child.held_by)
    educator = mine.practice_educator
    client.force_login(educator)
    page = client.get(detail_url(waiting))
    assert "Accept and allocate" in page.content.decode()
    accept = reverse("casework:request_accept", args=[waiting.pk])
    # Only their own students are offered; another PE's student is refused unnamed.
    offered = client.get(accept).content.decode()
    assert str(mine.student) in offered
    assert str(theirs.student) not in offered and str(theirs.practice_educator) not in offered
    refused = client.post(
        accept, {"students": [mine.student.pk, theirs.student.pk], "starts_on": TODAY()}
    )
    assert "Select one of the options" in refused.content.decode()
    assert str(theirs.student) not in refused.content.decode()
    assert not Allocation.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == "submitted"
    client.post(accept, {"students": [mine.student.pk], "starts_on": TODAY()})
    waiting.refresh_from_db()
    assert waiting.status == "accepted" and waiting.decided_by == educator
    allocation = Allocation.objects.get()
    assert (allocation.student, allocation.practice_educator) == (mine.student, educator)


def test_a_practice_educator_of_the_service_declines_with_a_reason(client, waiting):
    placement = PlacementFactory(host=waiting.child.held_by)
    client.force_login(placement.practice_educator)
    decline = reverse("casework:request_decline", args=[waiting.pk])
    assert client.post(decline, {"reason": "No capacity this term."}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "declined" and waiting.decided_by == placement.practice_educator


# --- who sees requests ---------------------------------------------------------------


def test_who_sees_a_request(client, service, waiting):
    placement = PlacementFactory(host=service)
    matrix = {
        "school contact": (waiting.submitted_by, 200, 200),
        "coordinator": (user_with_role(Role.COORDINATOR, service), 200, 200),
        "educator here": (placement.practice_educator, 200, 200),
        "admin": (user_with_role(Role.ADMIN), 200, 200),
        "other school contact": (user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()), 200, 404),
        "other coordinator": (user_with_role(Role.COORDINATOR), 200, 404),
        "other educator": (user_with_role(Role.PRACTICE_EDUCATOR), 200, 404),
        "student here": (placement.student, 403, 404),
        "tutor": (placement.tutor, 403, 404),
        "editor": (user_with_role(Role.EDITOR), 403, 404),
    }
    for who, (user, list_status, detail_status) in matrix.items():
        client.force_login(user)
        listed = client.get(LIST_URL)
        assert listed.status_code == list_status, who
        if list_status == 200:
            assert (waiting.child.reference in listed.content.decode()) is (detail_status == 200), (
                who
            )
        before = AccessEvent.objects.count()
        assert client.get(detail_url(waiting)).status_code == detail_status, who
        assert AccessEvent.objects.count() - before == (1 if detail_status == 200 else 0), who


def test_a_school_contact_of_another_school_cannot_triage_or_see(client, waiting):
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()))
    decline = reverse("casework:request_decline", args=[waiting.pk])
    assert client.post(decline, {"reason": "x"}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


def test_the_schools_own_contact_sees_but_cannot_triage(client, waiting):
    client.force_login(waiting.submitted_by)
    page = client.get(detail_url(waiting)).content.decode()
    assert "Decline" not in page
    decline = reverse("casework:request_decline", args=[waiting.pk])
    assert client.post(decline, {"reason": "x"}).status_code == 403


def test_viewing_a_request_is_logged_against_the_child(client, coordinator, waiting):
    client.force_login(coordinator)
    page = client.get(detail_url(waiting))
    assert waiting.child.full_name in page.content.decode()
    event = AccessEvent.objects.get()
    assert event.user == coordinator
    assert event.object_id == str(waiting.child.pk)
    assert event.purpose == "Viewed a request for support"
    assert event.path == detail_url(waiting)
    assert waiting.child.first_name not in event.object_repr


def test_the_list_filters_by_status(client, coordinator, waiting, service, school):
    decided = SupportRequestFactory(
        child=ChildFactory(school=school, held_by=service), status="declined"
    )
    client.force_login(coordinator)
    body = client.get(LIST_URL, {"status": "declined"}).content.decode()
    assert decided.child.reference in body and waiting.child.reference not in body
    body = client.get(LIST_URL, {"status": "accepted"}).content.decode()
    assert "No requests have that status." in body
