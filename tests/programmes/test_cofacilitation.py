"""Students as co-facilitators (issue 18, requirement 8): a co-ordinator adds a
student on placement with the provider to a group; the student sees their
sessions (no names) and starts an anonymised evidence item from one; the guard
refuses a parent's or child's name from their groups. Refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from placements.models import Capability, EvidenceItem, Placement
from placements.programmes.models import Attendance, GroupSession
from placements.programmes.services.cofacilitation import cofacilitator_add, cofacilitator_remove
from placements.services.evidence import evidence_create
from tests.placements.factories import PlacementFactory

from .delivery_support import (
    coordinator_of,
    enrolment,
    group_session,
    other_programme,
    programme_with_strands,
    worker_on,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)  # a Wednesday


@pytest.fixture
def pocar_with_strands(clock):
    clock.today_is(TODAY)
    return programme_with_strands()


@pytest.fixture
def coordinator(pocar_with_strands):
    return coordinator_of(pocar_with_strands)


@pytest.fixture
def placement(pocar_with_strands):
    """A student on placement with POCAR's provider from a month ago for four months."""
    return PlacementFactory(
        host=pocar_with_strands.provider,
        starts_on=TODAY - timedelta(days=30),
        ends_on=TODAY + timedelta(days=90),
        status=Placement.Status.ACTIVE,
    )


@pytest.fixture
def student(placement):
    return placement.student


def weekly_sessions(programme, *, first: date, weeks: int) -> list[GroupSession]:
    return [group_session(programme, on=first + timedelta(weeks=n)) for n in range(weeks)]


def on(session, student) -> bool:
    return session.students.filter(pk=student.pk).exists()


# --- adding and taking off (the service) ---------------------------------------------------


def test_a_coordinator_adds_a_student_on_placement_with_the_provider(
    pocar_with_strands, coordinator, student
):
    session = group_session(pocar_with_strands, on=TODAY)
    assert cofacilitator_add(group_session=session, student=student, by=coordinator) == 1
    assert on(session, student)


def test_later_adds_the_rest_of_the_group_within_the_placement_only(
    pocar_with_strands, coordinator, student, placement
):
    sessions = weekly_sessions(pocar_with_strands, first=TODAY, weeks=20)  # runs past the placement
    men = group_session(pocar_with_strands, on=TODAY + timedelta(days=7), gender="male")
    cancelled = sessions[3]
    cancelled.status = GroupSession.Status.CANCELLED
    cancelled.save()

    added = cofacilitator_add(
        group_session=sessions[0], student=student, by=coordinator, later=True
    )

    within = [s for s in sessions if s.on <= placement.ends_on and s is not cancelled]
    assert added == len(within)
    assert all(on(s, student) for s in within)
    assert not on(cancelled, student)
    assert not on(men, student)  # another group
    assert not any(on(s, student) for s in sessions if s.on > placement.ends_on)


@pytest.mark.parametrize(
    "placement_fields, why",
    [
        ({"host": None}, "not on a placement with"),  # placed elsewhere
        ({"status": Placement.Status.SUSPENDED}, "not on a placement with"),
        ({"status": Placement.Status.CONFIRMED}, "not on a placement with"),
        ({"starts_on": TODAY + timedelta(days=1)}, "not on a placement with"),
    ],
)
def test_a_student_not_on_placement_with_the_provider_that_day_is_refused(
    pocar_with_strands, coordinator, placement_fields, why
):
    fields = {
        "host": pocar_with_strands.provider,
        "starts_on": TODAY - timedelta(days=30),
        "ends_on": TODAY + timedelta(days=90),
        "status": Placement.Status.ACTIVE,
        **placement_fields,
    }
    if fields["host"] is None:
        del fields["host"]
    student = PlacementFactory(**fields).student
    session = group_session(pocar_with_strands, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        cofacilitator_add(group_session=session, student=student, by=coordinator)
    assert why in str(refused.value)
    assert not session.students.exists()


def test_a_cancelled_session_takes_nobody(pocar_with_strands, coordinator, student):
    session = group_session(pocar_with_strands, on=TODAY, status=GroupSession.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        cofacilitator_add(group_session=session, student=student, by=coordinator)
    assert not session.students.exists()


def test_adding_twice_says_so(pocar_with_strands, coordinator, student):
    session = group_session(pocar_with_strands, on=TODAY)
    cofacilitator_add(group_session=session, student=student, by=coordinator)
    with pytest.raises(ValidationError, match="already"):
        cofacilitator_add(group_session=session, student=student, by=coordinator)


def test_only_a_coordinator_of_the_provider_adds_or_takes_off(
    pocar_with_strands, coordinator, student
):
    session = group_session(pocar_with_strands, on=TODAY)
    worker = worker_on(pocar_with_strands)
    with pytest.raises(PermissionDenied):
        cofacilitator_add(group_session=session, student=student, by=worker)
    with pytest.raises(Http404):  # the programme is outside a student's scope
        cofacilitator_add(group_session=session, student=student, by=student)
    cofacilitator_add(group_session=session, student=student, by=coordinator)
    with pytest.raises(PermissionDenied):
        cofacilitator_remove(group_session=session, student=student, by=worker)
    cofacilitator_remove(group_session=session, student=student, by=coordinator)
    assert not on(session, student)


# --- the session page (the co-ordinator) -----------------------------------------------------


def test_the_coordinator_adds_and_takes_off_a_student_on_the_session_page(
    client, pocar_with_strands, coordinator, student
):
    sessions = weekly_sessions(pocar_with_strands, first=TODAY, weeks=3)
    client.force_login(coordinator)
    page = client.get(reverse("programmes:group_detail", args=[sessions[0].pk])).content.decode()
    assert 'data-testid="cofacilitator-form"' in page and student.name in page

    response = client.post(
        reverse("programmes:cofacilitator_add", args=[sessions[0].pk]),
        {"student": student.pk, "later": "on"},
        follow=True,
    )
    assert f"{student.name} is added to this session and 2 later ones." in response.content.decode()
    assert all(on(s, student) for s in sessions)

    response = client.post(
        reverse("programmes:cofacilitator_remove", args=[sessions[0].pk, student.pk]), follow=True
    )
    assert f"{student.name} is taken off this session." in response.content.decode()
    assert not on(sessions[0], student) and on(sessions[1], student)


def test_posting_no_student_shows_the_error_and_adds_nobody(
    client, pocar_with_strands, coordinator, student
):
    session = group_session(pocar_with_strands, on=TODAY)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:cofacilitator_add", args=[session.pk]), {})
    assert response.status_code == 200
    assert "Choose the student" in response.content.decode()
    assert not session.students.exists()


def test_a_worker_sees_the_students_but_cannot_add_one(
    client, pocar_with_strands, coordinator, student
):
    session = group_session(pocar_with_strands, on=TODAY)
    cofacilitator_add(group_session=session, student=student, by=coordinator)
    worker = worker_on(pocar_with_strands)
    client.force_login(worker)
    page = client.get(reverse("programmes:group_detail", args=[session.pk])).content.decode()
    assert student.name in page and "cofacilitator-form" not in page and "Take off" not in page
    url = reverse("programmes:cofacilitator_add", args=[session.pk])
    assert client.post(url, {"student": student.pk}).status_code == 403


def test_another_providers_coordinator_gets_not_found(client, pocar_with_strands, student):
    session = group_session(pocar_with_strands, on=TODAY)
    client.force_login(coordinator_of(other_programme()))
    url = reverse("programmes:cofacilitator_add", args=[session.pk])
    assert client.post(url, {"student": student.pk}).status_code == 404
    remove = reverse("programmes:cofacilitator_remove", args=[session.pk, student.pk])
    assert client.post(remove).status_code == 404
    assert not session.students.exists()


# --- the student's own pages ----------------------------------------------------------------


@pytest.fixture
def held(pocar_with_strands, coordinator, student):
    """A women's group held yesterday with two parents there (one with a child), and the
    student on it; the parents' names are on the register, not on the student's pages."""
    session = group_session(pocar_with_strands, on=TODAY - timedelta(days=2))
    for children in ((("Robin Littleone", date(2024, 5, 1)),), ()):
        made = enrolment(
            pocar_with_strands,
            starts_on=TODAY - timedelta(days=20),
            by=coordinator,
            children=children,
        )
        Attendance.objects.create(
            group_session=session, enrolment=made, mark=Attendance.Mark.PRESENT
        )
    cofacilitator_add(group_session=session, student=student, by=coordinator)
    return session


def test_the_student_sees_their_sessions_without_names(client, held, student, pocar_with_strands):
    coming = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    cofacilitator_add(group_session=coming, student=student, by=coordinator_of(pocar_with_strands))
    client.force_login(student)
    page = client.get(reverse("programmes:my_groups")).content.decode()
    assert "Women&#x27;s group" in page or "Women's group" in page
    assert "Coming up" in page
    assert "Jordan Parent" not in page and "Robin" not in page
    # Evidence is offered for the session held, not the one to come.
    assert reverse("programmes:evidence_from_group", args=[held.pk]) in page
    assert reverse("programmes:evidence_from_group", args=[coming.pk]) not in page
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "1 session held, 1 coming up" in dashboard


def test_a_student_with_no_groups_is_told_so(client, student):
    client.force_login(student)
    page = client.get(reverse("programmes:my_groups")).content.decode()
    assert "You are not co-facilitating any group sessions" in page
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Groups you co-facilitate" not in dashboard


def test_the_list_is_only_for_students(client, pocar_with_strands, coordinator):
    client.force_login(worker_on(pocar_with_strands))
    assert client.get(reverse("programmes:my_groups")).status_code == 403


def test_the_list_makes_the_same_number_of_queries_however_long(
    client, pocar_with_strands, coordinator, student, django_assert_max_num_queries
):
    client.force_login(student)
    cofacilitator_add(
        group_session=group_session(pocar_with_strands, on=TODAY), student=student, by=coordinator
    )
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("programmes:my_groups"))
    for session in weekly_sessions(pocar_with_strands, first=TODAY + timedelta(days=7), weeks=8):
        cofacilitator_add(group_session=session, student=student, by=coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("programmes:my_groups"))


def test_evidence_starts_from_the_session_without_any_name(client, held, student, placement):
    client.force_login(student)
    response = client.get(reverse("programmes:evidence_from_group", args=[held.pk]))
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("placements:evidence_create", args=[placement.pk])
    prefill = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert prefill["date"] == held.on.isoformat()
    assert prefill["kind"] == EvidenceItem.Kind.DIRECT_WORK
    assert "POCAR group session for parents (Women's group)" in prefill["reflection"]
    assert "with 2 parents present" in prefill["reflection"]
    assert "Jordan" not in response["Location"] and "Robin" not in response["Location"]
    form = client.get(response["Location"]).content.decode()
    assert "Co-facilitating a POCAR group session" in form


def test_the_guard_refuses_a_parents_or_childs_name_from_the_students_groups(
    held, student, placement
):
    parent = held.attendances.first().enrolment.referral.parent_name
    pcf = Capability.objects.filter(version__is_current=True).first()
    for name in (parent, "Robin"):
        with pytest.raises(ValidationError, match="Remove the name"):
            evidence_create(
                placement=placement,
                by=student,
                date=held.on,
                kind=EvidenceItem.Kind.DIRECT_WORK,
                title="Co-facilitating a group",
                reflection=f"{name} spoke about the week.",
                capabilities=[pcf],
            )
    assert not EvidenceItem.objects.exists()
    item = evidence_create(
        placement=placement,
        by=student,
        date=held.on,
        kind=EvidenceItem.Kind.DIRECT_WORK,
        title="Co-facilitating a group",
        reflection="A mother spoke about her week; I kept the group to time.",
        capabilities=[pcf],
    )
    assert item.pk


def test_another_student_cannot_start_evidence_from_the_session(client, held):
    other = PlacementFactory(host=held.programme.provider, status=Placement.Status.ACTIVE)
    client.force_login(other.student)
    url = reverse("programmes:evidence_from_group", args=[held.pk])
    assert client.get(url).status_code == 404


def test_evidence_is_not_started_from_a_cancelled_or_future_session(
    client, pocar_with_strands, coordinator, student
):
    future = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    cofacilitator_add(group_session=future, student=student, by=coordinator)
    past = group_session(pocar_with_strands, on=TODAY - timedelta(days=7))
    cofacilitator_add(group_session=past, student=student, by=coordinator)
    GroupSession.objects.filter(pk=past.pk).update(status=GroupSession.Status.CANCELLED)
    client.force_login(student)
    for session, message in ((future, "once it has been held"), (past, "cancelled")):
        response = client.get(
            reverse("programmes:evidence_from_group", args=[session.pk]), follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("programmes:my_groups")
        assert message in response.content.decode()
