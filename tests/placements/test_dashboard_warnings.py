"""Dashboard warnings: open causes for concern and agreements unsigned 10 days after the start."""

from __future__ import annotations

import html
import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from placements.services.agreement import agreement_save, agreement_sign
from placements.services.concern import concern_raise, concern_step
from portal import signatures
from portal.accounts.roles import Role
from tests.dashboard_bounds import CASEWORK_PANEL_QUERIES, HEADER_QUERIES, WAITING_QUERIES
from tests.factories import user_with_role
from tests.placements.factories import CourseFactory, EducatorProfileFactory, PlacementFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")
SECTIONS = {
    "learning_needs": "Assessment skills",
    "learning_opportunities": "Duty desk",
    "supervision_day": 1,
    "supervision_time": time(14, 0),
    "supervision_arrangements": "Team room",
    "reasonable_adjustments": "",
    "induction": "Shadowing",
}


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def dashboard(client, user) -> str:
    client.force_login(user)
    page = text(client.get(DASHBOARD))
    client.logout()
    return page


def raise_concern(placement):
    return concern_raise(
        placement=placement,
        by=placement.practice_educator,
        summary="Late to visits",
        action_plan="Weekly check-in",
    )


def test_an_open_concern_shows_on_the_dashboards_until_it_is_resolved(client):
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    placement.onsite_supervisor = user_with_role(Role.ONSITE_SUPERVISOR, placement.host)
    placement.save()
    coordinator = user_with_role(Role.COORDINATOR, placement.host)
    people = (
        placement.practice_educator,
        placement.onsite_supervisor,
        placement.tutor,
        placement.student,
        coordinator,
    )
    for person in people:
        assert "Open causes for concern" not in dashboard(client, person)
    concern = raise_concern(placement)
    for person in people:
        assert "Open causes for concern" in dashboard(client, person), person
    concern_step(concern=concern, name="resolve", by=placement.tutor, outcome="Sorted")
    for person in people:
        assert "Open causes for concern" not in dashboard(client, person), person


def test_an_unsigned_agreement_is_marked_10_days_after_the_start_until_signed(client):
    placement = PlacementFactory(
        status=Placement.Status.ACTIVE, starts_on=timezone.localdate() - timedelta(days=10)
    )
    coordinator = user_with_role(Role.COORDINATOR, placement.host)
    detail = reverse("placements:placement_detail", args=[placement.pk])
    for person in (placement.practice_educator, placement.tutor, coordinator):
        assert "Agreement not signed" in dashboard(client, person), person
    client.force_login(placement.student)
    assert "Agreement not signed" in text(client.get(detail))
    client.logout()

    agreement = agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)
    for person in set(signatures.required_capacities(agreement).values()):
        agreement_sign(agreement=agreement, by=person)

    for person in (placement.practice_educator, placement.tutor, coordinator):
        assert "Agreement not signed" not in dashboard(client, person), person
    client.force_login(placement.student)
    assert "Agreement not signed" not in text(client.get(detail))


def test_a_placement_started_9_days_ago_is_not_marked(client):
    placement = PlacementFactory(
        status=Placement.Status.ACTIVE, starts_on=timezone.localdate() - timedelta(days=9)
    )
    assert "Agreement not signed" not in dashboard(client, placement.practice_educator)


def _educator_dashboard_queries(client, rows: int) -> int:
    educator = EducatorProfileFactory().user
    course = CourseFactory()
    for _ in range(rows):
        raise_concern(PlacementFactory(course=course, practice_educator=educator))
    client.force_login(educator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    page = text(response)
    assert "Open causes for concern" in page
    assert "Agreement not signed" in page
    [panel] = response.context["panels"]
    # The rows shown are marked (issue 20: read with them; the table shows at most 10).
    assert len(panel.context["placements_educated"]["overdue"]) == min(rows, 10)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_educators_dashboard_with_warnings_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    educator = EducatorProfileFactory().user
    course = CourseFactory()
    for _ in range(rows):
        raise_concern(PlacementFactory(course=course, practice_educator=educator))
    client.force_login(educator)

    # 8 for the placements panel and the page, 4 for its supervision part, and the
    # casework panels.
    with django_assert_max_num_queries(
        12
        + CASEWORK_PANEL_QUERIES[Role.PRACTICE_EDUCATOR]
        + WAITING_QUERIES[Role.PRACTICE_EDUCATOR]
        + HEADER_QUERIES
    ):
        response = client.get(DASHBOARD)

    [panel] = response.context["panels"]
    # Each row shown is marked (the table shows at most 10).
    assert len(panel.context["placements_educated"]["overdue"]) == min(rows, 10)
    assert len(panel.context["placements_open_concerns"]) == min(rows, 10)


def test_the_count_does_not_grow_with_the_placements(client):
    assert _educator_dashboard_queries(client, 2) == _educator_dashboard_queries(client, 12)
