"""GET /api/v1/observations/?placement={id}: scoped like the pages, paginated, flat queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from supervision.models import Observation
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.supervision.factories import ObservationFactory
from tests.supervision.support import locked_observation

pytestmark = pytest.mark.django_db

LIST = "/api/v1/observations/"


def test_each_observation_shows_its_status_and_whether_it_is_locked(client):
    placement = PlacementFactory()
    signed = locked_observation(placement)
    planned = ObservationFactory(placement=placement, date=timezone.localdate())
    client.force_login(placement.tutor)
    response = client.get(LIST, {"placement": placement.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"] == [
        {
            "id": signed.pk,
            "placement": placement.pk,
            "observer": placement.practice_educator.name,
            "observer_role": "practice_educator",
            "date": signed.date.isoformat(),
            "setting": "Home visit",
            "status": "locked",
            "locked": True,
        },
        {
            "id": planned.pk,
            "placement": placement.pk,
            "observer": placement.practice_educator.name,
            "observer_role": "practice_educator",
            "date": planned.date.isoformat(),
            "setting": planned.setting,
            "status": "planned",
            "locked": False,
        },
    ]


def test_a_placement_out_of_scope_answers_404(client):
    placement = PlacementFactory()
    ObservationFactory(placement=placement)
    client.force_login(PlacementFactory().student)
    assert client.get(LIST, {"placement": placement.pk}).status_code == 404
    assert client.get(LIST, {"placement": 999999}).status_code == 404
    # Even an observer of one of its observations reads the observation, not the list.
    client.force_login(EducatorProfileFactory().user)
    assert client.get(LIST, {"placement": placement.pk}).status_code == 404


def test_the_placement_is_required(client):
    client.force_login(PlacementFactory().student)
    response = client.get(LIST)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "placement"


def test_signed_out_callers_are_refused(client):
    placement = PlacementFactory()
    assert client.get(LIST, {"placement": placement.pk}).status_code == 401


@pytest.mark.parametrize("rows", [5, 50])
def test_pages_and_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    placement = PlacementFactory()
    today = timezone.localdate()
    for n in range(rows):
        ObservationFactory(placement=placement, date=today - timedelta(days=n % 20))
    client.force_login(placement.student)
    with django_assert_max_num_queries(10):
        response = client.get(LIST, {"placement": placement.pk})
    body = response.json()
    assert body["count"] == rows
    assert len(body["items"]) == min(rows, 25)
    if rows > 25:
        second = client.get(LIST, {"placement": placement.pk, "page": 2}).json()
        assert len(second["items"]) == 25
        ids = {item["id"] for item in body["items"]} | {item["id"] for item in second["items"]}
        assert ids == set(Observation.objects.values_list("pk", flat=True))
