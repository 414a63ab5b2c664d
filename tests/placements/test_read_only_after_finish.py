"""A finished placement is read-only, and the people named on it read it only
for a grace period (DESIGN.md: "Access ends when the placement or allocation
ends (read-only for a grace period)")."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placements.access import DEFAULT_GRACE_DAYS
from placements.models import Capability, Concern, EvidenceItem, Placement, PlacementDay
from placements.services.concern import concern_raise
from placements.services.evidence import evidence_create
from placements.services.ledger import day_record, days_confirm
from placements.services.lifecycle import placement_transition
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

Status = Placement.Status


def today():
    return timezone.localdate()


@pytest.fixture
def coordinator(placement):
    return user_with_role(Role.COORDINATOR, placement.host)


@pytest.fixture
def placement():
    return PlacementFactory(starts_on=today() - timedelta(days=60))


def end_early(placement, coordinator):
    return placement_transition(
        placement=placement, name="end_early", by=coordinator, reason="The team closed."
    )


def finished_days_ago(placement, days):
    """Pretend the placement finished `days` days ago (its history says when)."""
    placement.history.filter(status__in=[Status.PASSED, Status.FAILED, Status.ENDED_EARLY]).update(
        history_date=timezone.now() - timedelta(days=days)
    )


def record_day(placement, day):
    return day_record(
        placement=placement,
        by=placement.student,
        date=day,
        kind=PlacementDay.Kind.PLACEMENT,
        hours=Decimal("7"),
    )


# --- nothing more is written ---------------------------------------------------------


def test_the_student_cannot_record_a_day_once_the_placement_has_ended(
    client, placement, coordinator
):
    placement = end_early(placement, coordinator)
    with pytest.raises(ValidationError) as refused:
        record_day(placement, today() - timedelta(days=1))
    assert "Days cannot be recorded while the placement is ended early" in str(refused.value)

    client.force_login(placement.student)
    add = reverse("placements:day_create", args=[placement.pk])
    response = client.get(add, follow=True)
    assert response.redirect_chain[-1][0] == reverse("placements:ledger", args=[placement.pk])
    page = response.content.decode()
    assert "This placement is ended early, so its days are read-only" in page
    assert "Record a day" not in page
    response = client.post(
        add, {"date": str(today() - timedelta(days=1)), "kind": "placement", "hours": "7"}
    )
    assert response.status_code == 302
    assert not PlacementDay.objects.filter(placement=placement).exists()


def test_the_practice_educator_cannot_confirm_days_of_a_finished_placement(
    client, placement, coordinator
):
    day = record_day(placement, today() - timedelta(days=3))
    placement = end_early(placement, coordinator)
    with pytest.raises(ValidationError) as refused:
        days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    assert "its days are read-only" in str(refused.value)
    day.refresh_from_db()
    assert not day.is_confirmed

    client.force_login(placement.practice_educator)
    monday = day.date - timedelta(days=day.date.weekday())
    confirm = reverse("placements:days_confirm", args=[placement.pk]) + f"?week={monday}"
    response = client.post(confirm, {"days": [day.pk]}, follow=True)
    assert "its days are read-only" in response.content.decode()
    day.refresh_from_db()
    assert not day.is_confirmed


def test_the_student_cannot_write_evidence_once_the_placement_has_ended(
    client, placement, coordinator
):
    placement = end_early(placement, coordinator)
    domain = Capability.objects.get(
        version__framework__code="pcf", version__is_current=True, number=1
    )
    with pytest.raises(ValidationError):
        evidence_create(
            placement=placement,
            by=placement.student,
            date=today() - timedelta(days=2),
            kind="direct_work",
            title="A home visit",
            reflection="What I learnt.",
            capabilities=[domain],
        )
    assert not EvidenceItem.objects.filter(placement=placement).exists()

    client.force_login(placement.student)
    response = client.get(reverse("placements:evidence_create", args=[placement.pk]), follow=True)
    page = response.content.decode()
    assert "This placement is ended early, so its evidence is read-only" in page
    assert "Add evidence" not in page


def test_no_concern_is_raised_on_a_finished_placement(client, placement, coordinator):
    placement = end_early(placement, coordinator)
    with pytest.raises(ValidationError) as refused:
        concern_raise(placement=placement, by=placement.student, summary="Late", action_plan="Talk")
    assert "read-only" in str(refused.value)

    client.force_login(placement.practice_educator)
    raise_url = reverse("placements:concern_raise", args=[placement.pk])
    response = client.get(raise_url, follow=True)
    page = response.content.decode()
    assert "Raise any concern about it with the university directly" in page
    assert "Raise a concern</a>" not in page
    response = client.post(raise_url, {"summary": "Late", "action_plan": "Talk"})
    assert response.status_code == 200
    assert "read-only" in response.content.decode()
    assert not Concern.objects.filter(placement=placement).exists()


# --- read for a grace period, then gone for the people named on it ------------------------


def test_the_ledger_says_until_when_the_student_can_read_it(client, placement, coordinator):
    placement = end_early(placement, coordinator)
    client.force_login(placement.student)
    page = client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    until = today() + timedelta(days=DEFAULT_GRACE_DAYS)
    assert f"You can read this placement's records until {until.day} {until:%B %Y}" in page

    client.force_login(coordinator)
    coordinator_page = client.get(
        reverse("placements:ledger", args=[placement.pk])
    ).content.decode()
    assert "its days are read-only" in coordinator_page
    assert "You can read this placement's records until" not in coordinator_page


def test_the_placement_page_says_it_is_read_only_and_until_when(client, placement, coordinator):
    detail = reverse("placements:placement_detail", args=[placement.pk])
    client.force_login(placement.student)
    live_page = client.get(detail).content.decode()
    assert "read-only" not in live_page

    placement = end_early(placement, coordinator)
    finished_days_ago(placement, 10)
    page = client.get(detail).content.decode()
    assert "This placement is ended early, so its records are read-only" in page
    until = today() - timedelta(days=10) + timedelta(days=DEFAULT_GRACE_DAYS)
    assert f"You can read this placement's records until {until.day} {until:%B %Y}" in page

    # The co-ordinator keeps the record: told it is read-only, not that access ends.
    client.force_login(coordinator)
    coordinator_page = client.get(detail).content.decode()
    assert "so its records are read-only" in coordinator_page
    assert "You can read this placement's records until" not in coordinator_page


def test_the_people_named_on_it_lose_it_after_the_grace_period(client, placement, coordinator):
    placement = end_early(placement, coordinator)
    detail = reverse("placements:placement_detail", args=[placement.pk])
    named = [placement.student, placement.practice_educator]
    keepers = [coordinator, placement.tutor, user_with_role(Role.ADMIN)]

    finished_days_ago(placement, DEFAULT_GRACE_DAYS - 1)
    for person in named + keepers:
        client.force_login(person)
        assert client.get(detail).status_code == 200, person

    finished_days_ago(placement, DEFAULT_GRACE_DAYS + 1)
    for person in named:
        client.force_login(person)
        assert client.get(detail).status_code == 404, person
        assert client.get(reverse("placements:ledger", args=[placement.pk])).status_code == 404
        listed = client.get("/api/v1/placements/").json()
        assert placement.pk not in [row["id"] for row in listed["items"]]
        assert client.get(f"/api/v1/placements/{placement.pk}").status_code == 404
    for person in keepers:
        client.force_login(person)
        assert client.get(detail).status_code == 200, person


def test_the_grace_period_is_a_setting(client, placement, coordinator, settings):
    settings.PLACEMENT_ACCESS_GRACE_DAYS = 10
    placement = end_early(placement, coordinator)
    detail = reverse("placements:placement_detail", args=[placement.pk])
    client.force_login(placement.student)
    finished_days_ago(placement, 9)
    assert client.get(detail).status_code == 200
    finished_days_ago(placement, 11)
    assert client.get(detail).status_code == 404


def test_a_long_running_live_placement_stays_visible(client):
    # Its history is old, but it has not finished: nothing ends.
    placement = PlacementFactory(starts_on=today() - timedelta(days=400))
    placement.history.update(history_date=timezone.now() - timedelta(days=400))
    client.force_login(placement.student)
    assert (
        client.get(reverse("placements:placement_detail", args=[placement.pk])).status_code == 200
    )
