"""A day the practice educator queried waits for the student (issue 22, requirement
2): it is in the student's "Waiting for you" with a link to the day, until the
student answers, which also marks the notification about the query done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import Placement, PlacementDay
from placements.services.ledger import day_query, day_update
from portal.accounts.roles import Role
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast
from tests.portal.test_waiting import DASHBOARD, days, waiting

pytestmark = pytest.mark.django_db


def queried(placement, count: int, *, start: int = 1) -> list[PlacementDay]:
    """`count` days recorded from day `start`, each queried by the practice educator."""
    days(placement, count, start=start)
    recorded = placement.days.filter(queried_at__isnull=True).order_by("date")[:count]
    return [
        day_query(day=day, by=placement.practice_educator, comment="Were you at the school?")
        for day in recorded
    ]


def answered(day: PlacementDay) -> PlacementDay:
    return day_update(
        day=day,
        by=day.placement.student,
        answer="Yes, all day with the family support worker.",
        date=day.date,
        kind=day.kind,
        hours=day.hours,
    )


def day_url(day: PlacementDay) -> str:
    return reverse("placements:day_update", args=[day.placement_id, day.pk])


def test_a_queried_day_waits_for_the_student_and_links_to_the_day(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    (day,) = queried(cast.placement, 1)
    days(cast.placement, 1, start=10)  # recorded, not queried: the educator's to confirm
    answered(queried(cast.placement, 1, start=15)[0])  # answered already
    queried(PlacementFactory(status=Placement.Status.ACTIVE), 2)  # someone else's

    found = waiting(client, cast.student, Role.STUDENT)

    assert found["days_queried"] == (1, day_url(day))
    page = client.get(found["days_queried"][1]).content.decode()
    assert "Were you at the school?" in page


def test_several_queried_days_link_to_the_ledger_or_the_list_of_those_placements(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    queried(cast.placement, 2)

    assert waiting(client, cast.student, Role.STUDENT)["days_queried"] == (
        2,
        reverse("placements:ledger", args=[cast.placement.pk]),
    )

    other = PlacementFactory(
        student=cast.student,
        practice_educator=cast.educator,
        course=cast.course,
        host=cast.host,
        status=Placement.Status.ACTIVE,
    )
    queried(other, 1)
    without = PlacementFactory(student=cast.student, status=Placement.Status.ACTIVE)
    days(without, 1)

    count, link = waiting(client, cast.student, Role.STUDENT)["days_queried"]
    assert (count, link) == (3, reverse("placements:placement_list") + "?waiting=days_queried")
    listed = client.get(link).context["page_obj"].object_list
    assert {placement.pk for placement in listed} == {cast.placement.pk, other.pk}


def test_answering_takes_the_day_off_the_list_and_marks_the_notification_done(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    first, second = queried(cast.placement, 2)
    told = {
        n.url: n
        for n in cast.student.notifications.filter(url__in=[day_url(first), day_url(second)])
    }
    assert len(told) == 2

    answered(first)

    assert waiting(client, cast.student, Role.STUDENT)["days_queried"] == (1, day_url(second))
    for notification in told.values():
        notification.refresh_from_db()
    assert told[day_url(first)].read_at is not None
    assert told[day_url(second)].read_at is None

    answered(second)

    assert "days_queried" not in waiting(client, cast.student, Role.STUDENT)


def test_a_confirmed_or_finished_placements_day_does_not_wait():
    from placements.selectors.waiting import days_queried

    cast = make_cast(status=Placement.Status.ACTIVE)
    queried(cast.placement, 1)
    Placement.objects.filter(pk=cast.placement.pk).update(status=Placement.Status.PASSED)

    assert not days_queried(cast.student).exists()


@pytest.mark.parametrize("placements", [2, 10])
def test_the_queries_do_not_grow_with_the_queried_days(
    client, placements, django_assert_max_num_queries
):
    first = make_cast(status=Placement.Status.ACTIVE)
    queried(first.placement, 1)

    def dashboard_queries() -> int:
        client.force_login(first.student)
        with CaptureQueriesContext(connection) as context:
            assert client.get(DASHBOARD).status_code == 200
        return len(context)

    before = dashboard_queries()
    for _ in range(placements):
        placement = PlacementFactory(
            student=first.student,
            practice_educator=first.educator,
            course=first.course,
            host=first.host,
            status=Placement.Status.ACTIVE,
        )
        queried(placement, 2)

    with django_assert_max_num_queries(before):
        client.get(DASHBOARD)
