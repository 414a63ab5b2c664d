"""A child's support-group history (issue 19, requirement 6): steps in date order,
the order rules (queued, then attending, then finished), corrections, refusals
that change nothing, whether each run came before or after the group, and the
page's reads, logging and permissions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from placements.programmes.models import Run, SupportGroupStep
from placements.programmes.selectors.support_group_history import run_paths
from placements.programmes.selectors.support_groups import AFTER, BEFORE, NONE
from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.runs import run_invite
from placements.programmes.services.support_groups import support_group_step_record
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.factories import user_with_role

from .people import programme_worker, provider_coordinator
from .support import pocar

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)
Q, A, F = "queued", "attending", "finished"


def family(programme, said="none", name="Vera Testberg"):
    return interest_register(
        programme=programme,
        details={
            "parent_name": name,
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": TODAY - timedelta(days=200),
            "parent_consent": True,
        },
        children=[InterestChild(1, "Idunella", date(2018, 5, 1), said)],
    )


@pytest.fixture
def child(programme):
    return family(programme).children.get()


def record(child, status, on, by, group=""):
    return support_group_step_record(child=child, status=status, on=on, group=group, by=by)


def steps(child):
    return list(SupportGroupStep.objects.filter(child=child).values_list("status", "on", "group"))


def url(child):
    return reverse("programmes:support_group", args=[child.pk])


# --- the service: order and refusals -------------------------------------------------------


def test_a_history_is_recorded_in_order_and_read_oldest_first(child, worker):
    record(child, F, date(2026, 12, 1), worker, group="Stjärnorna, Norrby")
    record(child, Q, date(2026, 5, 4), worker)
    step, created = record(child, A, date(2026, 9, 1), worker, group="  Stjärnorna  ")
    assert created and step.group == "Stjärnorna" and step.recorded_by == worker
    assert [s.status for s in child.support_group_steps.all()] == [Q, A, F]


@pytest.mark.parametrize(
    "first, second, words",
    [
        ((Q, date(2026, 9, 1)), (A, date(2026, 8, 31)), "the start \\(31 August 2026\\) is before"),
        (
            (A, date(2026, 9, 1)),
            (Q, date(2026, 9, 2)),
            "the start \\(1 September 2026\\) is before",
        ),
        ((A, date(2026, 9, 1)), (F, date(2026, 8, 1)), "the end \\(1 August 2026\\) is before"),
        ((Q, date(2026, 9, 1)), (F, date(2026, 8, 1)), "the end \\(1 August 2026\\) is before"),
    ],
    ids=[
        "started-before-queued",
        "queued-after-started",
        "finished-before-started",
        "finished-before-queued",
    ],
)
def test_steps_out_of_order_are_refused_and_nothing_is_saved(child, worker, first, second, words):
    record(child, first[0], first[1], worker)
    before = steps(child)
    with pytest.raises(ValidationError, match=words) as refused:
        record(child, second[0], second[1], worker)
    assert "on" in refused.value.error_dict
    assert steps(child) == before


def test_the_same_day_for_two_steps_is_in_order(child, worker):
    record(child, Q, date(2026, 9, 1), worker)
    record(child, A, date(2026, 9, 1), worker)
    record(child, F, date(2026, 9, 1), worker)
    assert len(steps(child)) == 3


def test_a_future_date_is_refused(child, worker):
    with pytest.raises(ValidationError, match="today or in the past"):
        record(child, Q, TODAY + timedelta(days=1), worker)
    record(child, Q, TODAY, worker)  # today is fine
    assert steps(child) == [(Q, TODAY, "")]


def test_a_date_before_the_child_was_born_is_refused(child, worker):
    with pytest.raises(ValidationError, match="before the child was born"):
        record(child, Q, date(2018, 4, 30), worker)
    assert steps(child) == []


def test_an_unknown_status_is_refused(child, worker):
    with pytest.raises(ValidationError, match="Select where the child is"):
        record(child, "dropped_out", TODAY, worker)
    assert steps(child) == []


def test_recording_a_status_again_corrects_it_and_keeps_the_earlier_answer(child, worker):
    first, created = record(child, Q, date(2026, 5, 4), worker, group="Stjärnorna")
    corrected, created_again = record(child, Q, date(2026, 5, 6), worker, group="Månen")
    assert created and not created_again and corrected.pk == first.pk
    assert steps(child) == [(Q, date(2026, 5, 6), "Månen")]
    assert [h.on for h in corrected.history.order_by("history_date")] == [
        date(2026, 5, 4),
        date(2026, 5, 6),
    ]


def test_a_correction_that_breaks_the_order_is_refused(child, worker):
    record(child, Q, date(2026, 5, 4), worker)
    record(child, A, date(2026, 6, 1), worker)
    with pytest.raises(ValidationError, match="before the queue date"):
        record(child, Q, date(2026, 7, 1), worker)
    assert steps(child) == [(Q, date(2026, 5, 4), ""), (A, date(2026, 6, 1), "")]


def test_only_the_programmes_team_records_a_step(programme, child):
    with pytest.raises(Http404):
        record(child, Q, TODAY, programme_worker(pocar()))
    with pytest.raises(Http404):
        record(child, Q, TODAY, user_with_role(Role.STUDENT))
    assert steps(child) == []
    record(child, Q, TODAY, provider_coordinator(programme))
    assert len(steps(child)) == 1


# --- before or after the run ----------------------------------------------------------------


@pytest.fixture
def run(programme):
    return Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=4)


def path_of(child, run, worker):
    run_invite(run=run, referral=child.referral, by=worker)
    (row,) = run_paths(child, list(child.support_group_steps.all()))
    return row.path, row.label


def test_a_child_who_went_to_a_group_before_the_first_day_comes_after_it(child, run, worker):
    record(child, Q, date(2026, 5, 4), worker)
    record(child, A, date(2026, 9, 1), worker)
    assert path_of(child, run, worker) == (AFTER, "Run after a support group")


def test_a_child_queued_or_starting_after_the_run_comes_before_it(child, run, worker, clock):
    record(child, Q, date(2026, 5, 4), worker)
    assert path_of(child, run, worker) == (BEFORE, "Run before a support group")
    clock.today_is(date(2027, 5, 2))  # after the run, the child starts a group
    record(child, A, date(2027, 5, 1), worker)
    assert path_of_again(child) == BEFORE


def path_of_again(child):
    (row,) = run_paths(child, list(child.support_group_steps.all()))
    return row.path


def test_without_steps_the_path_is_what_the_family_said(programme, run, worker):
    none = family(programme).children.get()
    assert path_of(none, run, worker) == (NONE, "No support group")
    attending = family(programme, said="attending", name="Bo Ek").children.get()
    assert path_of(attending, run, worker)[0] == AFTER


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_history_the_registration_and_the_run_and_logs_the_read(
    child, run, worker, client, django_assert_max_num_queries
):
    record(child, A, date(2026, 9, 1), worker, group="Stjärnorna")
    record(child, Q, date(2026, 5, 4), worker)
    run_invite(run=run, referral=child.referral, by=worker)
    client.force_login(worker)
    with django_assert_max_num_queries(25):
        response = client.get(url(child))
    page = response.content.decode()
    assert response.status_code == 200 and "Idunella" in page
    assert page.index("4 May 2026") < page.index("1 September 2026")
    assert "Stjärnorna" in page and "Not in a support group" in page
    assert "12 April 2027 to 15 April 2027" in page and "Run after a support group" in page
    assert 'name="status"' in page and 'name="on"' in page
    assert AccessEvent.objects.filter(user=worker).count() == 1


def test_a_step_is_recorded_from_the_page(child, worker, client):
    client.force_login(worker)
    response = client.post(url(child), {"status": Q, "on": "2026-05-04", "group": "Månen"})
    assert response.status_code == 302 and response["Location"] == url(child)
    assert steps(child) == [(Q, date(2026, 5, 4), "Månen")]
    page = client.get(url(child)).content.decode()
    assert "Recorded for Idunella: Waiting for a support group." in page


def test_a_refused_step_keeps_the_answers_and_saves_nothing(child, worker, client):
    client.force_login(worker)
    response = client.post(url(child), {"status": A, "on": "2027-03-11", "group": "Månen"})
    page = response.content.decode()
    assert response.status_code == 200 and "today or in the past" in page
    assert 'value="2027-03-11"' in page and 'value="Månen"' in page
    assert steps(child) == []
    assert AccessEvent.objects.filter(user=worker).count() == 1  # shown again: a read
    response = client.post(url(child), {"status": "", "on": ""})
    assert "Select where the child is with the support group" in response.content.decode()
    assert "Enter the date of this step" in response.content.decode()


def test_outsiders_get_404_and_save_nothing(child, client):
    for outsider in (
        programme_worker(pocar()),
        user_with_role(Role.STUDENT),
        user_with_role(Role.COORDINATOR),
    ):
        client.force_login(outsider)
        assert client.get(url(child)).status_code == 404
        response = client.post(url(child), {"status": Q, "on": "2026-05-04"})
        assert response.status_code == 404
    assert steps(child) == []
    assert not AccessEvent.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(child, client):
    response = client.get(url(child))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_child_is_404(worker, client):
    client.force_login(worker)
    assert client.get(reverse("programmes:support_group", args=[999999])).status_code == 404
