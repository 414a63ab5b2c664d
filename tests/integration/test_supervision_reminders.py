"""The daily supervision reminders, sent by the real Celery worker through Redis:
the beat entry's task sends one digest (in-app, then emailed by the worker), and a
second run the same day sends nothing."""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from portal.celery import app
from portal.models import Notification
from supervision.models import Reminder, ReminderDigest
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.integration

WAIT_SECONDS = 30


def _run_beat_task(worker_log) -> str:
    """Send the task as beat does (by the name in the schedule); return its result."""
    entry = settings.CELERY_BEAT_SCHEDULE["send-supervision-reminders"]
    result = app.send_task(entry["task"])
    done = re.compile(rf"\[{re.escape(result.id)}\] succeeded in [\d.]+s: (\S+)")
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = done.search(worker_log())
        if found:
            return found.group(1)
        time.sleep(0.3)
    pytest.fail(
        f"The worker did not finish {entry['task']} within {WAIT_SECONDS} s.\n"
        f"Worker log:\n{worker_log()}",
        pytrace=False,
    )


def _wait_until_emailed(user) -> Notification | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        notification = Notification.objects.filter(user=user, emailed_at__isnull=False).first()
        if notification is not None:
            return notification
        time.sleep(0.3)
    return None


def test_the_worker_sends_one_digest_and_a_second_run_sends_none(
    celery_worker, transactional_db, worker_log
):
    # A placement two weeks in with no supervision recorded: its PE is owed a reminder.
    placement = PlacementFactory(starts_on=timezone.localdate() - timedelta(days=14))
    educator = placement.practice_educator

    assert _run_beat_task(worker_log) == "1"
    emailed = _wait_until_emailed(educator)
    assert emailed is not None, f"The digest was not emailed.\nWorker log:\n{worker_log()}"
    assert emailed.title == "Supervision: 1 thing needs your attention"
    assert f"No supervision is recorded for {placement.student}" in emailed.body
    [digest] = ReminderDigest.objects.filter(user=educator)
    assert digest.notification_id == emailed.pk
    assert digest.sent_on == timezone.localdate()

    assert _run_beat_task(worker_log) == "0"
    assert Notification.objects.filter(user=educator).count() == 1
    assert ReminderDigest.objects.filter(user=educator).count() == 1
    assert Reminder.objects.filter(user=educator).count() == 1
