"""Group pages (issue 18, requirement 4): the group sessions list, generating
sessions, the register, the creche and cancelling; refusals and query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.programmes.models import Attendance, CrecheBooking, GroupSession
from portal.audit.models import AccessEvent

from .delivery_support import (
    coordinator_of,
    enrolment,
    group_session,
    other_programme,
    programme_with_strands,
    worker_on,
    years_before,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)


@pytest.fixture
def pocar_with_strands(clock):
    clock.today_is(TODAY)
    return programme_with_strands(men_running=True)


@pytest.fixture
def coordinator(pocar_with_strands):
    return coordinator_of(pocar_with_strands)


def text(response) -> str:
    return response.content.decode()


def list_url(programme, **query) -> str:
    url = reverse("programmes:group_list", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- the list ---------------------------------------------------------------------------


def test_the_list_has_an_empty_state_and_the_generate_form_for_coordinators(
    pocar_with_strands, coordinator, client
):
    client.force_login(coordinator)
    page = client.get(list_url(pocar_with_strands))
    assert "There are no group sessions in March 2027" in text(page)
    assert "Add group sessions" in text(page)
    client.force_login(worker_on(pocar_with_strands))
    page = client.get(list_url(pocar_with_strands))
    assert page.status_code == 200 and "Add group sessions" not in text(page)


def test_generating_from_the_list_skips_bank_holidays(pocar_with_strands, coordinator, client):
    from portal.models import BankHoliday

    BankHoliday.objects.get_or_create(date=date(2027, 5, 3), defaults={"name": "Early May"})
    client.force_login(coordinator)
    done = client.post(
        reverse("programmes:group_sessions_generate", args=[pocar_with_strands.slug]),
        {"start": "2027-05-03", "end": "2027-05-09"},
        follow=True,
    )
    # Wednesday 5 May for each of the two strands; Monday 3 May is a bank holiday
    assert "2 group sessions added" in text(done)
    assert set(GroupSession.objects.values_list("on", flat=True)) == {date(2027, 5, 5)}
    assert "Wednesday 5 May 2027" in text(done)


def test_generating_is_refused_to_a_team_member(pocar_with_strands, client):
    client.force_login(worker_on(pocar_with_strands))
    response = client.post(
        reverse("programmes:group_sessions_generate", args=[pocar_with_strands.slug]),
        {"start": "2027-05-03", "end": "2027-05-09"},
    )
    assert response.status_code == 403
    assert not GroupSession.objects.exists()


def test_the_list_filters_by_month_and_strand(pocar_with_strands, coordinator, client):
    group_session(pocar_with_strands, on=date(2027, 3, 15))
    group_session(pocar_with_strands, on=date(2027, 3, 15), gender="male")
    group_session(pocar_with_strands, on=date(2027, 4, 5))
    client.force_login(coordinator)
    women = pocar_with_strands.strands.get(for_gender="female")
    page = client.get(list_url(pocar_with_strands, month="2027-03", strand=women.pk))
    assert page.context["page_obj"].paginator.count == 1
    assert (
        client.get(list_url(pocar_with_strands, month="2027-04"))
        .context["page_obj"]
        .paginator.count
        == 1
    )


def test_another_programmes_worker_gets_404(pocar_with_strands, client):
    session = group_session(pocar_with_strands, on=TODAY)
    client.force_login(worker_on(other_programme()))
    assert client.get(list_url(pocar_with_strands)).status_code == 404
    for name in ("group_detail", "group_session_cancel"):
        assert client.get(reverse(f"programmes:{name}", args=[session.pk])).status_code == 404
    assert client.post(reverse("programmes:creche_book", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_queries_do_not_grow_with_its_rows(
    pocar_with_strands, coordinator, client, rows, django_assert_max_num_queries
):
    parent = enrolment(pocar_with_strands, starts_on=date(2027, 2, 1), by=coordinator)
    for n in range(rows):
        session = group_session(
            pocar_with_strands,
            on=date(2027, 3, 1) + timedelta(days=n % 28),
            starts_at=f"{8 + n // 28}:00",
        )
        Attendance.objects.create(group_session=session, enrolment=parent, mark="present")
    client.force_login(coordinator)
    client.get(list_url(pocar_with_strands, month="2027-03"))  # warm the session and caches
    with django_assert_max_num_queries(12):
        page = client.get(list_url(pocar_with_strands, month="2027-03"))
    assert page.context["page_obj"].paginator.count == rows


# --- the register -------------------------------------------------------------------------


def test_the_register_marks_every_parent_and_logs_the_read(pocar_with_strands, coordinator, client):
    first = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    second = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    session = group_session(pocar_with_strands, on=TODAY)
    worker = worker_on(pocar_with_strands)
    client.force_login(worker)
    url = reverse("programmes:group_detail", args=[session.pk])
    page = client.get(url)
    assert first.referral.parent_name in text(page) and second.referral.parent_name in text(page)
    assert AccessEvent.objects.filter(user=worker, object_id=str(session.pk)).count() == 1
    refused = client.post(url, {f"mark_{first.pk}": "present"})
    assert refused.status_code == 200
    assert f"for {second.referral.parent_name}" in text(refused)
    assert not Attendance.objects.exists()
    client.post(url, {f"mark_{first.pk}": "present", f"mark_{second.pk}": "absent"})
    assert Attendance.objects.count() == 2
    session.refresh_from_db()
    assert session.register_taken_by == worker


def test_a_future_session_shows_no_register_form(pocar_with_strands, coordinator, client):
    enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    session = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    client.force_login(coordinator)
    page = client.get(reverse("programmes:group_detail", args=[session.pk]))
    assert "The register can be taken on the day of the session." in text(page)
    assert 'data-testid="register"' not in text(page)


# --- the creche and cancelling -------------------------------------------------------------


def test_booking_a_creche_place_and_the_age_refusal(pocar_with_strands, coordinator, client):
    session_day = date(2027, 3, 15)
    parent = enrolment(
        pocar_with_strands,
        starts_on=TODAY,
        by=coordinator,
        children=(
            ("Ava", years_before(session_day, 6, days=1)),
            ("Cal", years_before(session_day, 5)),
        ),
    )
    session = group_session(pocar_with_strands, on=session_day)
    ava, cal = parent.referral.children.order_by("name")
    client.force_login(coordinator)
    url = reverse("programmes:creche_book", args=[session.pk])
    refused = client.post(url, {"child": ava.pk})
    assert "Ava will be 6 on 15 March 2027; the creche is for children aged 0 to 5." in text(
        refused
    )
    client.post(url, {"child": cal.pk})
    assert list(CrecheBooking.objects.values_list("child", flat=True)) == [cal.pk]
    page = client.get(reverse("programmes:group_detail", args=[session.pk]))
    assert "1 of 8 places booked" in text(page)
    booking = CrecheBooking.objects.get()
    client.post(reverse("programmes:creche_cancel", args=[booking.pk]))
    assert not CrecheBooking.objects.exists()


def test_cancelling_a_session_needs_a_reason_and_a_coordinator(
    pocar_with_strands, coordinator, client
):
    session = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    url = reverse("programmes:group_session_cancel", args=[session.pk])
    client.force_login(worker_on(pocar_with_strands))
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert "Cancel the session on" in text(client.get(url))
    refused = client.post(url, {"reason": ""})
    assert "Enter why the session is cancelled" in text(refused)
    client.post(url, {"reason": "The room is flooded"})
    session.refresh_from_db()
    assert session.status == "cancelled" and session.cancel_reason == "The room is flooded"
    page = client.get(reverse("programmes:group_detail", args=[session.pk]))
    assert "The room is flooded" in text(page)


@pytest.mark.parametrize("parents", [5, 50])
def test_the_register_page_queries_do_not_grow_with_its_parents(
    pocar_with_strands, coordinator, client, parents, django_assert_max_num_queries
):
    for _ in range(parents):
        enrolment(
            pocar_with_strands,
            starts_on=TODAY - timedelta(weeks=1),
            by=coordinator,
            children=(("Ava", date(2024, 1, 1)),),
        )
    session = group_session(pocar_with_strands, on=TODAY)
    client.force_login(coordinator)
    url = reverse("programmes:group_detail", args=[session.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert len(page.context["expected"]) == parents
