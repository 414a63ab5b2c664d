"""Notifications are emailed by a real Celery worker through the Redis broker."""

import time

import pytest
from django.db import transaction

from portal.audit.context import acting_as
from portal.models import Notification
from portal.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.integration

WAIT_SECONDS = 20


def _wait_until_emailed(notification_id: int) -> Notification | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        notification = Notification.objects.get(pk=notification_id)
        if notification.emailed_at is not None:
            return notification
        time.sleep(0.2)
    return None


def test_worker_emails_a_notification_and_history_names_the_acting_user(
    celery_worker, transactional_db, worker_log
):
    recipient = UserFactory(email="recipient@example.org")
    actor = UserFactory(email="educator@example.org")

    with acting_as(actor), transaction.atomic():
        notification = notify(user=recipient, title="Your supervision notes were signed")
        # Nothing is sent before the transaction commits.
        assert Notification.objects.get(pk=notification.pk).emailed_at is None

    emailed = _wait_until_emailed(notification.pk)
    assert emailed is not None, (
        f"The worker did not email notification {notification.pk} within {WAIT_SECONDS} s.\n"
        f"Worker log:\n{worker_log()}"
    )

    newest = emailed.history.order_by("-history_date", "-history_id").first()
    assert newest.emailed_at == emailed.emailed_at
    assert newest.history_type == "~"
    assert newest.history_user_id == actor.pk, (
        "The history row written by the worker should name the user who was acting "
        f"when notify() was called ({actor.email}), not {newest.history_user}."
    )


def test_acting_user_set_inside_the_transaction_still_reaches_the_worker(
    celery_worker, transactional_db, worker_log
):
    """The task is enqueued on commit, after the acting-user block has ended."""
    recipient = UserFactory(email="student@example.org")
    actor = UserFactory(email="coordinator@example.org")

    with transaction.atomic(), acting_as(actor):
        notification = notify(user=recipient, title="A placement was proposed to you")

    emailed = _wait_until_emailed(notification.pk)
    assert emailed is not None, (
        f"The worker did not email notification {notification.pk} within {WAIT_SECONDS} s.\n"
        f"Worker log:\n{worker_log()}"
    )
    newest = emailed.history.order_by("-history_date", "-history_id").first()
    assert newest.history_user_id == actor.pk, (
        f"Expected the worker's history row to name {actor.email}, got {newest.history_user}."
    )


def test_a_notification_is_emailed_once(celery_worker, transactional_db, worker_log):
    recipient = UserFactory(email="tutor@example.org")
    notification = notify(user=recipient, title="A midpoint review is due")  # autocommit

    emailed = _wait_until_emailed(notification.pk)
    assert emailed is not None, f"Not emailed in time.\nWorker log:\n{worker_log()}"
    first_sent_at = emailed.emailed_at

    # Enqueue the same notification again: the worker must not send it twice.
    from portal.tasks import send_notification_email

    result = send_notification_email.delay(notification.pk)
    done = f"[{result.id}] succeeded"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and done not in worker_log():
        time.sleep(0.2)
    log = worker_log()
    assert done in log, f"The worker never finished the second task.\nWorker log:\n{log}"
    assert f"{done}" in log and "False" in log.split(done, 1)[1].splitlines()[0]
    emailed.refresh_from_db()
    assert emailed.emailed_at == first_sent_at
    assert emailed.history.filter(history_type="~").count() == 1
