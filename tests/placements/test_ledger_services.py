"""Recording, changing and confirming placement days (placements.services.ledger)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from placements.models import Placement, PlacementDay
from placements.services.ledger import day_record, day_update, days_confirm
from portal.models import Notification
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

Kind = PlacementDay.Kind


@pytest.fixture
def placement():
    return PlacementFactory()


def today():
    return timezone.localdate()


def record(placement, **overrides):
    fields = {
        "placement": placement,
        "by": placement.student,
        "date": today() - timedelta(days=1),
        "kind": Kind.PLACEMENT,
        "hours": Decimal("7.5"),
        "note": "Shadowed a home visit.",
    }
    fields.update(overrides)
    return day_record(**fields)


def refusal(callable_, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    return caught.value.message_dict


def test_the_student_records_a_pending_day(placement):
    day = record(placement)
    assert day.kind == Kind.PLACEMENT
    assert day.hours == Decimal("7.5")
    assert not day.is_confirmed
    assert day.history.count() == 1


@pytest.mark.parametrize("who", ["practice_educator", "tutor"])
def test_only_the_student_records(placement, who):
    with pytest.raises(PermissionDenied):
        record(placement, by=getattr(placement, who))
    assert not PlacementDay.objects.exists()


def test_refuses_a_future_date(placement):
    errors = refusal(record, placement=placement, date=today() + timedelta(days=1))
    assert errors["date"] == ["The date must be today or in the past."]
    assert not PlacementDay.objects.exists()


def test_refuses_a_date_already_recorded(placement):
    first = record(placement)
    errors = refusal(record, placement=placement, kind=Kind.STUDY)
    when = first.date
    assert errors["date"] == [f"You have already recorded {when.day} {when:%B %Y}."]
    assert PlacementDay.objects.get().kind == Kind.PLACEMENT


def test_refuses_a_date_before_the_start(placement):
    errors = refusal(record, placement=placement, date=placement.starts_on - timedelta(days=1))
    assert "before the placement starts" in errors["date"][0]
    assert not PlacementDay.objects.exists()


def test_refuses_a_date_after_the_end():
    placement = PlacementFactory(
        starts_on=today() - timedelta(days=60), ends_on=today() - timedelta(days=5)
    )
    errors = refusal(record, placement=placement, date=today() - timedelta(days=2))
    assert "after the placement ends" in errors["date"][0]
    assert not PlacementDay.objects.exists()


def test_a_make_up_day_after_the_end_needs_the_end_date_extended():
    placement = PlacementFactory(
        starts_on=today() - timedelta(days=60), ends_on=today() - timedelta(days=5)
    )
    late = today() - timedelta(days=2)
    errors = refusal(record, placement=placement, date=late, makes_up_missed_day=True)
    assert "needs the end date extended" in errors["date"][0]
    assert not PlacementDay.objects.exists()
    # Once the end date is extended to cover it, the make-up day is accepted.
    placement.ends_on = today()
    placement.save()
    day = record(placement, date=late, makes_up_missed_day=True)
    assert day.makes_up_missed_day


@pytest.mark.parametrize(
    ("kind", "hours"),
    [
        (Kind.PLACEMENT, "0"),
        (Kind.STUDY, "-1"),
        (Kind.PLACEMENT, "24.5"),
        (Kind.SICKNESS, "25"),
        (Kind.SICKNESS, "-0.5"),
    ],
)
def test_refuses_hours_out_of_range(placement, kind, hours):
    errors = refusal(record, placement=placement, kind=kind, hours=Decimal(hours))
    assert "hours" in errors
    assert not PlacementDay.objects.exists()


@pytest.mark.parametrize("kind", [Kind.SICKNESS, Kind.OTHER_ABSENCE, Kind.BANK_HOLIDAY])
def test_absences_may_have_zero_hours(placement, kind):
    assert record(placement, kind=kind, hours=Decimal(0)).hours == 0


def test_refuses_a_make_up_absence(placement):
    errors = refusal(record, placement=placement, kind=Kind.SICKNESS, makes_up_missed_day=True)
    assert "makes_up_missed_day" in errors
    assert not PlacementDay.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        Placement.Status.DRAFT,
        Placement.Status.PROPOSED,
        Placement.Status.CONFIRMED,
        Placement.Status.PASSED,
        Placement.Status.FAILED,
        Placement.Status.ENDED_EARLY,
    ],
)
def test_refuses_days_on_a_placement_that_is_not_live(status):
    placement = PlacementFactory(status=status)
    errors = refusal(record, placement=placement)
    assert "cannot be recorded" in errors["placement"][0]
    assert not PlacementDay.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        Placement.Status.ACTIVE,
        Placement.Status.SUSPENDED,
        Placement.Status.MIDPOINT_REVIEWED,
        Placement.Status.FINAL_REPORT_SUBMITTED,
    ],
)
def test_records_days_on_a_live_placement(status):
    assert record(PlacementFactory(status=status)).pk


def update(day, **overrides):
    fields = {
        "day": day,
        "by": day.placement.student,
        "date": day.date,
        "kind": day.kind,
        "hours": day.hours,
        "note": day.note,
    }
    fields.update(overrides)
    return day_update(**fields)


def test_the_student_changes_a_pending_day(placement):
    day = record(placement)
    update(day, kind=Kind.SKILLS, hours=Decimal("6"))
    day.refresh_from_db()
    assert (day.kind, day.hours) == (Kind.SKILLS, Decimal("6.00"))


def test_a_change_runs_the_same_checks(placement):
    record(placement, date=today() - timedelta(days=2))
    day = record(placement)
    errors = refusal(update, day=day, date=today() - timedelta(days=2))
    assert "already recorded" in errors["date"][0]
    day.refresh_from_db()
    assert day.date == today() - timedelta(days=1)


def test_refuses_to_change_a_confirmed_day(placement):
    day = record(placement)
    days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    errors = refusal(update, day=day, hours=Decimal("3"))
    assert errors["date"] == ["A confirmed day cannot be changed; ask your practice educator."]
    day.refresh_from_db()
    assert day.hours == Decimal("7.5")


def test_only_the_student_changes_a_day(placement):
    day = record(placement)
    with pytest.raises(PermissionDenied):
        update(day, by=placement.practice_educator, hours=Decimal("1"))
    day.refresh_from_db()
    assert day.hours == Decimal("7.5")


def week_of_days(placement):
    return [record(placement, date=today() - timedelta(days=n)) for n in range(1, 6)]


def test_the_practice_educator_confirms_a_week_and_the_student_is_told(placement):
    days = week_of_days(placement)
    confirmed = days_confirm(placement=placement, by=placement.practice_educator, days=days)
    assert len(confirmed) == 5
    assert (
        PlacementDay.objects.filter(
            confirmed_by=placement.practice_educator, confirmed_at__isnull=False
        ).count()
        == 5
    )
    assert Notification.objects.filter(user=placement.student, title__contains="5 days").exists()


@pytest.mark.parametrize("who", ["student", "tutor"])
def test_only_the_practice_educator_confirms(placement, who):
    days = week_of_days(placement)
    with pytest.raises(PermissionDenied):
        days_confirm(placement=placement, by=getattr(placement, who), days=days)
    assert not PlacementDay.objects.filter(confirmed_at__isnull=False).exists()


def test_confirming_is_all_or_nothing(placement):
    days = week_of_days(placement)
    days_confirm(placement=placement, by=placement.practice_educator, days=days[:1])
    errors = refusal(days_confirm, placement=placement, by=placement.practice_educator, days=days)
    assert "Already confirmed" in errors["days"][0]
    assert PlacementDay.objects.filter(confirmed_at__isnull=False).count() == 1


def test_refuses_days_of_another_placement(placement):
    days = week_of_days(placement)
    other = PlacementFactory(practice_educator=placement.practice_educator)
    errors = refusal(days_confirm, placement=other, by=placement.practice_educator, days=days)
    assert "not on this placement" in errors["days"][0]
    assert not PlacementDay.objects.filter(confirmed_at__isnull=False).exists()


def test_refuses_to_confirm_nothing(placement):
    errors = refusal(days_confirm, placement=placement, by=placement.practice_educator, days=[])
    assert errors["days"] == ["There are no days to confirm."]
