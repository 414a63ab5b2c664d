"""Placements in the API: list, one placement, status changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from placements.models import EducatorProfile, Placement, PlacementDay, StudentProfile
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import CourseFactory, PlacementFactory
from tests.placements.support import make_cast

pytestmark = pytest.mark.django_db

S = Placement.Status
LIST = "/api/v1/placements/"


def one(placement) -> str:
    return f"/api/v1/placements/{placement.pk}"


def transitions(placement) -> str:
    return f"/api/v1/placements/{placement.pk}/transitions"


def move(client, placement, name: str, reason: str = ""):
    return client.post(
        transitions(placement),
        {"transition": name, "reason": reason},
        content_type="application/json",
    )


# --- Reading ------------------------------------------------------------------------------


def test_the_list_gives_each_placements_summary(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.student)

    response = client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    placement = cast.placement
    assert item == {
        "id": placement.pk,
        "student": "Sam Student",
        "setting": "Eastbrook Children's Services, Early help team",
        "practice_educator": cast.educator.name,
        "setting_kind": "early_help",
        "service_user_group": "children_families",
        "statutory_tasks": False,
        "contrast_override_reason": "",
        "level": "first",
        "status": "active",
        "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat(),
        "required_days": 70,
        "confirmed_days": 0,
        "rag": "amber",  # the agreement is unsigned 14 days in (tests/placements/test_oversight*)
        "rag_reasons": item["rag_reasons"],
    }
    assert "Learning agreement unsigned 14 days after the start" in item["rag_reasons"]


def test_confirmed_days_count_only_confirmed_days_of_counted_kinds(client):
    cast = make_cast(status=S.ACTIVE, practice_educator=None)
    start = cast.placement.starts_on
    now = timezone.now()
    kinds = [
        (PlacementDay.Kind.PLACEMENT, True),
        (PlacementDay.Kind.SKILLS, True),
        (PlacementDay.Kind.STUDY, True),
        (PlacementDay.Kind.PLACEMENT, False),  # not confirmed yet
        (PlacementDay.Kind.SICKNESS, True),  # confirmed, but a missed day
        (PlacementDay.Kind.BANK_HOLIDAY, True),
    ]
    for offset, (kind, confirmed) in enumerate(kinds):
        PlacementDay.objects.create(
            placement=cast.placement,
            date=start + timedelta(days=offset),
            kind=kind,
            hours=7,
            confirmed_at=now if confirmed else None,
        )
    client.force_login(cast.host_coordinator)

    [item] = client.get(LIST).json()["items"]
    detail = client.get(one(cast.placement)).json()

    assert item["confirmed_days"] == 3
    assert item["practice_educator"] is None
    assert detail["confirmed_days"] == 3


def test_the_list_holds_only_placements_in_scope_and_is_paginated(client):
    cast = make_cast()
    PlacementFactory()
    for _ in range(25):
        PlacementFactory(course=cast.course, host=cast.host, student=cast.student)
    client.force_login(cast.student)

    first = client.get(LIST).json()
    second = client.get(LIST, {"page": 2}).json()

    assert first["count"] == 26
    assert len(first["items"]) == 25
    assert len(second["items"]) == 1


def test_the_schema_says_where_the_rag_rules_are(client):
    schema = client.get("/api/v1/openapi.json").json()
    rag = schema["components"]["schemas"]["PlacementOut"]["properties"]["rag"]
    assert "placements/oversight.py" in rag["description"]


def test_the_api_needs_a_signed_in_user_or_a_token(client):
    cast = make_cast()
    assert client.get(LIST).status_code == 401
    assert client.get(one(cast.placement)).status_code == 401


def test_a_university_system_reads_placements_with_a_token(client):
    from portal.accounts.services import api_token_create

    cast = make_cast()
    secret = api_token_create(user=cast.tutor, name="Student records", days=30).secret
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [cast.placement.pk]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    host = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, host)
    course = CourseFactory()
    for _ in range(rows):
        placement = PlacementFactory(course=course, host=host)
        PlacementDay.objects.create(
            placement=placement,
            date=placement.starts_on,
            kind=PlacementDay.Kind.PLACEMENT,
            hours=7,
            confirmed_at=timezone.now(),
        )
    client.force_login(coordinator)

    # Five of these work out the page's RAG status (placements.oversight), and five
    # more are its supervision part (weekly supervision three, observations two).
    with django_assert_max_num_queries(10 + 5):
        response = client.get(LIST)

    body = response.json()
    assert body["count"] == rows
    assert all(item["confirmed_days"] == 1 for item in body["items"])


# --- Who may do what ----------------------------------------------------------------------

# who -> (GET one placement, POST "confirm" on a proposed placement)
MATRIX = {
    "student": (200, 403),
    "educator": (200, 403),
    "supervisor": (200, 403),
    "tutor": (200, 403),
    "colleague_tutor": (200, 403),
    "other_tutor": (404, 404),
    "host_coordinator": (200, 200),
    "university_coordinator": (200, 200),
    "other_coordinator": (404, 404),
    "school_contact": (404, 404),
    "admin": (200, 200),
}


@pytest.mark.parametrize(("who", "expected"), list(MATRIX.items()))
def test_who_may_read_and_confirm_a_placement(client, who, expected):
    cast = make_cast()
    client.force_login(cast.person(who))
    before = cast.placement.history.count()

    read = client.get(one(cast.placement))
    confirm = move(client, cast.placement, "confirm")

    assert (read.status_code, confirm.status_code) == expected
    cast.placement.refresh_from_db()
    if expected[1] == 200:
        assert confirm.json()["status"] == "confirmed"
        assert cast.placement.status == S.CONFIRMED
    else:
        assert confirm.json()["detail"]
        assert cast.placement.status == S.PROPOSED
        assert cast.placement.history.count() == before


def test_the_educator_may_start_but_the_student_may_not(client):
    cast = make_cast(status=S.CONFIRMED)
    client.force_login(cast.student)
    assert move(client, cast.placement, "start").status_code == 403
    client.force_login(cast.educator)
    response = move(client, cast.placement, "start")
    assert response.status_code == 200
    assert response.json()["status"] == "active"


# --- Refusals -----------------------------------------------------------------------------


def test_a_move_not_allowed_from_the_status_is_a_conflict(client):
    cast = make_cast(status=S.SUSPENDED)
    client.force_login(cast.host_coordinator)

    response = move(client, cast.placement, "confirm")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A suspended placement cannot be confirmed.",
        "status": "suspended",
        "allowed": ["resume", "end_early"],
    }
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.SUSPENDED


def test_moves_made_by_recording_a_review_are_not_offered_as_allowed(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.host_coordinator)

    response = move(client, cast.placement, "resume")

    assert response.status_code == 409
    # The midpoint review moves an active placement on, but only by recording it.
    assert response.json()["allowed"] == ["suspend", "end_early"]


def test_failed_checks_are_named_in_a_422(client):
    cast = make_cast(level=Placement.Level.FINAL)
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=None)
    EducatorProfile.objects.filter(user=cast.educator).update(peps_stage=1)
    client.force_login(cast.host_coordinator)

    response = move(client, cast.placement, "confirm")

    assert response.status_code == 422
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == [
        "Sam Student has no DBS check recorded.",
        f"A final placement needs a practice educator at PEPS stage 2; {cast.educator} is at "
        "stage 1.",
    ]
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PROPOSED
    assert not Notification.objects.exists()


def test_ending_early_without_a_reason_names_the_field(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.host_coordinator)

    response = move(client, cast.placement, "end_early", reason="  ")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "reason", "message": "Enter the reason the placement is ending early."}
    ]

    ended = move(client, cast.placement, "end_early", reason="The student withdrew.")
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended_early"


def test_an_unknown_move_names_the_transition_field(client):
    cast = make_cast()
    client.force_login(cast.host_coordinator)
    response = move(client, cast.placement, "teleport")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "transition"


def test_a_missing_transition_is_a_validation_error(client):
    cast = make_cast()
    client.force_login(cast.host_coordinator)
    response = client.post(transitions(cast.placement), {}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "transition"


def test_a_session_post_needs_the_csrf_token(db):
    cast = make_cast()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.host_coordinator)
    response = move(browser, cast.placement, "confirm")
    assert response.status_code == 403
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PROPOSED
