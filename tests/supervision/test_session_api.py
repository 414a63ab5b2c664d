"""Supervision records and compliance in the API: scope (404), roles (403), the lock
(409), bad input (422 naming the field), pagination and flat query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements.models import Capability, PlacementDay
from portal.accounts import services as account_services
from supervision.models import SupervisionSession
from supervision.services.sessions import session_reflect
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory
from tests.supervision.support import locked, sent_to_student, signed_by_student

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
LIST = "/api/v1/supervision/"


def one(session) -> str:
    return f"/api/v1/supervision/{session.pk}"


def patch(client, session, body: dict):
    return client.patch(one(session), body, content_type="application/json")


def book(client, placement, **fields):
    body = {
        "placement": placement.pk,
        "date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "starts_at": "10:00",
        "duration_minutes": 90,
        "arrangement": "one_to_one",
        "mode": "online",
        **fields,
    }
    return client.post(LIST, body, content_type="application/json")


def fields_named(response) -> set:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def cast():
    return make_cast(status="active")


# --- reading -------------------------------------------------------------------------


def test_a_record_shows_its_status_lock_content_and_signatures(client, cast):
    session = locked(placement=cast.placement, agenda_learning="PCF 6 in practice")
    client.force_login(cast.tutor)

    response = client.get(one(session))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "locked"
    assert body["locked"] is True
    assert body["placement"] == cast.placement.pk
    assert body["date"] == session.date.isoformat()
    assert body["starts_at"] == "14:00:00"
    assert body["agenda_learning"] == "PCF 6 in practice"
    assert body["student_reflection"] == "I learnt to listen before advising."
    assert [(s["capacity"], s["signer"]) for s in body["signatures"]] == [
        ("student", "Sam Student"),
        ("practice_educator", cast.educator.name),
    ]
    assert body["amends"] is None


def test_the_list_is_scoped_to_the_placement_and_paginated(client, cast):
    for offset in range(27):
        SupervisionSessionFactory(
            placement=cast.placement, date=cast.placement.starts_on + timedelta(days=offset)
        )
    SupervisionSessionFactory()  # another placement's
    client.force_login(cast.student)

    first = client.get(LIST, {"placement": cast.placement.pk}).json()
    second = client.get(LIST, {"placement": cast.placement.pk, "page": 2}).json()

    assert first["count"] == 27
    assert len(first["items"]) == 25 and len(second["items"]) == 2
    dates = [item["date"] for item in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    assert all(item["status"] == "draft" and item["locked"] is False for item in first["items"])


def test_a_placement_or_record_out_of_scope_is_404(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    outsider = PlacementFactory().practice_educator
    client.force_login(outsider)

    assert client.get(LIST, {"placement": cast.placement.pk}).status_code == 404
    assert client.get(LIST, {"placement": 999999}).status_code == 404
    assert client.get(one(session)).status_code == 404
    assert patch(client, session, {"notes": "x"}).status_code == 404
    assert client.post(one(session) + "/sign").status_code == 404
    assert book(client, cast.placement).status_code == 404
    compliance = f"/api/v1/placements/{cast.placement.pk}/supervision-compliance"
    assert client.get(compliance).status_code == 404


def test_the_list_needs_a_placement(client, cast):
    client.force_login(cast.student)
    response = client.get(LIST)
    assert response.status_code == 422
    assert "placement" in fields_named(response)


def test_the_api_needs_a_session_or_a_token(client, cast):
    assert client.get(LIST, {"placement": cast.placement.pk}).status_code == 401
    secret = account_services.api_token_create(user=cast.tutor, name="Uni", days=30).secret

    response = client.get(
        LIST, {"placement": cast.placement.pk}, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_fixed_number_of_queries(
    client, cast, rows, django_assert_max_num_queries
):
    for offset in range(rows):
        session = SupervisionSessionFactory(
            placement=cast.placement, date=cast.placement.starts_on + timedelta(days=offset % 14)
        )
        SupervisionActionFactory(session=session)
        session.domains_discussed.add(Capability.objects.filter(version__framework__code="pcf")[0])
    locked(placement=cast.placement)
    client.force_login(cast.educator)
    client.get(LIST, {"placement": cast.placement.pk})  # warm caches (content types)

    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"placement": cast.placement.pk})

    assert response.status_code == 200
    assert response.json()["count"] == rows + 1


def test_the_list_makes_the_same_queries_for_5_and_50(client, cast):
    client.force_login(cast.educator)

    def queries_for(rows: int) -> int:
        SupervisionSession.objects.filter(placement=cast.placement, locked_at__isnull=True).delete()
        for _ in range(rows):
            SupervisionActionFactory(
                session=SupervisionSessionFactory(
                    placement=cast.placement, date=cast.placement.starts_on + timedelta(days=1)
                )
            )
        client.get(LIST, {"placement": cast.placement.pk})
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST, {"placement": cast.placement.pk})
        return len(captured)

    assert queries_for(5) == queries_for(50)


# --- booking -------------------------------------------------------------------------


def test_the_educator_books_a_session(client, cast):
    client.force_login(cast.educator)

    response = book(client, cast.placement, duration_minutes=60)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "scheduled" and body["locked"] is False
    assert body["duration_minutes"] == 60 and body["mode"] == "online"
    assert SupervisionSession.objects.get(pk=body["id"]).placement == cast.placement


def test_the_student_and_tutor_cannot_book(client, cast):
    for person in (cast.student, cast.tutor):
        client.force_login(person)
        assert book(client, cast.placement).status_code == 403
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"date": "2001-01-01"}, "date"),
        ({"date": "not a date"}, "date"),
        ({"mode": "by carrier pigeon"}, "mode"),
    ],
)
def test_bad_booking_input_is_422_naming_the_field(client, cast, fields, field):
    client.force_login(cast.educator)

    response = book(client, cast.placement, **fields)

    assert response.status_code == 422
    assert field in fields_named(response)
    assert not SupervisionSession.objects.exists()


# --- writing the record --------------------------------------------------------------


def test_the_educator_writes_a_draft_with_domains(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    domains = list(Capability.objects.filter(version__framework__code="pcf").order_by("number")[:2])
    client.force_login(cast.educator)

    response = patch(
        client,
        session,
        {"agenda_workload": "Two groups this week", "domains": [d.pk for d in domains]},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["agenda_workload"] == "Two groups this week"
    assert body["notes"] == session.notes  # untouched: not sent
    assert [d["title"] for d in body["domains"]] == [d.title for d in domains]
    session.refresh_from_db()
    assert session.agenda_workload == "Two groups this week"


def test_the_student_cannot_write_the_educators_part(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    client.force_login(cast.student)

    response = patch(client, session, {"notes": "Changed by the student"})

    assert response.status_code == 403
    session.refresh_from_db()
    assert session.notes != "Changed by the student"


def test_a_locked_record_answers_409_and_stays_as_signed(client, cast):
    session = locked(placement=cast.placement)
    client.force_login(cast.educator)

    response = patch(client, session, {"notes": "Quietly changed"})

    assert response.status_code == 409
    assert "locked" in response.json()["detail"]
    session.refresh_from_db()
    assert session.notes != "Quietly changed"
    assert session.is_locked


def test_a_record_waiting_for_a_signature_is_422_saying_to_take_it_back(client, cast):
    session = sent_to_student(placement=cast.placement)
    client.force_login(cast.educator)

    response = patch(client, session, {"notes": "Changed while waiting"})

    assert response.status_code == 422
    assert "Take it back to edit it" in response.json()["errors"][0]["message"]
    session.refresh_from_db()
    assert session.notes != "Changed while waiting"


def test_unknown_domains_and_bad_values_are_422_naming_the_field(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    client.force_login(cast.educator)

    unknown = patch(client, session, {"domains": [999999]})
    too_long = patch(client, session, {"duration_minutes": 900})

    assert unknown.status_code == 422 and fields_named(unknown) == {"domains"}
    assert too_long.status_code == 422 and "duration_minutes" in fields_named(too_long)
    session.refresh_from_db()
    assert session.duration_minutes == 90


# --- signing -------------------------------------------------------------------------


def test_the_student_then_the_educator_sign_and_the_record_locks(client, cast):
    session = sent_to_student(placement=cast.placement)
    session_reflect(session=session, by=cast.student, reflection="Clearer on thresholds.")
    sign = one(session) + "/sign"

    client.force_login(cast.educator)
    assert client.post(sign).status_code == 403  # the student signs first
    client.force_login(cast.student)
    student_signed = client.post(sign)
    client.force_login(cast.educator)
    educator_signed = client.post(sign)

    assert student_signed.status_code == 200
    assert student_signed.json()["status"] == "awaiting_educator"
    assert student_signed.json()["locked"] is False
    assert educator_signed.status_code == 200
    assert educator_signed.json()["status"] == "locked"
    assert educator_signed.json()["locked"] is True
    assert len(educator_signed.json()["signatures"]) == 2


def test_signing_a_locked_record_or_a_draft_is_409(client, cast):
    done = locked(placement=cast.placement)
    draft = SupervisionSessionFactory(placement=cast.placement)
    client.force_login(cast.educator)

    assert client.post(one(done) + "/sign").status_code == 409
    response = client.post(one(draft) + "/sign")
    assert response.status_code == 409
    assert "not waiting for a signature" in response.json()["detail"]


def test_someone_who_only_reads_the_record_cannot_sign(client, cast):
    session = signed_by_student(placement=cast.placement)
    client.force_login(cast.tutor)

    assert client.post(one(session) + "/sign").status_code == 403
    session.refresh_from_db()
    assert session.status == S.AWAITING_EDUCATOR


# --- compliance ----------------------------------------------------------------------


def test_compliance_gives_the_minimum_percentage_and_weeks(client, cast):
    today = timezone.localdate()
    last_monday = today - timedelta(days=today.weekday() + 7)
    for offset in (0, 1):
        PlacementDay.objects.create(
            placement=cast.placement,
            date=last_monday + timedelta(days=offset),
            kind=PlacementDay.Kind.PLACEMENT,
            hours=7,
        )
    SupervisionSessionFactory(placement=cast.placement, date=last_monday, duration_minutes=60)
    client.force_login(cast.tutor)

    response = client.get(f"/api/v1/placements/{cast.placement.pk}/supervision-compliance")

    assert response.status_code == 200
    body = response.json()
    assert body["minimum"] == cast.course.weekly_supervision_minutes == 90
    assert body["percentage"] == 0
    weeks = {week["week_starting"]: week for week in body["weeks"]}
    assert weeks[last_monday.isoformat()] == {
        "week_starting": last_monday.isoformat(),
        "minutes": 60,
        "minimum": 90,
        "placement_days": 2,
        "counted": True,
        "met": False,
    }
