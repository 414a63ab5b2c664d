"""The day ledger API: /api/v1/placements/{id}/days and /ledger."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from placements.models import PlacementDay
from placements.services.ledger import day_record, days_confirm
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

Kind = PlacementDay.Kind


def today():
    return timezone.localdate()


@pytest.fixture
def placement():
    return PlacementFactory(starts_on=today() - timedelta(days=70))


def record(placement, day, kind=Kind.PLACEMENT):
    return day_record(
        placement=placement, by=placement.student, date=day, kind=kind, hours=Decimal("7")
    )


def people(placement):
    return {
        "student": placement.student,
        "educator": placement.practice_educator,
        "tutor": placement.tutor,
        "coordinator": user_with_role(Role.COORDINATOR, placement.host),
        "outsider": user_with_role(Role.STUDENT),
        "admin": user_with_role(Role.ADMIN),
    }


def post_day(client, placement, **fields):
    body = {
        "date": (today() - timedelta(days=1)).isoformat(),
        "kind": Kind.PLACEMENT,
        "hours": "7.5",
        "note": "",
    }
    body.update(fields)
    return client.post(
        f"/api/v1/placements/{placement.pk}/days", body, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("student", 200, 201),
        ("educator", 200, 403),
        ("tutor", 200, 403),
        ("coordinator", 200, 403),
        ("outsider", 404, 404),
        ("admin", 200, 403),
    ],
)
def test_permission_matrix(client, placement, who, read, write):
    record(placement, today() - timedelta(days=3))
    client.force_login(people(placement)[who])
    assert client.get(f"/api/v1/placements/{placement.pk}/days").status_code == read
    assert client.get(f"/api/v1/placements/{placement.pk}/ledger").status_code == read
    assert post_day(client, placement).status_code == write
    assert PlacementDay.objects.count() == (2 if write == 201 else 1)


def test_an_unknown_placement_is_not_found(client, placement):
    client.force_login(placement.student)
    assert client.get("/api/v1/placements/999999/days").status_code == 404


def test_lists_the_days(client, placement):
    day = record(placement, today() - timedelta(days=2))
    days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    record(placement, today() - timedelta(days=1), kind=Kind.SICKNESS)
    client.force_login(placement.tutor)
    body = client.get(f"/api/v1/placements/{placement.pk}/days").json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["date"] == day.date.isoformat()
    assert first["confirmed"] is True and first["confirmed_at"]
    assert second["kind"] == "sickness" and second["confirmed"] is False
    assert set(first) == {
        "id",
        "date",
        "kind",
        "hours",
        "note",
        "makes_up_missed_day",
        "confirmed",
        "confirmed_at",
    }


def test_the_student_records_a_day(client, placement):
    client.force_login(placement.student)
    response = post_day(client, placement, note="Duty desk")
    assert response.status_code == 201
    assert response.json()["note"] == "Duty desk"
    assert response.json()["confirmed"] is False
    assert PlacementDay.objects.get().note == "Duty desk"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", "today or in the past"),
        ({"date": "2000-01-03"}, "date", "before the placement starts"),
        ({"hours": "25"}, "hours", "Hours"),
        ({"hours": "0"}, "hours", "Hours"),
        ({"kind": "holiday"}, "kind", ""),
        ({"kind": "sickness", "makes_up_missed_day": True}, "makes_up_missed_day", "missed"),
    ],
)
def test_refusals_name_the_field(client, placement, fields, field, message):
    client.force_login(placement.student)
    response = post_day(client, placement, **fields)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors
    assert not PlacementDay.objects.exists()


def test_a_duplicate_date_is_refused(client, placement):
    record(placement, today() - timedelta(days=1))
    client.force_login(placement.student)
    response = post_day(client, placement, kind="study")
    assert response.status_code == 422
    assert "already recorded" in response.json()["errors"][0]["message"]
    assert PlacementDay.objects.get().kind == Kind.PLACEMENT


def test_days_on_a_closed_placement_are_refused(client):
    placement = PlacementFactory(status="passed")
    client.force_login(placement.student)
    response = post_day(client, placement)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "placement"
    assert not PlacementDay.objects.exists()


def test_the_ledger_figures(client, placement):
    confirmed = [record(placement, today() - timedelta(days=n)) for n in (5, 6, 7)]
    days_confirm(placement=placement, by=placement.practice_educator, days=confirmed)
    record(placement, today() - timedelta(days=1))
    record(placement, today() - timedelta(days=2), kind=Kind.SICKNESS)
    client.force_login(placement.practice_educator)
    body = client.get(f"/api/v1/placements/{placement.pk}/ledger").json()
    assert body["required"] == placement.required_days
    assert body["confirmed"] == 3
    assert body["pending"] == 1
    assert body["missed"] == 1
    assert body["made_up"] == 0
    assert body["remaining"] == placement.required_days - 3
    assert body["projected_end_date"] > today().isoformat()
    assert body["behind"] is True
    assert body["days_behind"] > 3


@pytest.mark.parametrize("rows", [5, 50])
def test_days_list_queries_stay_flat(client, placement, rows, django_assert_max_num_queries):
    for n in range(1, rows + 1):
        record(placement, today() - timedelta(days=n))
    client.force_login(placement.tutor)
    with django_assert_max_num_queries(10):
        response = client.get(f"/api/v1/placements/{placement.pk}/days")
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(rows, 25)
