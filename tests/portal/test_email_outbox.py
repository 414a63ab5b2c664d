"""Notification emails survive a broker outage (issue 13, requirement 11).

`notify` writes the email into the outbox in the write's own transaction; the
enqueue after commit may fail (broker down) without breaking the write; the
relay on Celery beat sends what is left, once, and tries failures again later.
"""

import logging
import smtplib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from placements.models import PlacementDay
from placements.services.ledger import day_record
from portal.audit.context import acting_as
from portal.celery import app, enqueue_on_commit
from portal.models import EmailOutbox, Notification
from portal.services import OUTBOX_MAX_ATTEMPTS, email_outbox_relay, notify
from tests.broker import dead_broker_url, publishing_to
from tests.factories import UserFactory
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

Status = EmailOutbox.Status


def _placement_with_a_week_to_confirm():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    placement = PlacementFactory(
        starts_on=monday - timedelta(weeks=4), ends_on=monday + timedelta(weeks=16)
    )
    last_monday = monday - timedelta(weeks=1)
    days = [
        day_record(
            placement=placement,
            by=placement.student,
            date=last_monday + timedelta(days=n),
            kind=PlacementDay.Kind.PLACEMENT,
            hours=Decimal("7"),
            note="",
        )
        for n in range(5)
    ]
    return placement, last_monday, days


def _time_passes(rows=None) -> None:
    (rows or EmailOutbox.objects.all()).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_write_succeeds_with_the_broker_down_and_the_relay_sends_its_email_once(
    client, django_capture_on_commit_callbacks
):
    placement, week, days = _placement_with_a_week_to_confirm()
    Notification.objects.all().delete()
    client.force_login(placement.practice_educator)
    confirm = reverse("placements:days_confirm", args=[placement.pk]) + f"?week={week:%Y-%m-%d}"

    with (
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(confirm, {"days": [day.pk for day in days]})
    # The email's enqueue ran, against the dead broker (the others refresh cached statuses).
    enqueues = [c for c in callbacks if c.__qualname__.startswith("enqueue_on_commit")]
    assert len(enqueues) == 1

    assert response.status_code == 302
    assert PlacementDay.objects.filter(confirmed_at__isnull=False).count() == 5
    notification = Notification.objects.get(user=placement.student)
    assert notification.emailed_at is None
    row = EmailOutbox.objects.get()
    assert (row.notification, row.status, row.attempts) == (notification, Status.PENDING, 0)
    assert row.acting_user_id == placement.practice_educator.pk
    assert mail.outbox == []

    # The broker is back: the relay sends the email, once.
    assert email_outbox_relay() == 1
    assert email_outbox_relay() == 0
    [email] = mail.outbox
    assert email.to == [placement.student.email]
    assert email.subject == f"[Practice portal] {notification.title}"
    assert f"http://testserver{notification.url}" in email.body
    row.refresh_from_db()
    notification.refresh_from_db()
    assert row.status == Status.SENT
    assert row.sent_at == notification.emailed_at is not None
    # The relay sends on behalf of the person who acted, as a worker would.
    newest = notification.history.order_by("-history_date", "-history_id").first()
    assert newest.history_user == placement.practice_educator


def test_a_failing_enqueue_is_logged_and_the_later_callbacks_still_run(
    django_capture_on_commit_callbacks, caplog
):
    first, second = UserFactory(), UserFactory()
    with (
        caplog.at_level(logging.WARNING, logger="portal.celery"),
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        notify(user=first, title="First")
        notify(user=second, title="Second")
        enqueue_on_commit(app.tasks["portal.tasks.prune_form_drafts"])
    assert len(callbacks) == 3
    enqueues = [r for r in caplog.records if r.getMessage().startswith("Could not enqueue")]
    assert len(enqueues) == 3
    assert "portal.tasks.send_notification_email" in enqueues[0].getMessage()
    assert EmailOutbox.objects.filter(status=Status.PENDING).count() == 2

    assert email_outbox_relay() == 2
    assert sorted(address for email in mail.outbox for address in email.to) == sorted(
        [first.email, second.email]
    )


def test_an_email_sent_on_commit_leaves_nothing_for_the_relay(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, title="Your week was confirmed")
    row = EmailOutbox.objects.get(notification=notification)
    notification.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at == notification.emailed_at
    _time_passes()
    assert email_outbox_relay() == 0
    assert len(mail.outbox) == 1


def test_the_outbox_row_is_part_of_the_write(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user=user, title="Never committed")
        raise RuntimeError("the write failed")
    notify(user=user, title="In the portal only", email=False)
    assert not EmailOutbox.objects.exists()
    assert email_outbox_relay() == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_later_with_backoff(monkeypatch):
    user = UserFactory()
    notification = notify(user=user, title="A midpoint review is due")  # enqueue never ran

    def server_gone(**kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("portal.services.send_mail", server_gone)
    before = timezone.now()
    assert email_outbox_relay() == 0
    row = EmailOutbox.objects.get()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert timedelta(minutes=2) <= row.next_attempt_at - before < timedelta(minutes=3)
    notification.refresh_from_db()
    assert notification.emailed_at is None

    # Not due yet: the next run leaves it alone.
    assert email_outbox_relay() == 0
    row.refresh_from_db()
    assert row.attempts == 1

    _time_passes()
    assert email_outbox_relay() == 0
    row.refresh_from_db()
    assert row.attempts == 2
    assert timedelta(minutes=4) <= row.next_attempt_at - before < timedelta(minutes=5)

    monkeypatch.undo()
    _time_passes()
    assert email_outbox_relay() == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT


def test_backoff_is_capped_and_the_relay_gives_up_in_the_end(monkeypatch):
    notify(user=UserFactory(), title="Never deliverable")

    def refused(**kwargs):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})

    monkeypatch.setattr("portal.services.send_mail", refused)
    waits = []
    for _ in range(OUTBOX_MAX_ATTEMPTS):
        _time_passes()
        before = timezone.now()
        email_outbox_relay()
        row = EmailOutbox.objects.get()
        waits.append(row.next_attempt_at - before)
    assert row.status == Status.FAILED
    assert row.attempts == OUTBOX_MAX_ATTEMPTS
    # 2, 4, 8 ... minutes, never more than 6 hours apart.
    expected = [
        min(timedelta(minutes=2**n), timedelta(hours=6)) for n in range(1, OUTBOX_MAX_ATTEMPTS + 1)
    ]
    assert all(
        abs(wait - want) < timedelta(seconds=5) for wait, want in zip(waits, expected, strict=True)
    )
    assert expected[-1] == timedelta(hours=6)
    _time_passes()
    email_outbox_relay()
    row.refresh_from_db()
    assert row.attempts == OUTBOX_MAX_ATTEMPTS  # a failed email is not tried again


def test_an_inactive_person_is_not_emailed_and_not_tried_again():
    user = UserFactory()
    notify(user=user, title="Your role ends")
    user.is_active = False
    user.save()
    assert email_outbox_relay() == 0
    assert EmailOutbox.objects.get().status == Status.SKIPPED
    assert mail.outbox == []


def test_one_failing_email_does_not_stop_the_others(monkeypatch):
    good, bad = UserFactory(), UserFactory(email="bounces@example.org")
    notify(user=bad, title="For the bouncing address")
    notify(user=good, title="For the working address")
    real = mail.send_mail

    def bounce_one(**kwargs):
        if kwargs["recipient_list"] == ["bounces@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"bounces@example.org": (550, b"No")})
        return real(**kwargs)

    monkeypatch.setattr("portal.services.send_mail", bounce_one)
    assert email_outbox_relay() == 1
    assert [email.to for email in mail.outbox] == [[good.email]]
    assert EmailOutbox.objects.get(notification__user=bad).attempts == 1


def test_the_relay_runs_on_celery_beat_every_minute():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "portal.tasks.relay_email_outbox"
    ]
    assert entry["schedule"].minute == set(range(60))
    assert "portal.tasks.relay_email_outbox" in app.tasks
    user = UserFactory()
    with acting_as(user):
        notify(user=user, title="Sent by the beat task")
    assert app.tasks["portal.tasks.relay_email_outbox"].delay().get() == 1
    assert len(mail.outbox) == 1


# --- emails to an address: invitations and a school's safeguarding lead ---------------


def test_an_invitation_made_with_the_broker_down_is_emailed_by_the_relay_once(
    client, django_capture_on_commit_callbacks
):
    from portal.accounts.models import Invitation
    from portal.accounts.roles import Role
    from tests.factories import OrganisationFactory, user_with_role

    organisation = OrganisationFactory(name="Northby Children's Services")
    coordinator = user_with_role(Role.COORDINATOR, organisation)
    client.force_login(coordinator)
    with (
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("accounts:invitation_create", args=[organisation.pk]),
            {"email": "new.educator@example.org", "role": Role.PRACTICE_EDUCATOR},
        )

    assert response.status_code == 302
    assert Invitation.objects.filter(email="new.educator@example.org").exists()
    assert mail.outbox == []
    row = EmailOutbox.objects.get(recipient="new.educator@example.org")
    assert row.status == Status.PENDING and row.notification is None

    assert email_outbox_relay() == 1
    assert [m.to for m in mail.outbox] == [["new.educator@example.org"]]
    assert "/portal/invitation/" in mail.outbox[0].body
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at is not None
    # The one-time link does not stay in the outbox once sent.
    assert row.message == "" and "Invitation to join" in row.subject

    assert email_outbox_relay() == 0
    assert len(mail.outbox) == 1


def test_a_safeguarding_concern_raised_with_the_broker_down_reaches_the_school_office_later(
    django_capture_on_commit_callbacks,
):
    from placements.casework.services.safeguarding import concern_raise
    from tests.casework.support import safeguarding_setting

    world = safeguarding_setting(lead_email="dsl.office@hillside.example.org")
    with (
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        concern = concern_raise(
            by=world.student,
            session=world.session,
            child=world.child,
            happened_at=timezone.now() - timedelta(minutes=30),
            what_happened="Said something at lunch that worried me.",
            actions_taken="Told the class teacher.",
        )

    assert mail.outbox == []
    office = EmailOutbox.objects.get(recipient="dsl.office@hillside.example.org")
    assert office.status == Status.PENDING
    assert world.child.reference in office.subject
    assert "lunch" not in office.message  # what happened stays in the portal

    email_outbox_relay()
    to_office = [m for m in mail.outbox if m.to == ["dsl.office@hillside.example.org"]]
    assert len(to_office) == 1
    assert reverse("casework:concern_detail", args=[concern.pk]) in to_office[0].body
    email_outbox_relay()
    assert len([m for m in mail.outbox if m.to == ["dsl.office@hillside.example.org"]]) == 1


def test_a_failing_direct_email_is_tried_again_later(monkeypatch):
    from portal.services import queue_email

    with transaction.atomic():
        row = queue_email(to="someone@example.org", subject="Hello", message="A link")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("portal.services.send_mail", refuse)
    assert email_outbox_relay() == 0
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1 and row.message == "A link"
    assert row.next_attempt_at > timezone.now()
    monkeypatch.undo()
    _time_passes()
    assert email_outbox_relay() == 1
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]


def test_an_outbox_row_is_either_a_notification_or_an_address():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        EmailOutbox.objects.create(subject="Nobody to send to")
