"""Notification emails survive a broker outage (issue 13, requirement 11), on real
PostgreSQL with a real Celery worker and the Redis broker.

The web process publishes to a dead broker while a practice educator confirms a
week of placement days: the page still answers, the days are confirmed and the
student's email waits in the outbox. With the broker back, the relay task (what
Celery beat sends every minute) goes through Redis to the worker, which sends the
email; a second run sends nothing.
"""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import PlacementDay
from placements.services.ledger import day_record
from portal.models import EmailOutbox, Notification
from portal.tasks import relay_email_outbox
from tests.broker import dead_broker_url, publishing_to
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.integration

WAIT_SECONDS = 30


def _week_to_confirm():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    placement = PlacementFactory(
        starts_on=monday - timedelta(weeks=4), ends_on=monday + timedelta(weeks=16)
    )
    week = monday - timedelta(weeks=1)
    days = [
        day_record(
            placement=placement,
            by=placement.student,
            date=week + timedelta(days=n),
            kind=PlacementDay.Kind.PLACEMENT,
            hours=Decimal("7"),
            note="",
        )
        for n in range(5)
    ]
    return placement, week, days


def _relay_in_the_worker(worker_log) -> str:
    """Run the relay through the broker and the worker; returns what it answered."""
    result = relay_email_outbox.delay()
    done = f"[{result.id}] succeeded"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and done not in worker_log():
        time.sleep(0.2)
    log = worker_log()
    assert done in log, f"The worker never ran the relay.\nWorker log:\n{log}"
    return log.split(done, 1)[1].splitlines()[0].rsplit(":", 1)[1].strip()


def test_a_write_during_a_broker_outage_is_emailed_once_the_broker_is_back(
    celery_worker, transactional_db, worker_log, client
):
    placement, week, days = _week_to_confirm()
    Notification.objects.all().delete()
    EmailOutbox.objects.all().delete()
    client.force_login(placement.practice_educator)
    confirm = reverse("placements:days_confirm", args=[placement.pk]) + f"?week={week:%Y-%m-%d}"

    with publishing_to(dead_broker_url()):
        # A real request: the write commits, and the enqueue on commit fails in it.
        response = client.post(confirm, {"days": [day.pk for day in days]})

    assert response.status_code == 302
    assert PlacementDay.objects.filter(confirmed_at__isnull=False).count() == 5
    notification = Notification.objects.get(user=placement.student)
    row = EmailOutbox.objects.get(notification=notification)
    assert row.status == EmailOutbox.Status.PENDING and notification.emailed_at is None

    # The broker is back.
    assert _relay_in_the_worker(worker_log) == "1"
    row.refresh_from_db()
    notification.refresh_from_db()
    assert row.status == EmailOutbox.Status.SENT
    assert notification.emailed_at is not None and row.sent_at == notification.emailed_at
    emailed = notification.history.filter(history_type="~")
    assert emailed.count() == 1
    # Sent on behalf of the practice educator, as a task enqueued by the page would be.
    assert emailed.get().history_user_id == placement.practice_educator.pk

    # The next run finds nothing to send: the email went once.
    assert _relay_in_the_worker(worker_log) == "0"
    notification.refresh_from_db()
    assert notification.history.filter(history_type="~").count() == 1
