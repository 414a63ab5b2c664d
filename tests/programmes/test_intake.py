"""Intake (issue 18, requirement 3): allocation, contact, the contact timescale
and decisions, through the pages a co-ordinator and a care co-ordinator use."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from placements.programmes.models import ContactAttempt, Referral
from placements.programmes.selectors.intake import contact_flag, intake_counts
from placements.programmes.services.intake import (
    contact_attempt_record,
    referral_allocate,
    referral_decide,
)
from portal.audit.models import AccessEvent
from portal.models import BankHoliday, EmailOutbox, Notification
from portal.transitions import TransitionNotAllowed
from tests.factories import user_with_role

from .people import fresh, programme_worker, provider_coordinator, referral
from .support import pocar

pytestmark = pytest.mark.django_db

S = Referral.Status


def allocated(clock=None, **changes):
    programme = pocar()
    coordinator = provider_coordinator(programme)
    worker = programme_worker(programme)
    made = referral(programme, **changes)
    made = referral_allocate(referral=made, care_coordinator=worker, by=coordinator)
    return made, coordinator, worker


def reached(made, worker, on, assessment_on):
    return contact_attempt_record(
        referral=made,
        by=worker,
        made_on=on,
        method=ContactAttempt.Method.PHONE,
        result=ContactAttempt.Result.REACHED,
        assessment_offered_on=assessment_on,
    )


# --- the contact timescale ------------------------------------------------------------------


def test_contact_is_due_ten_working_days_on_with_bank_holidays_skipped(clock):
    # Christmas 2027: Monday 27 and Tuesday 28 December are bank holidays (substitute
    # days), and Monday 3 January 2028.
    for day in (date(2027, 12, 27), date(2027, 12, 28), date(2028, 1, 3)):
        BankHoliday.objects.get_or_create(date=day, defaults={"name": "Holiday"})
    clock.today_is(date(2027, 12, 22))  # a Wednesday
    made = referral()
    # 23, 24, 29, 30, 31 December; 4, 5, 6, 7 and 10 January.
    assert made.contact_due_on == date(2028, 1, 10)
    assert contact_flag(made, date(2028, 1, 3)) == ""
    # Three working days left (5, 6, 7 ... the 10th): flagged due.
    assert contact_flag(made, date(2028, 1, 5)) == "due"
    assert contact_flag(made, date(2028, 1, 10)) == "due"
    assert contact_flag(made, date(2028, 1, 11)) == "overdue"


def test_reaching_the_parent_stops_the_flag_and_a_missed_call_does_not(clock):
    clock.today_is(date(2027, 3, 1))
    made, coordinator, worker = allocated()
    clock.today_is(date(2027, 3, 20))
    assert contact_flag(fresh(made), date(2027, 3, 20)) == "overdue"
    contact_attempt_record(
        referral=made,
        by=worker,
        made_on=date(2027, 3, 19),
        method=ContactAttempt.Method.PHONE,
        result=ContactAttempt.Result.NO_ANSWER,
    )
    assert contact_flag(fresh(made), date(2027, 3, 20)) == "overdue"
    reached(made, worker, date(2027, 3, 20), date(2027, 3, 24))
    made = fresh(made)
    assert made.contacted_on == date(2027, 3, 20)
    assert made.assessment_on == date(2027, 3, 24)
    assert contact_flag(made, date(2027, 3, 20)) == ""


def test_the_list_flags_overdue_and_due_and_filters_by_them(client, clock):
    clock.today_is(date(2027, 3, 1))
    late, coordinator, worker = allocated()
    clock.today_is(date(2027, 3, 15))
    soon = referral(pocar())  # due 29 March: six working days left on the 19th
    clock.today_is(date(2027, 3, 19))
    client.force_login(coordinator)
    page = client.get(reverse("programmes:referral_list"))
    body = page.content.decode()
    assert late.reference in body and soon.reference in body
    assert body.count('data-testid="contact-overdue"') == 1
    page = client.get(reverse("programmes:referral_list"), {"status": "open", "flag": "overdue"})
    body = page.content.decode()
    assert late.reference in body and soon.reference not in body
    counts = intake_counts(coordinator, date(2027, 3, 19))
    assert counts == {"to_allocate": 1, "overdue": 1, "due": 0}
    # The care co-ordinator's own count: only what is allocated to them.
    assert intake_counts(worker, date(2027, 3, 19))["overdue"] == 1


# --- allocation -----------------------------------------------------------------------------


def test_a_coordinator_allocates_and_the_care_coordinator_is_told(client):
    programme = pocar()
    coordinator = provider_coordinator(programme)
    worker = programme_worker(programme, name="Casey Carer")
    made = referral(programme)
    client.force_login(coordinator)
    url = reverse("programmes:referral_allocate", args=[made.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"care_coordinator": worker.pk})
    assert response.status_code == 302
    made = fresh(made)
    assert made.status == S.ALLOCATED and made.care_coordinator == worker
    told = Notification.objects.get(user=worker)
    assert made.reference in told.title and "Jordan" not in told.title
    assert made.history.first().history_user == coordinator


def test_only_someone_on_the_team_can_be_allocated():
    programme = pocar()
    coordinator = provider_coordinator(programme)
    stranger = user_with_role("programme_worker", programme.provider)  # not on the team
    made = referral(programme)
    with pytest.raises(ValidationError) as refused:
        referral_allocate(referral=made, care_coordinator=stranger, by=coordinator)
    assert "team" in str(refused.value)
    assert fresh(made).status == S.RECEIVED


def test_a_team_member_cannot_allocate_and_is_told_so(client):
    programme = pocar()
    worker = programme_worker(programme)
    made = referral(programme)
    client.force_login(worker)
    assert client.get(reverse("programmes:referral_allocate", args=[made.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        referral_allocate(referral=made, care_coordinator=worker, by=worker)


# --- contact attempts -----------------------------------------------------------------------


def test_the_care_coordinator_records_a_contact_on_the_page(client, clock):
    clock.today_is(date(2027, 3, 1), time(9))
    made, coordinator, worker = allocated()
    clock.today_is(date(2027, 3, 2), time(9))
    client.force_login(worker)
    url = reverse("programmes:referral_contact", args=[made.pk])
    response = client.post(
        url,
        {
            "made_on": "2027-03-02",
            "how": "phone",
            "result": "reached",
            "assessment_offered_on": "2027-03-01",
        },
    )
    # The assessment cannot be before the contact: shown, nothing saved.
    assert response.status_code == 200
    assert "on or after the day of the contact" in response.content.decode()
    assert not ContactAttempt.objects.exists()
    response = client.post(
        url,
        {
            "made_on": "2027-03-02",
            "how": "phone",
            "result": "reached",
            "assessment_offered_on": "2027-03-09",
        },
    )
    assert response.status_code == 302
    assert fresh(made).assessment_on == date(2027, 3, 9)


@pytest.mark.parametrize(
    ("made_on", "message"),
    [(date(2027, 3, 5), "today or in the past"), (date(2027, 2, 27), "after the referral")],
)
def test_a_contact_date_in_the_future_or_before_the_referral_is_refused(clock, made_on, message):
    clock.today_is(date(2027, 3, 1))
    made, coordinator, worker = allocated()
    with pytest.raises(ValidationError) as refused:
        reached(made, worker, made_on, None)
    assert message in str(refused.value)
    assert not ContactAttempt.objects.exists()


def test_another_team_member_cannot_record_contact_on_someone_elses_family(client):
    made, coordinator, worker = allocated()
    colleague = programme_worker(made.programme)
    client.force_login(colleague)
    # They may read it (same programme) but not work with the family.
    assert client.get(reverse("programmes:referral_detail", args=[made.pk])).status_code == 200
    assert client.get(reverse("programmes:referral_contact", args=[made.pk])).status_code == 403


# --- decisions ------------------------------------------------------------------------------


def test_accepting_needs_the_parent_reached_and_assessed(clock):
    clock.today_is(date(2027, 3, 1))
    made, coordinator, worker = allocated()
    with pytest.raises(ValidationError) as refused:
        referral_decide(referral=made, name="accept", by=worker)
    assert "reached the parent" in str(refused.value)
    reached(made, worker, date(2027, 3, 1), date(2027, 3, 8))
    with pytest.raises(ValidationError) as refused:
        referral_decide(referral=made, name="accept", by=worker)
    assert "once the assessment has taken place" in str(refused.value)
    clock.today_is(date(2027, 3, 8))
    made = referral_decide(referral=made, name="accept", by=worker)
    assert made.status == S.ACCEPTED


@pytest.mark.parametrize("move", ["not_suitable", "parent_declined", "withdraw"])
def test_each_closing_decision_needs_a_reason_and_tells_the_referrer_by_reference(client, move):
    made, coordinator, worker = allocated()
    client.force_login(worker)
    url = reverse(f"programmes:referral_{move}", args=[made.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert fresh(made).status == S.ALLOCATED
    sent_before = EmailOutbox.objects.count()
    response = client.post(url, {"reason": "The family has moved to another area."})
    assert response.status_code == 302
    made = fresh(made)
    assert made.status != S.ALLOCATED and made.outcome_reason
    email = EmailOutbox.objects.order_by("pk").last()
    assert EmailOutbox.objects.count() == sent_before + 1
    assert email.recipient == "rowan@midshire.example.org"
    assert made.reference in email.subject
    # The reference and the outcome, never the reason typed or a name.
    assert "moved" not in email.message and "Jordan" not in email.message
    assert "Alex" not in email.message


def test_a_decided_referral_refuses_another_decision():
    made, coordinator, worker = allocated()
    referral_decide(referral=made, name="withdraw", by=worker, reason="The referrer asked.")
    with pytest.raises(TransitionNotAllowed):
        referral_decide(referral=made, name="not_suitable", by=worker, reason="x")
    with pytest.raises(ValidationError):
        contact_attempt_record(
            referral=made,
            by=worker,
            made_on=date.today(),
            method="phone",
            result="reached",
        )


# --- access ---------------------------------------------------------------------------------


def test_each_view_of_a_referral_is_logged(client):
    made, coordinator, worker = allocated()
    client.force_login(worker)
    before = AccessEvent.objects.count()
    response = client.get(reverse("programmes:referral_detail", args=[made.pk]))
    assert response.status_code == 200
    assert "Jordan Parentname" in response.content.decode()
    event = AccessEvent.objects.order_by("pk").last()
    assert AccessEvent.objects.count() == before + 1
    assert event.user == worker and event.object_id == str(made.pk)


@pytest.mark.parametrize("role", ["student", "practice_educator", "coordinator", "tutor"])
def test_people_outside_the_programme_get_404_and_no_list(client, role):
    made, coordinator, worker = allocated()
    outsider = user_with_role(role)  # their own organisation, not the provider
    client.force_login(outsider)
    assert client.get(reverse("programmes:referral_detail", args=[made.pk])).status_code == 404
    assert client.get(reverse("programmes:referral_list")).status_code == 403


def test_a_worker_on_another_programme_sees_nothing_of_this_one(client):
    made, coordinator, worker = allocated()
    other = pocar()  # the same programme object: build a second one
    other.pk = None
    other.name, other.slug = "Another programme", "another"
    other.save()
    elsewhere = programme_worker(other)
    client.force_login(elsewhere)
    assert client.get(reverse("programmes:referral_detail", args=[made.pk])).status_code == 404
    listed = client.get(reverse("programmes:referral_list"), {"status": ""})
    assert made.reference not in listed.content.decode()


def test_the_list_makes_the_same_number_of_queries_for_5_and_50_referrals(
    client, django_assert_max_num_queries
):
    programme = pocar()
    coordinator = provider_coordinator(programme)
    for _ in range(5):
        referral(programme)
    client.force_login(coordinator)
    url = reverse("programmes:referral_list")
    client.get(url)
    with django_assert_max_num_queries(13) as five:
        client.get(url)
    for _ in range(45):
        referral(programme)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 50


def test_a_worker_on_two_programmes_filters_by_either_without_reading_them_again(
    client, django_assert_max_num_queries
):
    programme = pocar()
    coordinator = provider_coordinator(programme)
    other = pocar()
    other.pk = None
    other.name, other.slug = "Another programme", "another"
    other.save()
    here, there = referral(programme), referral(other)
    client.force_login(coordinator)
    url = reverse("programmes:referral_list")
    client.get(url)
    with django_assert_max_num_queries(13):  # as many as for one programme
        response = client.get(url, {"programme": other.pk, "status": ""})
    choices = response.context["filter_form"].fields["programme"].choices
    assert [label for _, label in choices] == ["All programmes", "Another programme", "POCAR"]
    body = response.content.decode()
    assert there.reference in body and here.reference not in body


def test_a_reference_search_finds_a_decided_referral_too(client):
    made, coordinator, worker = allocated()
    referral_decide(referral=made, name="withdraw", by=worker, reason="The referrer asked.")
    other = referral(made.programme)
    client.force_login(coordinator)
    url = reverse("programmes:referral_list")
    body = client.get(url, {"status": "open"}).content.decode()
    assert made.reference not in body and other.reference in body
    body = client.get(url, {"status": "open", "reference": made.reference[-4:]}).content.decode()
    assert made.reference in body and other.reference not in body
