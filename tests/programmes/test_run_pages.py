"""A run's pages (issue 19, requirement 4): the runs list, planning and changing a
run, its page with the days, leaders, families and attendance grid (each family
shown is a logged read), choosing leaders, confirming an arrival and the daily
register. Who may do what, the refusals, and constant queries on the lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.programmes.models import Run, RunAttendance, RunPlace
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .delivery_support import other_programme
from .leaders_support import leader
from .leaders_support import run as make_run
from .people import fresh, programme_worker
from .run_days_support import DAYS, FAR, FIRST_DAY, LONG_AGO, arrive, invited
from .support import pocar

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(programme):
    return make_run(programme, FIRST_DAY, places=30)


def page(name, *args):
    return reverse(f"programmes:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- the runs list ----------------------------------------------------------------------------


def test_the_runs_list_shows_upcoming_runs_first_then_past_ones(
    client, programme, coordinator, worker
):
    past = make_run(programme, date(2027, 1, 4))
    soon = make_run(programme, FIRST_DAY, places=10)
    later = make_run(programme, date(2027, 6, 7))
    invited(programme, soon, worker)  # one child takes a place
    soon.leaders.set(
        [leader(programme, n, issued_on=LONG_AGO, expires_on=FAR) for n in ("Omar", "Jessica")]
    )
    client.force_login(coordinator)
    response = client.get(page("run_list", programme.slug))
    runs = response.context["runs"]
    assert runs == [soon, later, past]
    assert (runs[0].places_left, runs[0].leader_count, runs[0].leaders_complete) == (9, 2, True)
    assert runs[1].leaders_complete is False and runs[2].is_past
    assert "Plan a run" in text(response) and "12 April 2027" in text(response)
    client.force_login(worker)
    assert "Plan a run" not in text(client.get(page("run_list", programme.slug)))


def test_an_empty_list_says_so_and_a_programme_without_runs_has_none(client, programme, worker):
    client.force_login(worker)
    response = client.get(page("run_list", programme.slug))
    assert response.status_code == 200 and "No run is planned yet." in text(response)
    other = pocar()
    client.force_login(programme_worker(other))
    assert client.get(page("run_list", other.slug)).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_runs_list_makes_a_constant_number_of_queries(
    client, programme, worker, django_assert_max_num_queries, count
):
    for n in range(count):
        run = make_run(programme, FIRST_DAY + timedelta(days=7 * n))
        run.leaders.add(leader(programme, f"Leader {n}", issued_on=LONG_AGO, expires_on=FAR))
        invited(programme, run, worker, name=f"Parent {n}")
    client.force_login(worker)
    with django_assert_max_num_queries(10):
        response = client.get(page("run_list", programme.slug))
    assert len(response.context["runs"]) == count


# --- planning and changing a run --------------------------------------------------------------


def test_a_coordinator_plans_a_run(client, programme, coordinator):
    client.force_login(coordinator)
    form = client.get(page("run_add", programme.slug)).context["form"]
    assert form.initial["places"] == programme.group_size == 10
    response = client.post(
        page("run_add", programme.slug),
        {"starts_on": "2027-04-12", "venue": "Kursgården Sjövik", "places": "8"},
        follow=True,
    )
    run = Run.objects.get()
    assert (run.starts_on, run.ends_on, run.places) == (FIRST_DAY, DAYS[-1], 8)
    assert "The run from 12 April 2027 to 15 April 2027 is planned" in message(response)


def test_a_first_day_in_the_past_is_refused_and_the_answers_kept(client, programme, coordinator):
    client.force_login(coordinator)
    data = {"starts_on": "2027-03-01", "venue": "Kursgården Sjövik", "places": "8"}
    response = client.post(page("run_add", programme.slug), data)
    assert response.status_code == 200
    assert "The first day must be in the future" in text(response)
    assert "Kursgården Sjövik" in text(response) and not Run.objects.exists()


def test_a_worker_may_not_plan_and_another_provider_sees_nothing(client, programme, worker, run):
    client.force_login(worker)
    assert client.get(page("run_add", programme.slug)).status_code == 403
    assert client.post(page("run_edit", run.pk), {"venue": "X"}).status_code == 403
    assert client.get(page("run_leaders", run.pk)).status_code == 403
    client.force_login(programme_worker(other_programme()))
    for name, arg in (("run_list", programme.slug), ("run_detail", run.pk)):
        assert client.get(page(name, arg)).status_code == 404
    assert fresh(run).venue == "Kursgården Sjövik"


def test_moving_a_run_with_families_is_refused_saying_what_to_do(
    client, programme, coordinator, run, worker
):
    invited(programme, run, worker)
    client.force_login(coordinator)
    data = {"starts_on": "2027-04-19", "venue": "Sjövik", "places": "30"}
    response = client.post(page("run_edit", run.pk), data)
    assert "Move the families to another run first" in text(response)
    assert fresh(run).starts_on == FIRST_DAY


def test_a_run_without_families_is_cancelled_with_the_reason(client, programme, coordinator, run):
    client.force_login(coordinator)
    response = client.post(page("run_cancel", run.pk), {"reason": "Too few families"}, follow=True)
    assert "The run is cancelled." in message(response)
    assert fresh(run).status == Run.Status.CANCELLED
    response = client.get(page("run_edit", run.pk), follow=True)
    assert "This run is cancelled: it cannot be changed." in message(response)


# --- the run's page ---------------------------------------------------------------------------


def test_the_run_page_shows_days_leaders_families_and_logs_each_family(
    client, programme, run, worker, clock
):
    run.leaders.set(
        [
            leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=FAR),
            leader(programme, "Karin Ek", issued_on=LONG_AGO, expires_on=DAYS[2]),
        ]
    )
    vera = invited(programme, run, worker)
    bo = invited(programme, run, worker, name="Bo Berg")
    vera = arrive(vera, worker, clock)
    client.force_login(worker)
    response = client.get(page("run_detail", run.pk))
    body = text(response)
    assert [d[2] for d in response.context["page"].days] == [False, False, True, True]
    assert "Day 3: Wednesday 14 April 2027" in body and "Parent day" in body
    assert "Omar Haddad" in body and "Not valid on every day (expires 14 April 2027)" in body
    assert "Vera Testberg" in body and "Bo Berg" in body and "Idun (8)" in body
    assert "Tove" not in body  # 6 on the first day: not taking part
    assert "28 of 30" in body
    logged = AccessEvent.objects.filter(user=worker, path=page("run_detail", run.pk))
    assert sorted(int(e.object_id) for e in logged) == sorted([vera.referral_id, bo.referral_id])
    (child_row, parent_row) = response.context["page"].grid  # only Vera's family has arrived
    assert child_row.name == "Idun" and child_row.cells == [None, None, None, None]
    assert parent_row.is_parent and parent_row.cells == ["", "", None, None]


@pytest.mark.parametrize("families", [1, 6])
def test_the_run_page_makes_a_constant_number_of_queries(
    client, programme, run, worker, clock, django_assert_max_num_queries, families
):
    places = [invited(programme, run, worker, name=f"Parent {n}") for n in range(families)]
    for place in places:
        arrive(place, worker, clock)
    client.force_login(worker)
    with django_assert_max_num_queries(14):
        response = client.get(page("run_detail", run.pk))
    assert len(response.context["page"].grid) == 2 * families


# --- leaders ----------------------------------------------------------------------------------


def test_leaders_expiring_on_day_three_are_refused_naming_them_and_the_choice_is_kept(
    client, programme, run, coordinator
):
    omar = leader(programme, "Omar Haddad", issued_on=LONG_AGO, expires_on=FAR)
    karin = leader(programme, "Karin Ek", issued_on=LONG_AGO, expires_on=DAYS[2])
    jessica = leader(programme, "Jessica Berg", issued_on=LONG_AGO, expires_on=DAYS[3])
    client.force_login(coordinator)
    response = client.post(page("run_leaders", run.pk), {"leaders": [omar.pk, karin.pk]})
    assert "Karin Ek&#x27;s certificate is not valid on 15 April 2027" in text(response)
    assert response.context["form"]["leaders"].value() == [str(omar.pk), str(karin.pk)]
    assert not run.leaders.exists()
    response = client.post(
        page("run_leaders", run.pk), {"leaders": [omar.pk, jessica.pk]}, follow=True
    )
    assert "The run&#x27;s leaders are saved." in text(response)
    assert set(run.leaders.all()) == {omar, jessica}


# --- arrival ----------------------------------------------------------------------------------


def test_arrival_opens_from_the_first_day_and_confirms_the_sobriety(
    client, programme, run, worker, clock
):
    place = invited(programme, run, worker)
    client.force_login(worker)
    response = client.get(page("run_place_arrival", place.pk), follow=True)
    assert "Arrivals are recorded from the run&#x27;s first day, 12 April 2027." in text(response)
    clock.today_is(FIRST_DAY)
    client.force_login(worker)  # a month on: signed in again
    response = client.get(page("run_place_arrival", place.pk))
    assert response.status_code == 200 and "Vera Testberg" in text(response)
    assert AccessEvent.objects.filter(user=worker, object_id=str(place.referral_id)).exists()
    too_short = {"sober_since": "2027-03-20"}  # 23 days on the first day
    response = client.post(page("run_place_arrival", place.pk), too_short)
    assert "sober for 23 days on the run&#x27;s first day" in text(response)
    assert fresh(place).status == RunPlace.Status.INVITED
    response = client.post(page("run_place_arrival", place.pk), {"sober_since": "2027-03-01"})
    place = fresh(place)
    assert response.status_code == 302 and place.status == RunPlace.Status.CONFIRMED
    assert place.sober_since_on_arrival == date(2027, 3, 1) and place.arrived_on == FIRST_DAY


def test_outsiders_may_not_confirm_an_arrival(client, programme, run, worker, clock):
    place = invited(programme, run, worker)
    clock.today_is(FIRST_DAY)
    for outsider in (programme_worker(other_programme()), user_with_role(Role.STUDENT)):
        client.force_login(outsider)
        response = client.post(page("run_place_arrival", place.pk), {"sober_since": "2027-03-01"})
        assert response.status_code == 404
    assert fresh(place).status == RunPlace.Status.INVITED


# --- the daily register -----------------------------------------------------------------------


def register(run, day: date) -> str:
    return page("run_attendance", run.pk, day.isoformat())


def test_day_one_has_the_children_only_and_a_parent_answer_is_refused(client, run, worker, arrived):
    client.force_login(worker)
    response = client.get(register(run, DAYS[0]))
    fields = list(response.context["form"].fields)
    assert fields == [f"place_{arrived.pk}_child_{arrived.idun.pk}"]
    data = {fields[0]: "present", f"place_{arrived.pk}_parent": "present"}
    response = client.post(register(run, DAYS[0]), data)
    assert "The parent takes part on the parent days only" in text(response)
    assert not RunAttendance.objects.exists()
    response = client.post(register(run, DAYS[0]), {fields[0]: "present"}, follow=True)
    assert "The register of day 1, 12 April 2027, is saved." in message(response)
    assert RunAttendance.objects.get().present is True


def test_on_a_parent_day_the_parent_is_registered_and_corrections_are_shown(
    client, run, worker, arrived, clock
):
    clock.today_is(DAYS[2])
    client.force_login(worker)
    child, parent = f"place_{arrived.pk}_child_{arrived.idun.pk}", f"place_{arrived.pk}_parent"
    assert list(client.get(register(run, DAYS[2])).context["form"].fields) == [child, parent]
    response = client.post(register(run, DAYS[2]), {child: "present"})
    assert "Select whether Vera Testberg, parent" in text(response)
    assert not RunAttendance.objects.exists()
    client.post(register(run, DAYS[2]), {child: "present", parent: "present"})
    client.post(register(run, DAYS[2]), {child: "present", parent: "absent"})
    form = client.get(register(run, DAYS[2])).context["form"]
    assert form[parent].value() == "absent" and form[child].value() == "present"
    row = RunAttendance.objects.get(child=None)
    assert row.day == DAYS[2] and row.history.count() == 2


@pytest.mark.parametrize(
    "day, words",
    [
        (DAYS[1], "can be taken on the day, not before"),
        (DAYS[0] - timedelta(days=1), "is not one of the run&#x27;s days"),
    ],
)
def test_a_future_day_or_a_day_outside_the_run_is_refused(client, run, worker, arrived, day, words):
    client.force_login(worker)
    key = f"place_{arrived.pk}_child_{arrived.idun.pk}"
    response = client.post(register(run, day), {key: "present"}, follow=True)
    assert words in text(response) and not RunAttendance.objects.exists()


def test_a_day_that_is_no_date_is_not_found_and_outsiders_see_nothing(client, run, worker, arrived):
    client.force_login(worker)
    assert client.get(page("run_attendance", run.pk, "day-1")).status_code == 404
    client.force_login(programme_worker(other_programme()))
    assert client.get(register(run, DAYS[0])).status_code == 404
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(register(run, DAYS[0])).status_code == 404
