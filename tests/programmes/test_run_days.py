"""A run's services (issue 19, requirement 4): planning and cancelling a run, a
family's arrival with the parent's sobriety confirmed, the daily register with the
parent on the parent days only, and the run's leaders on its edge dates. Every
refusal says why and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from placements.programmes.models import Run, RunAttendance, RunPlace
from placements.programmes.services.leaders import run_leaders_set
from placements.programmes.services.run_days import (
    run_attendance_record,
    run_cancel,
    run_place_arrive,
    run_plan,
)
from portal.accounts.roles import Role
from tests.factories import user_with_role

from .delivery_support import other_programme
from .leaders_support import leader
from .people import fresh, programme_worker
from .run_days_support import DAYS, FAR, FIRST_DAY, LONG_AGO, TODAY, invited

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(programme, coordinator):
    return run_plan(
        programme=programme, by=coordinator, starts_on=FIRST_DAY, venue="Sjövik", places=10
    )


# --- planning ---------------------------------------------------------------------------------


def test_a_coordinator_plans_a_run_of_four_consecutive_days(run, programme):
    assert run.programme == programme and run.status == Run.Status.PLANNED
    assert run.days == DAYS and run.ends_on == date(2027, 4, 15)


@pytest.mark.parametrize("first_day", [TODAY, TODAY - timedelta(days=1)])
def test_the_first_day_must_be_in_the_future(programme, coordinator, first_day):
    with pytest.raises(ValidationError) as refused:
        run_plan(programme=programme, by=coordinator, starts_on=first_day, venue="X", places=5)
    assert refused.value.message_dict["starts_on"] == ["The first day must be in the future"]
    assert not Run.objects.exists()


def test_only_the_providers_coordinators_plan_runs(programme, worker):
    with pytest.raises(PermissionDenied):
        run_plan(programme=programme, by=worker, starts_on=FIRST_DAY, venue="X", places=5)
    outsider = programme_worker(other_programme())
    with pytest.raises(Http404):
        run_plan(programme=programme, by=outsider, starts_on=FIRST_DAY, venue="X", places=5)
    assert not Run.objects.exists()


def test_a_run_with_families_keeps_its_dates_and_enough_places(programme, run, coordinator):
    two = [("Idun", date(2018, 5, 1)), ("Ask", date(2015, 1, 1))]  # 8 and 12: two places
    invited(programme, run, coordinator, children=two)
    later = FIRST_DAY + timedelta(days=7)
    with pytest.raises(ValidationError, match="Move the families to another run first"):
        run_plan(programme=programme, run=run, by=coordinator, starts_on=later, venue="Y", places=9)
    with pytest.raises(ValidationError, match="Families hold 2 places on this run"):
        run_plan(
            programme=programme, run=run, by=coordinator, starts_on=FIRST_DAY, venue="Y", places=1
        )
    run = fresh(run)
    assert (run.starts_on, run.venue, run.places) == (FIRST_DAY, "Sjövik", 10)
    run_plan(programme=programme, run=run, by=coordinator, starts_on=FIRST_DAY, venue="Y", places=2)
    assert (fresh(run).venue, fresh(run).places) == ("Y", 2)


def test_a_run_without_families_moves_and_its_last_day_follows(programme, run, coordinator):
    later = FIRST_DAY + timedelta(days=7)
    run_plan(programme=programme, run=run, by=coordinator, starts_on=later, venue="Y", places=8)
    assert fresh(run).ends_on == later + timedelta(days=3)


def test_a_run_is_cancelled_with_a_reason_only_when_no_family_holds_a_place(
    programme, run, coordinator
):
    with pytest.raises(ValidationError, match="Enter why the run is cancelled"):
        run_cancel(run=run, reason=" ", by=coordinator)
    place = invited(programme, run, coordinator)
    with pytest.raises(ValidationError, match="Move them to another run first"):
        run_cancel(run=run, reason="Too few families", by=coordinator)
    assert fresh(run).status == Run.Status.PLANNED
    RunPlace.objects.filter(pk=place.pk).update(status=RunPlace.Status.DECLINED)
    run_cancel(run=run, reason="Too few families", by=coordinator)
    assert (fresh(run).status, fresh(run).cancel_reason) == ("cancelled", "Too few families")


# --- arrival ----------------------------------------------------------------------------------


def test_arrival_is_refused_before_the_first_day(programme, run, worker, clock):
    place = invited(programme, run, worker)
    clock.today_is(FIRST_DAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="from the run's first day, 12 April 2027"):
        run_place_arrive(place=place, sober_since=LONG_AGO, by=worker)
    assert fresh(place).status == RunPlace.Status.INVITED and fresh(place).arrived_on is None


def test_the_family_arrives_with_the_sobriety_date_told_then(programme, run, worker, clock):
    place = invited(programme, run, worker)
    clock.today_is(DAYS[1])  # a family may come on the second day
    sober_since = FIRST_DAY - timedelta(days=30)  # exactly 30 days on the first day
    run_place_arrive(place=place, sober_since=sober_since, by=worker)
    place = fresh(place)
    assert place.status == RunPlace.Status.CONFIRMED and place.get_status_display() == "Arrived"
    assert (place.arrived_on, place.sober_since_on_arrival) == (DAYS[1], sober_since)
    assert place.arrival_recorded_by == worker
    with pytest.raises(ValidationError, match="arrival was recorded on 13 April 2027"):
        run_place_arrive(place=place, sober_since=sober_since, by=worker)


def test_a_sobriety_too_short_on_the_first_day_is_refused_and_nothing_saved(
    programme, run, worker, clock
):
    place = invited(programme, run, worker)
    clock.today_is(FIRST_DAY)
    with pytest.raises(ValidationError) as refused:
        run_place_arrive(place=place, sober_since=FIRST_DAY - timedelta(days=29), by=worker)
    (message,) = refused.value.message_dict["sober_since"]
    assert "sober for 29 days on the run's first day, 12 April 2027" in message
    assert "needs 30" in message and "moved to a later run" in message
    place = fresh(place)
    assert place.status == RunPlace.Status.INVITED and place.sober_since_on_arrival is None


def test_arrival_is_refused_after_the_run_and_on_a_cancelled_run(programme, run, worker, clock):
    place = invited(programme, run, worker)
    clock.today_is(DAYS[-1] + timedelta(days=1))
    with pytest.raises(ValidationError, match="ended on 15 April 2027"):
        run_place_arrive(place=place, sober_since=LONG_AGO, by=worker)
    clock.today_is(FIRST_DAY)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        run_place_arrive(place=place, sober_since=LONG_AGO, by=worker)
    assert fresh(place).status == RunPlace.Status.INVITED


def test_only_the_programmes_team_confirms_an_arrival(programme, run, worker, clock):
    place = invited(programme, run, worker)
    clock.today_is(FIRST_DAY)
    for outsider in (programme_worker(other_programme()), user_with_role(Role.STUDENT)):
        with pytest.raises(Http404):
            run_place_arrive(place=place, sober_since=LONG_AGO, by=outsider)
    assert fresh(place).status == RunPlace.Status.INVITED


# --- the daily register -----------------------------------------------------------------------


def test_the_children_are_registered_every_day_and_corrected(arrived, run, worker, clock):
    child = arrived.idun
    assert (
        run_attendance_record(
            run=run, day=DAYS[0], answers={(arrived.pk, child.pk): True}, by=worker
        )
        == 1
    )
    clock.today_is(DAYS[1])
    run_attendance_record(run=run, day=DAYS[0], answers={(arrived.pk, child.pk): False}, by=worker)
    row = RunAttendance.objects.get()
    assert (row.day, row.child, row.present) == (DAYS[0], child, False)
    assert [h.present for h in row.history.order_by("history_date")] == [True, False]


def test_the_parent_is_on_the_register_on_days_three_and_four_only(arrived, run, worker, clock):
    child = arrived.idun
    clock.today_is(DAYS[3])
    for day in DAYS[:2]:
        with pytest.raises(ValidationError, match="Parents take part on days 3, 4 only"):
            run_attendance_record(
                run=run,
                day=day,
                answers={(arrived.pk, child.pk): True, (arrived.pk, None): True},
                by=worker,
            )
    assert not RunAttendance.objects.exists()
    for day in DAYS[2:]:
        with pytest.raises(ValidationError, match="Say whether each person was there: Vera"):
            run_attendance_record(
                run=run, day=day, answers={(arrived.pk, child.pk): True}, by=worker
            )
        run_attendance_record(
            run=run,
            day=day,
            answers={(arrived.pk, child.pk): True, (arrived.pk, None): day == DAYS[2]},
            by=worker,
        )
    parent_rows = RunAttendance.objects.filter(child=None).order_by("day")
    assert [(r.day, r.present) for r in parent_rows] == [(DAYS[2], True), (DAYS[3], False)]


@pytest.mark.parametrize(
    "day, words",
    [
        (DAYS[1], "can be taken on the day, not before"),
        (FIRST_DAY - timedelta(days=1), "is not one of the run's days"),
        (DAYS[3] + timedelta(days=1), "is not one of the run's days"),
    ],
)
def test_a_future_day_or_a_day_outside_the_run_is_refused(arrived, run, worker, day, words):
    with pytest.raises(ValidationError, match=words):
        run_attendance_record(
            run=run, day=day, answers={(arrived.pk, arrived.idun.pk): True}, by=worker
        )
    assert not RunAttendance.objects.exists()


def test_a_child_not_taking_part_or_a_cancelled_run_is_refused(arrived, run, worker):
    tove = arrived.referral.children.get(name="Tove")  # 6 on the first day
    answers = {(arrived.pk, arrived.idun.pk): True, (arrived.pk, tove.pk): True}
    with pytest.raises(ValidationError, match="not on this run"):
        run_attendance_record(run=run, day=DAYS[0], answers=answers, by=worker)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        run_attendance_record(
            run=run, day=DAYS[0], answers={(arrived.pk, arrived.idun.pk): True}, by=worker
        )
    assert not RunAttendance.objects.exists()


def test_only_the_programmes_team_takes_the_register(arrived, run):
    answers = {(arrived.pk, arrived.idun.pk): True}
    with pytest.raises(Http404):
        run_attendance_record(
            run=run, day=DAYS[0], answers=answers, by=programme_worker(other_programme())
        )
    assert not RunAttendance.objects.exists()


# --- the run's leaders on the edge dates ------------------------------------------------------


def test_a_certificate_expiring_on_day_three_is_refused_and_on_day_four_accepted(
    programme, run, coordinator
):
    omar = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=FAR)
    karin = leader(programme, "Karin Ek", issued_on=LONG_AGO, expires_on=DAYS[2])
    with pytest.raises(ValidationError) as refused:
        run_leaders_set(run=run, leaders=[omar, karin], by=coordinator)
    assert refused.value.message_dict["leaders"] == [
        "Karin Ek's certificate is not valid on 15 April 2027 (it expires on 14 April 2027)."
    ]
    assert not run.leaders.exists()
    jessica = leader(programme, "Jessica Berg", issued_on=LONG_AGO, expires_on=DAYS[3])
    run_leaders_set(run=run, leaders=[omar, jessica], by=coordinator)
    assert set(run.leaders.all()) == {omar, jessica}
