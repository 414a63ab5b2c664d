"""Outcome checks (issue 18, requirement 6): recording a follow-up, its refusals,
the "Outcome checks" page, recording from the page, and the daily reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from placements.programmes.models import OutcomeCheck
from placements.programmes.services.outcomes import outcome_check_record, outcome_checks_remind
from placements.programmes.tasks import remind_outcome_checks
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from portal.celery import app
from portal.models import Notification
from tests.factories import user_with_role

from .delivery_support import coordinator_of, other_programme, worker_on
from .outcomes_support import family
from .support import pocar

pytestmark = pytest.mark.django_db

P = OutcomeCheck.Point
TODAY = timezone.localdate


@pytest.fixture
def pocar_programme():
    return pocar()


@pytest.fixture
def keyworker(pocar_programme):
    return worker_on(pocar_programme)


@pytest.fixture
def enrolment(pocar_programme, keyworker):
    """Ended 100 days ago: the completion and 3-month checks are due, the 12-month one is not."""
    return family(
        pocar_programme, care_coordinator=keyworker, ended_on=TODAY() - timedelta(days=100)
    )


def check_at(enrolment, point) -> OutcomeCheck:
    return OutcomeCheck.objects.get(child__referral=enrolment.referral, point=point)


# --- the service ------------------------------------------------------------------------


def test_the_care_coordinator_records_a_due_check(enrolment, keyworker):
    check = check_at(enrolment, P.THREE_MONTHS)
    outcome_check_record(check=check, status="cin", recorded_on=TODAY(), by=keyworker)
    check.refresh_from_db()
    assert (check.status, check.recorded_on, check.recorded_by) == ("cin", TODAY(), keyworker)


def test_recording_again_corrects_it_and_the_history_keeps_the_first_answer(enrolment, keyworker):
    check = check_at(enrolment, P.COMPLETION)
    outcome_check_record(check=check, status="cp", recorded_on=TODAY(), by=keyworker)
    outcome_check_record(check=check, status="cin", recorded_on=TODAY(), by=keyworker)
    statuses = list(check.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[-2:] == ["cp", "cin"]
    assert check.history.latest().history_user == keyworker


def refused(check, **changes) -> ValidationError:
    before = OutcomeCheck.objects.values().get(pk=check.pk)
    kwargs = {"check": check, "status": "none", "recorded_on": TODAY(), **changes}
    with pytest.raises(ValidationError) as caught:
        outcome_check_record(**kwargs)
    assert OutcomeCheck.objects.values().get(pk=check.pk) == before  # nothing changed
    return caught.value


def test_a_check_not_due_yet_is_refused(enrolment, keyworker):
    error = refused(check_at(enrolment, P.TWELVE_MONTHS), by=keyworker)
    assert "not due until" in error.messages[0]


def test_a_date_in_the_future_is_refused(enrolment, keyworker):
    error = refused(
        check_at(enrolment, P.THREE_MONTHS), by=keyworker, recorded_on=TODAY() + timedelta(1)
    )
    assert error.message_dict == {"recorded_on": ["The date cannot be in the future."]}


def test_a_date_before_the_check_was_due_is_refused(enrolment, keyworker):
    check = check_at(enrolment, P.THREE_MONTHS)
    error = refused(check, by=keyworker, recorded_on=check.due_on - timedelta(days=1))
    assert "record it on or after that date" in error.message_dict["recorded_on"][0]


@pytest.mark.parametrize("status", ["", "adopted", "CP", None])
def test_an_unknown_status_is_refused(enrolment, keyworker, status):
    error = refused(check_at(enrolment, P.THREE_MONTHS), by=keyworker, status=status)
    assert error.message_dict == {"status": ["Choose the child's social care status."]}


def test_the_baseline_is_the_referrers_answer_and_is_never_recorded(enrolment, keyworker):
    baseline = check_at(enrolment, P.REFERRAL)
    assert baseline.status == "cp"
    error = refused(baseline, by=keyworker, status="none")
    assert "referrer gave" in error.messages[0]


def test_a_team_member_who_is_not_the_care_coordinator_is_refused(pocar_programme, enrolment):
    other = worker_on(pocar_programme)
    check = check_at(enrolment, P.THREE_MONTHS)
    with pytest.raises(PermissionDenied):
        outcome_check_record(check=check, status="none", recorded_on=TODAY(), by=other)
    assert not OutcomeCheck.objects.get(pk=check.pk).status


def test_a_worker_of_another_programme_does_not_find_the_check(enrolment):
    stranger = worker_on(other_programme())
    with pytest.raises(Http404):
        outcome_check_record(
            check=check_at(enrolment, P.THREE_MONTHS),
            status="none",
            recorded_on=TODAY(),
            by=stranger,
        )


def test_a_coordinator_of_the_provider_may_record_for_any_family(pocar_programme, enrolment):
    check = check_at(enrolment, P.THREE_MONTHS)
    outcome_check_record(
        check=check, status="lac", recorded_on=TODAY(), by=coordinator_of(pocar_programme)
    )
    assert OutcomeCheck.objects.get(pk=check.pk).status == "lac"


# --- the list ---------------------------------------------------------------------------


def listed(client, user, **query) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("programmes:outcome_checks"), query)
    assert response.status_code == 200
    return [f"{c.child.referral.reference} {c.point}" for c in response.context["page_obj"]]


def test_the_list_shows_the_care_coordinators_due_and_overdue_checks(
    client, pocar_programme, enrolment, keyworker
):
    someone_elses = family(pocar_programme, care_coordinator=worker_on(pocar_programme))
    ref = enrolment.referral.reference
    assert listed(client, keyworker) == [f"{ref} completion", f"{ref} 3m"]
    assert listed(client, keyworker, show="overdue") == [f"{ref} completion", f"{ref} 3m"]
    assert someone_elses.referral.reference not in " ".join(listed(client, keyworker, show="all"))
    page = client.get(reverse("programmes:outcome_checks")).content.decode()
    assert "Overdue" in page
    assert "Test Child" not in page  # initials only


def test_a_coordinator_sees_every_familys_checks(client, pocar_programme, enrolment):
    family(
        pocar_programme,
        care_coordinator=worker_on(pocar_programme),
        ended_on=TODAY() - timedelta(100),
    )
    assert len(listed(client, coordinator_of(pocar_programme))) == 4


def test_the_recorded_filter_lists_recorded_checks(client, enrolment, keyworker):
    check = check_at(enrolment, P.COMPLETION)
    outcome_check_record(check=check, status="cin", recorded_on=TODAY(), by=keyworker)
    ref = enrolment.referral.reference
    assert listed(client, keyworker, show="recorded") == [f"{ref} completion"]
    assert listed(client, keyworker) == [f"{ref} 3m"]


def test_a_check_due_in_more_than_a_week_is_not_yet_listed_as_due(
    client, pocar_programme, keyworker
):
    soon = family(pocar_programme, care_coordinator=keyworker, ended_on=TODAY() + timedelta(days=3))
    later = family(
        pocar_programme, care_coordinator=keyworker, ended_on=TODAY() + timedelta(days=30)
    )
    shown = " ".join(listed(client, keyworker))
    assert soon.referral.reference in shown
    assert later.referral.reference not in shown


def test_someone_who_works_on_no_programme_is_refused_the_list(client):
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(reverse("programmes:outcome_checks")).status_code == 403


@pytest.mark.parametrize("families", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(
    client, pocar_programme, django_assert_max_num_queries, families
):
    user = coordinator_of(pocar_programme)
    for _ in range(families):
        family(
            pocar_programme, statuses=("cp", "cin"), ended_on=TODAY() - timedelta(days=100), by=user
        )
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programmes:outcome_checks"), {"show": "all"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == families * 2 * 3


# --- the record page -----------------------------------------------------------------------


def test_recording_from_the_page_logs_the_read_and_saves(client, enrolment, keyworker):
    check = check_at(enrolment, P.THREE_MONTHS)
    url = reverse("programmes:outcome_check_record", args=[check.pk])
    client.force_login(keyworker)
    page = client.get(url)
    assert page.status_code == 200
    assert check.child.name in page.content.decode()
    assert AccessEvent.objects.filter(user=keyworker, object_id=str(check.child_id)).exists()
    response = client.post(url, {"status": "none", "recorded_on": TODAY().isoformat()})
    assert response.status_code == 302
    assert OutcomeCheck.objects.get(pk=check.pk).status == "none"


def test_the_page_shows_a_future_date_as_an_error_and_saves_nothing(client, enrolment, keyworker):
    check = check_at(enrolment, P.THREE_MONTHS)
    client.force_login(keyworker)
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("programmes:outcome_check_record", args=[check.pk]),
        {"status": "none", "recorded_on": tomorrow},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"recorded_on": ["The date cannot be in the future."]}
    assert not OutcomeCheck.objects.get(pk=check.pk).status


def test_the_baseline_page_has_no_form_and_a_post_is_refused(client, enrolment, keyworker):
    baseline = check_at(enrolment, P.REFERRAL)
    url = reverse("programmes:outcome_check_record", args=[baseline.pk])
    client.force_login(keyworker)
    page = client.get(url).content.decode()
    main = page[page.index('id="main-content"') :]  # the page's own content
    assert 'data-testid="baseline"' in main and '<form method="post"' not in main
    client.post(url, {"status": "none", "recorded_on": TODAY().isoformat()})
    assert OutcomeCheck.objects.get(pk=baseline.pk).status == "cp"


def test_the_record_page_is_403_for_another_team_member_and_404_for_another_programme(
    client, pocar_programme, enrolment
):
    url = reverse("programmes:outcome_check_record", args=[check_at(enrolment, P.THREE_MONTHS).pk])
    client.force_login(worker_on(pocar_programme))
    assert client.get(url).status_code == 403
    client.force_login(worker_on(other_programme()))
    assert client.get(url).status_code == 404


# --- reminders ------------------------------------------------------------------------------


def test_the_care_coordinator_is_reminded_once_by_reference_never_by_name(enrolment, keyworker):
    assert outcome_checks_remind() == 1
    [note] = Notification.objects.filter(user=keyworker)
    assert note.title == f"Outcome checks overdue for referral {enrolment.referral.reference}"
    assert "Test Child" not in note.title + note.body
    assert outcome_checks_remind() == 0  # once
    assert Notification.objects.filter(user=keyworker).count() == 1
    reminded = OutcomeCheck.objects.filter(reminded_at__isnull=False)
    assert set(reminded.values_list("point", flat=True)) == {P.COMPLETION, P.THREE_MONTHS}


def test_a_check_due_within_a_week_is_reminded_as_due_and_a_later_one_waits(
    pocar_programme, keyworker
):
    soon = family(pocar_programme, care_coordinator=keyworker, ended_on=TODAY() + timedelta(days=5))
    family(pocar_programme, care_coordinator=keyworker, ended_on=TODAY() + timedelta(days=20))
    assert outcome_checks_remind() == 1
    [note] = Notification.objects.filter(user=keyworker)
    assert note.title == f"Outcome checks due for referral {soon.referral.reference}"


def test_a_recorded_check_is_not_reminded(enrolment, keyworker):
    for point in (P.COMPLETION, P.THREE_MONTHS):
        outcome_check_record(
            check=check_at(enrolment, point), status="none", recorded_on=TODAY(), by=keyworker
        )
    assert outcome_checks_remind() == 0


def test_the_reminders_run_daily_on_celery_beat(enrolment, keyworker):
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "placements.programmes.tasks.remind_outcome_checks"
    ]
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1
    assert "placements.programmes.tasks.remind_outcome_checks" in app.tasks
    assert remind_outcome_checks.delay().get() == 1
