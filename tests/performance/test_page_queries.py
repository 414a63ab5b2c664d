"""The signed-in pages cost the same number of queries however much data there is
(issue 20, requirement 3): each page is read with 2 rows, then 8 more are added
and it must not make one query more. The rows carry what the pages work out in
bulk (placement days, supervision sessions, observations, concerns), so the
database-side tallies behind the RAG status, the ledger and weekly supervision
are what is counted.

Also: those tallies give exactly what the Python loops they replaced gave.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.ledger import DayTally, tallies_for, tally
from placements.models import Placement, PlacementDay
from placements.oversight import placement_rag_for
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays
from supervision.models import Observation, SupervisionSession
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import CourseFactory, PlacementFactory, UniversityFactory
from tests.placements.support import raise_concern
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")
LIST_URL = reverse("placements:placement_list")
FEW, MORE = 2, 8


def days_for(placement: Placement, count: int) -> None:
    """`count` weekdays from the placement's start: confirmed placement days, one in
    four left to confirm, every fifth a sick day (what the ledger and RAG count)."""
    day = placement.starts_on
    made = 0
    while made < count:
        if day.weekday() < 5:
            PlacementDay.objects.create(
                placement=placement,
                date=day,
                kind=PlacementDay.Kind.SICKNESS if made % 5 == 4 else PlacementDay.Kind.PLACEMENT,
                hours=7,
                confirmed_at=None if made % 4 == 3 else timezone.now(),
                confirmed_by=None if made % 4 == 3 else placement.practice_educator,
            )
            made += 1
        day += timedelta(days=1)


class University:
    """A university with one course, a tutor and a co-ordinator, and a host whose one
    practice educator has every student; `add(n)` adds n placements with records."""

    def __init__(self):
        self.university = UniversityFactory()
        self.course = CourseFactory(university=self.university)
        self.host = OrganisationFactory()
        self.tutor = user_with_role(Role.TUTOR, self.university)
        self.coordinator = user_with_role(Role.COORDINATOR, self.university)
        self.educator = user_with_role(Role.PRACTICE_EDUCATOR, self.host)
        self.added = 0

    def add(self, count: int) -> list[Placement]:
        made = []
        for _ in range(count):
            placement = PlacementFactory(
                course=self.course,
                host=self.host,
                tutor=self.tutor,
                practice_educator=self.educator,
                starts_on=timezone.localdate() - timedelta(days=35),
            )
            days_for(placement, 20)
            SupervisionSessionFactory(placement=placement, status=SupervisionSession.Status.LOCKED)
            ObservationFactory(placement=placement, status=Observation.Status.DRAFT)
            if self.added % 3 == 0:
                raise_concern(placement, stage=2)  # red
            self.added += 1
            made.append(placement)
        return made


def count_queries(client, url, data=None) -> int:
    client.get(url, data)  # warm: per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured)


def assert_flat(client, django_assert_max_num_queries, grow, url, data=None):
    """The page's queries with FEW rows, then no more once MORE rows are added."""
    grow(FEW)
    few = count_queries(client, url, data)
    grow(MORE)
    client.get(url, data)
    with django_assert_max_num_queries(few):
        response = client.get(url, data)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", ["tutor", "coordinator", "educator"])
def test_the_dashboards_make_as_many_queries_for_ten_placements_as_for_two(
    client, django_assert_max_num_queries, role
):
    uni = University()
    client.force_login(getattr(uni, role))

    response = assert_flat(client, django_assert_max_num_queries, uni.add, DASHBOARD)

    if role != "educator":  # the university's oversight rates all ten
        [panel] = response.context["panels"]
        counts = {row["status"]: row["count"] for row in panel.context["placements_rag_counts"]}
        assert sum(counts.values()) == FEW + MORE
        assert counts["red"] >= 4  # at least the stage 2 concerns


@pytest.mark.parametrize(
    "url, data",
    [
        (LIST_URL, None),
        (LIST_URL, {"rag": "red"}),
    ],
    # The XLSX is made by the worker: tests/placements/test_export.py counts its queries.
    ids=["list", "filtered by RAG"],
)
def test_the_placement_list_and_export_make_as_many_queries_for_ten_placements_as_for_two(
    client, django_assert_max_num_queries, url, data
):
    uni = University()
    client.force_login(uni.tutor)

    response = assert_flat(client, django_assert_max_num_queries, uni.add, url, data)

    if url == LIST_URL:  # the kept statuses filter as the ones worked out afresh do
        fresh = placement_rag_for(Placement.objects.all(), today=timezone.localdate())
        wanted = (data or {}).get("rag")
        expected = sum(1 for rag in fresh.values() if wanted in (None, rag.status))
        assert response.context["page_obj"].paginator.count == expected
        assert expected >= (FEW + MORE if wanted is None else 4)  # 4: the stage 2 concerns


def test_a_students_dashboard_and_placement_page_do_not_grow_with_its_records(
    client, django_assert_max_num_queries
):
    uni = University()
    [placement] = uni.add(1)
    client.force_login(placement.student)
    state = {"days": 20}

    def grow(count):  # more days, sessions and observations on the same placement
        for _ in range(count):
            SupervisionSessionFactory(placement=placement, status=SupervisionSession.Status.LOCKED)
            ObservationFactory(placement=placement, status=Observation.Status.DRAFT)
        PlacementDay.objects.filter(placement=placement).delete()
        state["days"] += 5 * count
        days_for(placement, state["days"])

    assert_flat(client, django_assert_max_num_queries, grow, DASHBOARD)
    response = assert_flat(
        client,
        django_assert_max_num_queries,
        grow,
        reverse("placements:placement_detail", args=[placement.pk]),
    )
    assert response.context["progress"].ledger.missed == state["days"] // 5


# --- The database's tallies are the loops they replaced ------------------------------------


def test_the_days_tally_from_the_database_is_the_python_tally():
    uni = University()
    placements = uni.add(3)
    empty = PlacementFactory(course=uni.course)
    PlacementDay.objects.filter(placement=placements[1]).update(makes_up_missed_day=True)

    tallies = tallies_for([p.pk for p in [*placements, empty]])

    for placement in placements:
        assert tallies[placement.pk] == tally(placement.days.all())
    assert tallies[placements[0].pk].missed == 4
    assert tallies[placements[1].pk].made_up == tallies[placements[1].pk].confirmed > 0
    assert empty.pk not in tallies
    assert tally([]) == DayTally()


def test_working_day_arithmetic_matches_walking_the_calendar():
    """`between` and `add` are sums and a search now, not a walk: the same answers."""
    rnd = random.Random(20)
    for _ in range(400):
        start = date(2025, 1, 1) + timedelta(days=rnd.randrange(900))
        holidays = frozenset(start + timedelta(days=rnd.randrange(-30, 300)) for _ in range(12))
        calendar = WorkingDays.__new__(WorkingDays)
        calendar.holidays = holidays
        end = start + timedelta(days=rnd.randrange(-10, 300))
        walked, day = 0, start
        while day < end:
            day += timedelta(days=1)
            walked += day.weekday() < 5 and day not in holidays
        assert calendar.between(start, end) == walked
        count = rnd.randrange(0, 120)
        day, left = start, count
        while left:
            day += timedelta(days=1)
            left -= day.weekday() < 5 and day not in holidays
        assert calendar.add(start, count) == day
