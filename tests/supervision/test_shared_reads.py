"""Reads shared by the parts of a page (issue 20): the dashboard's supervision panel
and its "Waiting for you" counts read the same records once; the placement page's
summary of the supervision log is worked out from one read of the log; the progress
panel and the checklist read a placement's observations once. The answers are the
ones the separate queries gave."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements.models import Placement
from placements.selectors.waiting import waiting_records
from supervision.models import Observation, SupervisionSession
from supervision.selectors import waiting
from supervision.templatetags.supervision_sessions import placement_sessions
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status, like S above


def days_from_today(n: int):
    return timezone.localdate() + timedelta(days=n)


def as_before(records, key, detail, listing, statuses):
    """What "Waiting for you" answered when it counted with its own query."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode([("status", status) for status in statuses])
    return waiting_records(
        records,
        key,
        record_url=lambda placement, pk: reverse(f"supervision:{detail}", args=[pk]),
        placement_url=lambda pk: f"{reverse(f'supervision:{listing}', args=[pk])}?{query}",
    )


@pytest.mark.parametrize("spread", [(), (1,), (2,), (1, 2)])
def test_waiting_counts_and_links_are_the_same_as_counted_in_the_database(spread):
    first = PlacementFactory()
    second = PlacementFactory(student=first.student, practice_educator=first.practice_educator)
    for placement, n in zip((first, second), spread, strict=False):
        for day in range(n):
            SupervisionSessionFactory(placement=placement, date=days_from_today(-day - 1))
            SupervisionSessionFactory(
                placement=placement, date=days_from_today(-day - 1), status=S.AWAITING_STUDENT
            )
            ObservationFactory(placement=placement, status=O.AWAITING_STUDENT)
            ObservationFactory(placement=placement, status=O.DRAFT)
    student, educator = first.student, first.practice_educator

    assert waiting.student_sessions(student) == as_before(
        waiting.sessions_for_student(student),
        "records_to_reflect_on",
        "session_detail",
        "session_list",
        (S.AWAITING_STUDENT,),
    )
    assert waiting.student_observations(student) == as_before(
        waiting.observations_for_student(student),
        "observations_to_reflect_on",
        "observation_detail",
        "observation_list",
        (O.AWAITING_STUDENT,),
    )
    assert waiting.educator_sessions(educator) == as_before(
        waiting.sessions_for_educator(educator),
        "records_to_sign",
        "session_detail",
        "session_list",
        waiting.EDUCATOR_SESSIONS,
    )
    assert waiting.educator_observations(educator) == as_before(
        waiting.observations_for_observer(educator),
        "observations_to_write_up",
        "observation_detail",
        "observation_list",
        waiting.OBSERVER_OBSERVATIONS,
    )


def test_the_student_dashboard_reads_the_records_waiting_once(client):
    placement = PlacementFactory()
    SupervisionSessionFactory(placement=placement, status=S.AWAITING_STUDENT)
    ObservationFactory(placement=placement, status=O.AWAITING_STUDENT)
    client.force_login(placement.student)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/portal/")
    waiting_reads = [
        q["sql"]
        for q in queries.captured_queries
        if "'awaiting_student'" in q["sql"] and "placements_placementday" not in q["sql"]
    ]
    # One read of the sessions and one of the observations, for the panel and the counts.
    assert len(waiting_reads) == 2
    text = " ".join(response.content.decode().split())
    assert "Supervision records to reflect on and sign" in text
    assert "Observations to reflect on and sign" in text


def _summary(placement, user):
    request = RequestFactory().get("/")
    request.user = user
    sessions = SupervisionSession.objects.filter(placement=placement).order_by(
        "-date", "-starts_at", "-pk"
    )
    return placement_sessions({"request": request}, sessions, placement)


def test_the_placement_summary_sorts_the_log_as_the_separate_queries_did():
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    past = [
        SupervisionSessionFactory(placement=placement, date=days_from_today(-n), status=S.LOCKED)
        for n in range(2, 9)
    ]
    waiting_older = SupervisionSessionFactory(
        placement=placement, date=days_from_today(-10), status=S.AWAITING_STUDENT
    )
    waiting_newer = SupervisionSessionFactory(
        placement=placement, date=days_from_today(-1), status=S.AWAITING_STUDENT
    )
    today_booked = SupervisionSessionFactory(
        placement=placement, date=days_from_today(0), status=S.SCHEDULED
    )
    later = SupervisionSessionFactory(
        placement=placement, date=days_from_today(9), status=S.SCHEDULED
    )
    draft = SupervisionSessionFactory(placement=placement, date=days_from_today(-3))
    amended = past[0]
    correction = SupervisionSessionFactory(placement=placement, date=amended.date, amends=amended)

    with CaptureQueriesContext(connection) as queries:
        shown = _summary(placement, placement.student)
    assert len([q for q in queries.captured_queries if "supervision_" in q["sql"]]) == 1
    assert shown["total"] == SupervisionSession.objects.filter(placement=placement).count()
    # The latest that happened, newest first: not today's booked one, nor the later one.
    assert [s.pk for s in shown["latest"]] == [
        s.pk
        for s in SupervisionSession.objects.filter(
            placement=placement, date__lte=timezone.localdate()
        )
        .exclude(status=S.SCHEDULED, date=timezone.localdate())
        .order_by("-date", "-starts_at", "-pk")[:5]
    ]
    assert today_booked not in shown["latest"] and waiting_newer in shown["latest"]
    # The amended record is marked as amended (its correction read with it).
    (original,) = [s for s in shown["latest"] if s.pk == amended.pk]
    assert original.amendment == correction
    assert shown["upcoming"] == today_booked
    assert shown["waiting"] == [waiting_older, waiting_newer]
    assert shown["is_student"]

    as_educator = _summary(placement, placement.practice_educator)
    assert draft in as_educator["waiting"] and waiting_older not in as_educator["waiting"]
    assert not as_educator["is_student"]
    assert later not in as_educator["latest"]


def test_the_placement_page_reads_observations_and_works_out_compliance_once(client):
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    ObservationFactory(placement=placement, status=O.LOCKED)
    client.force_login(placement.student)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/portal/placements/{placement.pk}/")
    assert response.status_code == 200
    reads = [
        q
        for q in queries.captured_queries
        if q["sql"].lstrip().startswith('SELECT "supervision_observation"."id"')
    ]
    assert len(reads) == 1
    weekly_minutes = [
        q
        for q in queries.captured_queries
        if 'SUM("supervision_supervisionsession"."duration_minutes")' in q["sql"]
    ]
    assert len(weekly_minutes) == 1
    assert "1 observation booked or recorded" in " ".join(response.content.decode().split())
