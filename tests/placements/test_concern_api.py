"""Causes for concern in the API: scoped like the pages, paginated, raising one."""

from __future__ import annotations

import pytest

from placements.models import Concern, Placement
from placements.services.concern import concern_raise
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def concerns_url(placement) -> str:
    return f"/api/v1/placements/{placement.pk}/concerns"


def raise_one(placement, by=None, summary="Late for three visits") -> Concern:
    return concern_raise(
        placement=placement,
        by=by or placement.practice_educator,
        summary=summary,
        action_plan="Weekly check-in with the practice educator",
    )


def test_the_list_gives_each_concern(client):
    placement = PlacementFactory()
    concern = raise_one(placement)
    client.force_login(placement.tutor)

    response = client.get(concerns_url(placement))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == concern.pk
    assert item["stage"] == 1
    assert item["stage_label"] == "Stage 1: practice educator and student"
    assert item["status"] == "open"
    assert item["summary"] == "Late for three visits"
    assert item["raised_by"] == placement.practice_educator.name
    assert item["resolved_at"] is None


def test_only_the_placements_own_concerns_are_listed_newest_first(client):
    placement = PlacementFactory()
    older = raise_one(placement, summary="First")
    newer = raise_one(placement, summary="Second")
    raise_one(PlacementFactory(), summary="Someone else's")
    client.force_login(placement.student)
    items = client.get(concerns_url(placement)).json()["items"]
    assert [item["id"] for item in items] == [newer.pk, older.pk]


@pytest.mark.parametrize("who", ["outsider", "other_coordinator", "other_student"])
def test_a_placement_outside_scope_is_404(client, who):
    placement = PlacementFactory()
    raise_one(placement)
    people = {
        "outsider": user_with_role(Role.PRACTICE_EDUCATOR),
        "other_coordinator": user_with_role(Role.COORDINATOR),
        "other_student": user_with_role(Role.STUDENT),
    }
    client.force_login(people[who])
    assert client.get(concerns_url(placement)).status_code == 404
    response = client.post(
        concerns_url(placement),
        {"summary": "x", "action_plan": "y"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Concern.objects.count() == 1


def test_a_missing_placement_is_404_and_signed_out_is_401(client):
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get("/api/v1/placements/999999/concerns").status_code == 404
    client.logout()
    assert client.get(concerns_url(PlacementFactory())).status_code == 401


def test_a_host_coordinator_reads_and_raises(client):
    placement = PlacementFactory()
    coordinator = user_with_role(Role.COORDINATOR, placement.host)
    client.force_login(coordinator)

    response = client.post(
        concerns_url(placement),
        {"summary": "  Missed supervision twice  ", "action_plan": "Fixed weekly slot"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["summary"] == "Missed supervision twice"
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.stage, concern.status) == (coordinator, 1, "open")
    # The same service as the page: the people on the placement are told.
    assert Notification.objects.filter(user=placement.student).exists()
    assert client.get(concerns_url(placement)).json()["count"] == 1


def test_someone_who_sees_but_may_not_raise_gets_403(client):
    # A tutor colleague at the university sees the placement (tutors see their
    # university's students) but is not named on it.
    placement = PlacementFactory()
    colleague = user_with_role(Role.TUTOR, placement.course.university)
    client.force_login(colleague)
    assert client.get(concerns_url(placement)).status_code == 200
    response = client.post(
        concerns_url(placement),
        {"summary": "x", "action_plan": "y"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Concern.objects.exists()


def test_an_empty_summary_is_422_naming_the_field(client):
    placement = PlacementFactory()
    client.force_login(placement.student)
    response = client.post(
        concerns_url(placement),
        {"summary": "   ", "action_plan": "Talk it through"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "summary", "message": "Enter what the concern is."}
    ]
    response = client.post(
        concerns_url(placement), {"summary": "Only this"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "action_plan"
    assert not Concern.objects.exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_flat_number_of_queries(client, django_assert_max_num_queries, rows):
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    people = [placement.student, placement.practice_educator, placement.tutor]
    Concern.objects.bulk_create(
        Concern(
            placement=placement,
            raised_by=people[n % 3],
            summary=f"Concern {n}",
            action_plan="Plan",
        )
        for n in range(rows)
    )
    client.force_login(placement.tutor)
    with django_assert_max_num_queries(8):
        response = client.get(concerns_url(placement))
    assert response.status_code == 200
    assert response.json()["count"] == rows
    assert len(response.json()["items"]) == min(rows, 25)
