"""The dashboards' placement reads made once for several parts (issue 20): what the
panels and "Waiting for you" show is the same as when each read its own rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.ledger import tallies_for, tallies_of
from placements.models import Placement, PlacementDay
from placements.selectors import waiting
from placements.selectors.agreement import agreement_overdue_flag, agreements_overdue
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast, raise_concern, sign_agreement
from tests.portal.test_waiting import DASHBOARD
from tests.portal.test_waiting import waiting as waiting_items

pytestmark = pytest.mark.django_db


def test_days_tallied_from_rows_read_match_the_database_tallies():
    cast = make_cast(status=Placement.Status.ACTIVE)
    placement, now = cast.placement, timezone.now()
    kinds = [
        (PlacementDay.Kind.PLACEMENT, now, False),
        (PlacementDay.Kind.PLACEMENT, now, True),
        (PlacementDay.Kind.PLACEMENT, None, False),
        (PlacementDay.Kind.STUDY, now, False),
        (PlacementDay.Kind.SICKNESS, None, False),
    ]
    for offset, (kind, confirmed_at, makes_up) in enumerate(kinds):
        PlacementDay.objects.create(
            placement=placement,
            date=placement.starts_on + timedelta(days=offset),
            kind=kind,
            hours=7,
            confirmed_at=confirmed_at,
            makes_up_missed_day=makes_up,
        )
    rows = placement.days.values_list(
        "placement_id", "date", "kind", "confirmed_at", "makes_up_missed_day"
    )

    assert tallies_of(rows) == tallies_for([placement.pk])
    assert tallies_of([]) == tallies_for([]) == {}


def test_the_overdue_flag_marks_the_placements_agreements_overdue_finds():
    started = timezone.localdate() - timedelta(days=30)
    signed = make_cast(status=Placement.Status.ACTIVE, starts_on=started).placement
    sign_agreement(signed)
    unsigned = PlacementFactory(status=Placement.Status.ACTIVE, starts_on=started)
    recent = PlacementFactory(status=Placement.Status.ACTIVE, starts_on=timezone.localdate())

    flagged = {
        pk
        for pk, overdue in Placement.objects.annotate(overdue=agreement_overdue_flag()).values_list(
            "pk", "overdue"
        )
        if overdue
    }

    overdue = agreements_overdue(Placement.objects.all()).values_list("pk", flat=True)
    assert flagged == set(overdue) == {unsigned.pk}
    assert recent.pk not in flagged and signed.pk not in flagged
    # A queryset filtered on its own (a co-ordinator's organisations) gives the same.
    coordinator = user_with_role(Role.COORDINATOR, unsigned.host)
    assert list(agreements_overdue(waiting.coordinated(coordinator))) == [unsigned]
    assert list(agreements_overdue([unsigned, signed, recent])) == [unsigned]


def test_the_coordinators_panel_and_waiting_share_one_read_of_each_list(client):
    cast = make_cast(status=Placement.Status.ACTIVE, practice_educator=None)
    later = PlacementFactory(
        course=cast.course,
        host=cast.host,
        status=Placement.Status.PROPOSED,
        practice_educator=None,
        starts_on=cast.placement.starts_on + timedelta(days=7),
    )
    client.force_login(cast.host_coordinator)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(DASHBOARD).content.decode()

    without = [q for q in queries if '"practice_educator_id" IS NULL' in q["sql"]]
    assert len(without) == 1
    assert waiting.without_educator_pks.uncached(cast.host_coordinator) == (
        cast.placement.pk,
        later.pk,
    )
    assert "Every open placement has a practice educator." not in page
    found = waiting_items(client, cast.host_coordinator, Role.COORDINATOR)
    assert found["without_educator"][0] == 2


def test_the_tutors_concerns_panel_and_waiting_count_the_same_concerns(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    first, second = raise_concern(cast.placement), raise_concern(cast.placement)

    found = waiting_items(client, cast.tutor, Role.TUTOR)

    assert found["open_concerns"] == (
        2,
        reverse("placements:concern_list", args=[cast.placement.pk]),
    )
    assert waiting.tutor_open_concerns.uncached(cast.tutor) == (first, second)


def test_the_students_days_are_read_once_for_the_panel_and_waiting(client):
    cast = make_cast(status=Placement.Status.ACTIVE, starts_on=timezone.localdate())
    client.force_login(cast.student)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    day_reads = [q for q in queries if q["sql"].startswith('SELECT "placements_placementday"')]
    assert len(day_reads) == 1
