"""The public page cache lives in Redis, so a publish in any process clears it:
here Wagtail's scheduled publishing runs in the real Celery worker, and this
process, which holds a cached copy, shows the new page at once."""

import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cms.tasks import publish_scheduled_pages
from tests.cms.public_site_fixtures import build_public_site
from tests.migration_data import restore_migration_data

pytestmark = pytest.mark.integration

WAIT_SECONDS = 20


def _wait_for_title(client: Client, url: str, title: str) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if title in client.get(url).content.decode():
            return True
        time.sleep(0.3)
    return False


def test_a_page_the_worker_publishes_on_schedule_replaces_the_cached_copy(
    celery_worker, transactional_db, worker_log
):
    restore_migration_data()
    site = build_public_site()
    url = site.page.url
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    # The copy is in the Redis server, where every process and the worker see it.
    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.keys("*page*"), "the page cache wrote nothing to Redis"

    page = site.page.specific
    page.title = "How we use your answers"
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
    revision.save(update_fields=["approved_go_live_at"])
    # Scheduled but not yet published: visitors still get the cached page.
    assert "How we use your answers" not in client.get(url).content.decode()

    publish_scheduled_pages.delay()

    assert _wait_for_title(client, url, "How we use your answers"), (
        f"The worker's publish did not reach visitors within {WAIT_SECONDS} s.\n"
        f"Worker log:\n{worker_log()}"
    )
