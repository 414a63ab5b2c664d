"""The daily supervision reminders: each rule, each sent once, one digest per person a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from placements.models import Placement, PlacementDay
from placements.oversight import midpoint_of
from portal.models import Notification
from supervision.models import Observation, Reminder, ReminderDigest, SupervisionSession
from supervision.services.reminders import reminders_send
from supervision.services.sessions import session_reflect
from supervision.tasks import send_supervision_reminders
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
OS = Observation.Status
R = Reminder.Rule

# Monday 7 September 2026; the reminders look at the week on Tuesday the 15th.
START = date(2026, 9, 7)
TUESDAY = date(2026, 9, 15)


def in_practice(starts_on=START, **fields) -> Placement:
    return PlacementFactory(starts_on=starts_on, ends_on=starts_on + timedelta(days=120), **fields)


def reminders_of(user, rule=None):
    found = Reminder.objects.filter(user=user)
    if rule:
        found = found.filter(rule=rule)
    return list(found.values_list("subject", flat=True))


def notifications_of(user):
    return list(Notification.objects.filter(user=user))


def waiting(record, days: int) -> None:
    """Make `record` look as if it entered its status `days` days ago (its history says so)."""
    type(record).history.filter(id=record.pk).update(
        history_date=timezone.now() - timedelta(days=days)
    )


# --- A week without supervision -------------------------------------------------------------


def test_the_educator_is_reminded_of_last_week_without_supervision(
    django_capture_on_commit_callbacks,
):
    placement = in_practice()
    educator = placement.practice_educator
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TUESDAY) == 1

    assert reminders_of(educator) == [f"placement:{placement.pk}:week:2026-09-07"]
    [notification] = notifications_of(educator)
    assert notification.title == "Supervision: 1 thing needs your attention"
    assert f"No supervision is recorded for {placement.student}" in notification.body
    assert "week beginning 7 September 2026" in notification.body
    assert f"/portal/placements/{placement.pk}/#supervision" in notification.body
    assert notification.url == f"/portal/placements/{placement.pk}/#supervision"
    # The email goes after commit: the title and a link; the details stay in the portal.
    [email] = [m for m in mail.outbox if m.to == [educator.email]]
    assert "Supervision: 1 thing needs your attention" in email.subject
    assert f"http://testserver/portal/placements/{placement.pk}/#supervision" in email.body
    assert "No supervision is recorded" not in email.body


def test_a_held_session_that_week_means_no_reminder_but_a_scheduled_one_does_not():
    supervised = in_practice()
    SupervisionSessionFactory(placement=supervised, date=START + timedelta(days=2), status=S.DRAFT)
    only_booked = in_practice()
    SupervisionSessionFactory(
        placement=only_booked, date=START + timedelta(days=2), status=S.SCHEDULED
    )
    reminders_send(today=TUESDAY)
    assert reminders_of(supervised.practice_educator) == []
    assert reminders_of(only_booked.practice_educator) == [
        f"placement:{only_booked.pk}:week:2026-09-07"
    ]


def test_a_week_of_sickness_owes_no_supervision_but_a_week_not_yet_logged_does():
    sick = in_practice()
    for offset in range(5):
        PlacementDay.objects.create(
            placement=sick, date=START + timedelta(days=offset), kind="sickness", hours=0
        )
    not_logged = in_practice()
    reminders_send(today=TUESDAY)
    assert reminders_of(sick.practice_educator) == []
    assert reminders_of(not_logged.practice_educator) != []


def test_the_week_is_due_the_day_after_its_last_working_day_even_before_a_bank_holiday():
    # Friday 25 December 2026 is Christmas Day: the week's last working day is Thursday.
    placement = in_practice(starts_on=date(2026, 12, 21))
    reminders_send(today=date(2026, 12, 24))
    assert reminders_of(placement.practice_educator) == []
    reminders_send(today=date(2026, 12, 25))
    assert reminders_of(placement.practice_educator) == [
        f"placement:{placement.pk}:week:2026-12-21"
    ]


def test_placements_not_in_practice_get_no_week_reminders():
    suspended = in_practice(status=Placement.Status.SUSPENDED)
    not_started = in_practice(starts_on=TUESDAY + timedelta(days=6))
    passed = in_practice(status=Placement.Status.PASSED)
    reminders_send(today=TUESDAY)
    for placement in (suspended, not_started, passed):
        assert reminders_of(placement.practice_educator) == []


def test_running_twice_the_same_day_sends_nothing_twice(django_capture_on_commit_callbacks):
    placement = in_practice()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TUESDAY) == 1
        assert reminders_send(today=TUESDAY) == 0
    assert len(notifications_of(placement.practice_educator)) == 1
    assert len([m for m in mail.outbox if m.to == [placement.practice_educator.email]]) == 1
    # The next day the same week is still the latest one due: reminded once is enough.
    assert reminders_send(today=TUESDAY + timedelta(days=1)) == 0
    assert len(notifications_of(placement.practice_educator)) == 1


def test_the_daily_task_sends_the_digests():
    placement = in_practice(starts_on=timezone.localdate() - timedelta(days=14))
    assert send_supervision_reminders.apply().get() == 1
    assert send_supervision_reminders.apply().get() == 0
    assert len(notifications_of(placement.practice_educator)) == 1


# --- Records waiting for the student's reflection -----------------------------------------------


def supervised_last_week(**fields) -> SupervisionSession:
    """A session of a placement in practice (so no week reminder muddles the count)."""
    today = timezone.localdate()
    placement = PlacementFactory(starts_on=today - timedelta(days=40), **fields)
    for weeks_ago in range(0, 7):
        SupervisionSessionFactory(
            placement=placement, date=today - timedelta(days=7 * weeks_ago), status=S.LOCKED
        )
    return placement


def test_the_student_is_reminded_after_three_days_waiting_for_their_reflection():
    placement = supervised_last_week()
    session = SupervisionSessionFactory(placement=placement, status=S.AWAITING_STUDENT)
    waiting(session, 3)
    reminders_send()
    assert reminders_of(placement.student) == []
    waiting(session, 4)
    reminders_send()
    [subject] = reminders_of(placement.student, R.REFLECTION_WAITING)
    assert subject.startswith(f"session:{session.pk}:awaiting_student:")
    [notification] = notifications_of(placement.student)
    assert "Add your reflection to the supervision record of" in notification.body
    assert f"/portal/supervision/sessions/{session.pk}/" in notification.body
    assert reminders_of(placement.student, R.SIGNATURE_WAITING) == []


def test_an_observation_waiting_for_the_students_reflection_is_reminded_too():
    placement = supervised_last_week()
    observation = ObservationFactory(placement=placement, status=OS.AWAITING_STUDENT)
    waiting(observation, 4)
    reminders_send()
    [subject] = reminders_of(placement.student, R.REFLECTION_WAITING)
    assert subject.startswith(f"observation:{observation.pk}:")
    assert "direct observation" in notifications_of(placement.student)[0].body


def test_the_wait_counts_from_entering_the_status_not_from_the_last_edit():
    placement = supervised_last_week()
    session = SupervisionSessionFactory(placement=placement, status=S.AWAITING_STUDENT)
    waiting(session, 4)
    # The student starts their reflection today: the record is still waiting for them.
    session_reflect(session=session, by=placement.student, reflection="I noticed that...")
    reminders_send()
    assert len(reminders_of(placement.student, R.REFLECTION_WAITING)) == 1


# --- Records waiting for a signature -------------------------------------------------------------


def test_the_educator_is_reminded_after_five_days_waiting_for_their_signature():
    placement = supervised_last_week()
    session = SupervisionSessionFactory(placement=placement, status=S.AWAITING_EDUCATOR)
    waiting(session, 5)
    reminders_send()
    assert reminders_of(placement.practice_educator) == []
    waiting(session, 6)
    reminders_send()
    [subject] = reminders_of(placement.practice_educator, R.SIGNATURE_WAITING)
    assert subject.startswith(f"session:{session.pk}:awaiting_educator:")
    [notification] = notifications_of(placement.practice_educator)
    assert f"for {placement.student}: the student signed it on" in notification.body
    assert reminders_of(placement.student) == []


def test_the_observer_is_reminded_to_sign_an_observation():
    placement = supervised_last_week()
    observation = ObservationFactory(placement=placement, status=OS.AWAITING_OBSERVER)
    waiting(observation, 6)
    reminders_send()
    assert len(reminders_of(observation.observer, R.SIGNATURE_WAITING)) == 1


def test_a_student_silent_for_five_days_gets_both_reminders_in_one_digest():
    placement = supervised_last_week()
    session = SupervisionSessionFactory(placement=placement, status=S.AWAITING_STUDENT)
    waiting(session, 6)
    assert reminders_send() == 1
    assert len(reminders_of(placement.student, R.REFLECTION_WAITING)) == 1
    assert len(reminders_of(placement.student, R.SIGNATURE_WAITING)) == 1
    [notification] = notifications_of(placement.student)
    assert notification.title == "Supervision: 2 things need your attention"
    assert notification.url == "/portal/"
    assert (
        "Add your reflection" in notification.body and "Sign the supervision" in notification.body
    )


def test_a_record_sent_back_and_sent_again_starts_a_new_wait():
    placement = supervised_last_week()
    session = SupervisionSessionFactory(placement=placement, status=S.AWAITING_STUDENT)
    waiting(session, 4)
    reminders_send()
    assert len(reminders_of(placement.student, R.REFLECTION_WAITING)) == 1
    # Sent back to draft and to the student again, ten days later (history rows).
    session.status = S.DRAFT
    session.save()
    session.status = S.AWAITING_STUDENT
    session.save()
    later = timezone.localdate() + timedelta(days=10)
    assert reminders_send(today=later) >= 1
    assert len(reminders_of(placement.student, R.REFLECTION_WAITING)) == 2


def test_locked_and_cancelled_records_are_never_reminded():
    placement = supervised_last_week()
    cancelled = SupervisionSessionFactory(placement=placement, status=S.CANCELLED)
    waiting(cancelled, 10)
    reminders_send()
    assert reminders_of(placement.student) == []
    assert reminders_of(placement.practice_educator) == []


# --- No observation booked before the midpoint ------------------------------------------------


def halfway_in(days: int) -> tuple[Placement, date]:
    """A placement whose midpoint is `days` after the returned 'today'."""
    today = date(2026, 11, 3)
    placement = in_practice(starts_on=today + timedelta(days=days) - timedelta(days=60))
    assert midpoint_of(placement) == today + timedelta(days=days)
    return placement, today


def test_the_educator_is_reminded_two_weeks_before_the_midpoint_with_nothing_booked():
    placement, today = halfway_in(14)
    reminders_send(today=today)
    [subject] = reminders_of(placement.practice_educator, R.OBSERVATION_NOT_BOOKED)
    assert subject == f"placement:{placement.pk}:observation-before:2026-11-17"
    body = notifications_of(placement.practice_educator)[0].body
    assert "Book a direct observation" in body and "17 November 2026" in body


def test_no_observation_reminder_earlier_than_two_weeks_before_the_midpoint():
    placement, today = halfway_in(15)
    reminders_send(today=today)
    assert reminders_of(placement.practice_educator, R.OBSERVATION_NOT_BOOKED) == []


def test_a_booked_observation_before_the_midpoint_means_no_reminder():
    placement, today = halfway_in(10)
    ObservationFactory(placement=placement, date=today + timedelta(days=5))
    reminders_send(today=today)
    assert reminders_of(placement.practice_educator, R.OBSERVATION_NOT_BOOKED) == []


@pytest.mark.parametrize(
    "status, after_midpoint", [(OS.CANCELLED, False), (OS.PLANNED, True)], ids=["cancelled", "late"]
)
def test_a_cancelled_or_late_observation_does_not_count_as_booked(status, after_midpoint):
    placement, today = halfway_in(10)
    on = today + timedelta(days=12 if after_midpoint else 5)
    ObservationFactory(placement=placement, date=on, status=status)
    reminders_send(today=today)
    assert len(reminders_of(placement.practice_educator, R.OBSERVATION_NOT_BOOKED)) == 1


# --- One digest a person a day -------------------------------------------------------------


def test_an_educators_reminders_of_one_day_come_in_one_digest(django_capture_on_commit_callbacks):
    first = in_practice()
    second = in_practice(practice_educator=first.practice_educator)
    educator = first.practice_educator
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TUESDAY) == 1
    [digest] = ReminderDigest.objects.filter(user=educator)
    assert digest.sent_on == TUESDAY
    assert digest.reminders.count() == 2
    [notification] = notifications_of(educator)
    assert digest.notification == notification
    assert notification.title == "Supervision: 2 things need your attention"
    assert str(first.student) in notification.body and str(second.student) in notification.body
    assert len([m for m in mail.outbox if m.to == [educator.email]]) == 1


def test_a_reminder_due_after_todays_digest_waits_for_tomorrow():
    placement = in_practice()
    educator = placement.practice_educator
    reminders_send(today=TUESDAY)
    other = in_practice(practice_educator=educator)
    assert reminders_send(today=TUESDAY) == 0
    assert reminders_of(educator) == [f"placement:{placement.pk}:week:2026-09-07"]
    assert reminders_send(today=TUESDAY + timedelta(days=1)) == 1
    assert f"placement:{other.pk}:week:2026-09-07" in reminders_of(educator)
    assert len(notifications_of(educator)) == 2
