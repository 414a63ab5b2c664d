"""Enrolment pages (issue 18, requirement 4): enrolling, the parent's enrolment,
keywork, ending the programme and leaving early; who may see and do what; every
read logged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.programmes.models import Attendance, Enrolment, KeyworkPlan, KeyworkSession
from portal.audit.models import AccessEvent

from .delivery_support import (
    coordinator_of,
    enrolment,
    group_session,
    other_programme,
    programme_with_strands,
    referral,
    worker_on,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)


@pytest.fixture
def pocar_with_strands(clock):
    clock.today_is(TODAY)
    return programme_with_strands(men_running=False)


@pytest.fixture
def coordinator(pocar_with_strands):
    return coordinator_of(pocar_with_strands)


def text(response) -> str:
    return response.content.decode()


def logged(user, record) -> int:
    return AccessEvent.objects.filter(user=user, object_id=str(record.pk)).count()


# --- enrolling --------------------------------------------------------------------------


def test_the_enrol_page_shows_the_keywork_only_reason_before_confirming(
    pocar_with_strands, coordinator, client
):
    father = referral(pocar_with_strands, gender="male")
    client.force_login(coordinator)
    url = reverse("programmes:enrol", args=[father.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "The men&#x27;s group is not running now, so this parent has keywork only." in text(page)
    assert logged(coordinator, father) == 1
    done = client.post(url, {"starts_on": TODAY.isoformat()}, follow=True)
    made = Enrolment.objects.get()
    assert done.redirect_chain[-1][0] == reverse("programmes:enrolment_detail", args=[made.pk])
    assert "keywork only" in text(done)
    assert made.keywork_only_reason


def test_the_enrol_page_names_the_strand_running(pocar_with_strands, coordinator, client):
    mother = referral(pocar_with_strands, gender="female")
    client.force_login(coordinator)
    page = client.get(reverse("programmes:enrol", args=[mother.pk]))
    assert "Joins the women&#x27;s group" in text(page)


def test_a_bad_start_date_is_shown_on_the_form_and_nothing_saved(
    pocar_with_strands, coordinator, client
):
    mother = referral(pocar_with_strands)
    client.force_login(coordinator)
    page = client.post(
        reverse("programmes:enrol", args=[mother.pk]),
        {"starts_on": (TODAY - timedelta(weeks=6)).isoformat()},
    )
    assert page.status_code == 200
    assert "no more than 4 weeks ago" in text(page)
    assert not Enrolment.objects.exists()


def test_enrolling_is_refused_to_a_team_member_and_hidden_from_another_programme(
    pocar_with_strands, client
):
    mother = referral(pocar_with_strands)
    url = reverse("programmes:enrol", args=[mother.pk])
    client.force_login(worker_on(pocar_with_strands))
    assert client.get(url).status_code == 403
    assert client.post(url, {"starts_on": TODAY.isoformat()}).status_code == 403
    client.force_login(coordinator_of(other_programme()))
    assert client.get(url).status_code == 404
    assert not Enrolment.objects.exists()


# --- the enrolment page -------------------------------------------------------------------


def test_the_enrolment_page_shows_dates_strand_attendance_and_logs_the_read(
    pocar_with_strands, coordinator, client
):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    for day, mark in ((1, "present"), (3, "present"), (5, "absent"), (8, "present")):
        session = group_session(pocar_with_strands, on=parent.starts_on + timedelta(days=day))
        Attendance.objects.create(group_session=session, enrolment=parent, mark=mark)
    client.force_login(coordinator)
    page = client.get(reverse("programmes:enrolment_detail", args=[parent.pk]))
    assert page.status_code == 200
    body = text(page)
    assert "24 February 2027 to 16 June 2027" in body
    assert "Women&#x27;s group" in body
    assert "attended 3 of 4 sessions (75%); the programme asks for 75%" in body
    assert logged(coordinator, parent) == 1


def test_a_team_member_sees_the_enrolment_without_the_actions(
    pocar_with_strands, coordinator, client
):
    parent = enrolment(pocar_with_strands, starts_on=TODAY, by=coordinator)
    worker = worker_on(pocar_with_strands)
    client.force_login(worker)
    page = client.get(reverse("programmes:enrolment_detail", args=[parent.pk]))
    assert page.status_code == 200
    assert "Record a keywork session" not in text(page)
    for name in (
        "keywork_session_record",
        "keywork_plan_agree",
        "enrolment_end",
        "enrolment_leave",
    ):
        assert client.get(reverse(f"programmes:{name}", args=[parent.pk])).status_code == 403


def test_another_programmes_worker_gets_404_on_every_enrolment_page(
    pocar_with_strands, coordinator, client
):
    parent = enrolment(pocar_with_strands, starts_on=TODAY, by=coordinator)
    client.force_login(worker_on(other_programme()))
    for name in (
        "enrolment_detail",
        "keywork_session_record",
        "keywork_plan_agree",
        "keywork_plan_review",
        "enrolment_end",
        "enrolment_leave",
    ):
        assert client.get(reverse(f"programmes:{name}", args=[parent.pk])).status_code == 404
    assert not AccessEvent.objects.filter(object_id=str(parent.pk)).exists()


def test_the_care_coordinator_records_keywork_and_the_review_due_flag_shows(
    pocar_with_strands, client
):
    worker = worker_on(pocar_with_strands)
    parent = enrolment(
        pocar_with_strands, starts_on=TODAY - timedelta(weeks=6), by=worker, care_coordinator=worker
    )
    client.force_login(worker)
    url = reverse("programmes:keywork_session_record", args=[parent.pk])
    assert client.get(url).status_code == 200
    refused = client.post(
        url, {"held_on": (TODAY + timedelta(days=1)).isoformat(), "mode": "phone"}
    )
    assert "must be today or in the past" in text(refused)
    client.post(url, {"held_on": TODAY.isoformat(), "mode": "phone", "attended": "on"})
    assert KeyworkSession.objects.filter(enrolment=parent, attended=True).count() == 1
    agreed = client.post(
        reverse("programmes:keywork_plan_agree", args=[parent.pk]),
        {
            "agreed_on": (TODAY - timedelta(weeks=5)).isoformat(),
            "goal_1": "Get the children to school on time",
            "score_1": "3",
        },
    )
    assert agreed.status_code == 302
    assert KeyworkPlan.objects.get(enrolment=parent).goals.count() == 1
    page = client.get(reverse("programmes:enrolment_detail", args=[parent.pk]))
    assert "Review overdue" in text(page)
    goal = KeyworkPlan.objects.get().goals.get()
    client.post(
        reverse("programmes:keywork_plan_review", args=[parent.pk]),
        {"reviewed_on": TODAY.isoformat(), f"score_{goal.pk}": "6"},
    )
    goal.refresh_from_db()
    assert goal.score_review == 6
    page = client.get(reverse("programmes:enrolment_detail", args=[parent.pk]))
    assert "Review overdue" not in text(page) and "7 April 2027" in text(page)


# --- ending -------------------------------------------------------------------------------


def test_the_end_page_shows_the_figures_and_the_outcome_then_ends(
    pocar_with_strands, coordinator, client
):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=16), by=coordinator)
    Enrolment.objects.filter(pk=parent.pk).update(ends_on=TODAY - timedelta(days=1))
    for day, mark in enumerate(["present"] * 20 + ["absent"] * 6):
        session = group_session(pocar_with_strands, on=parent.starts_on + timedelta(days=day))
        Attendance.objects.create(group_session=session, enrolment=parent, mark=mark)
    client.force_login(coordinator)
    url = reverse("programmes:enrolment_end", args=[parent.pk])
    page = client.get(url)
    assert "attended 20 of 26 sessions (77%); the programme asks for 75%" in text(page)
    assert "End the programme: completed" in text(page)
    done = client.post(url, follow=True)
    parent.refresh_from_db()
    assert parent.status == "completed"
    assert "The parent completed the programme" in text(done)


def test_the_end_page_before_the_end_date_offers_no_button(pocar_with_strands, coordinator, client):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    client.force_login(coordinator)
    url = reverse("programmes:enrolment_end", args=[parent.pk])
    assert "it can be ended from then" in text(client.get(url))
    refused = client.post(url)
    assert "The programme ends on" in text(refused)
    parent.refresh_from_db()
    assert parent.status == "active"


def test_leaving_early_needs_a_reason(pocar_with_strands, coordinator, client):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    client.force_login(coordinator)
    url = reverse("programmes:enrolment_leave", args=[parent.pk])
    refused = client.post(url, {"reason": ""})
    assert "Enter why the parent left the programme" in text(refused)
    client.post(url, {"reason": "Moved away."})
    parent.refresh_from_db()
    assert parent.status == "left" and parent.end_reason == "Moved away."
    page = client.get(reverse("programmes:enrolment_detail", args=[parent.pk]))
    assert "Left early" in text(page) and "Moved away." in text(page)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_enrolment_page_queries_do_not_grow_with_its_sessions(
    pocar_with_strands, coordinator, client, rows, django_assert_max_num_queries
):
    parent = enrolment(
        pocar_with_strands,
        starts_on=TODAY - timedelta(weeks=10),
        by=coordinator,
        children=(("Ava", date(2024, 1, 1)), ("Ben", date(2025, 1, 1))),
    )
    for n in range(rows):
        day = parent.starts_on + timedelta(days=n)
        KeyworkSession.objects.create(
            enrolment=parent, held_on=day, mode="phone", recorded_by=coordinator
        )
        session = group_session(pocar_with_strands, on=day)
        Attendance.objects.create(group_session=session, enrolment=parent, mark="present")
    client.force_login(coordinator)
    url = reverse("programmes:enrolment_detail", args=[parent.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
