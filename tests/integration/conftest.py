"""The integration suite runs against the machine's real services.

`make test-integration` exports DATABASE_URL (PostgreSQL), REDIS_URL (cache)
and CELERY_BROKER_URL (Redis) before pytest starts, because the settings read
the environment at import time. The `celery_worker` fixture starts a real
worker process that works on the test database pytest-django created.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
WORKER_START_TIMEOUT = 60  # seconds
WORKER_STOP_TIMEOUT = 20  # seconds


@pytest.fixture(scope="session", autouse=True)
def _real_services_configured():
    """Fail loudly (not skip) when the suite is run without the real services."""
    engine = settings.DATABASES["default"]["ENGINE"]
    problems = []
    if "postgresql" not in engine:
        problems.append(f"DATABASE_URL is not PostgreSQL (engine {engine})")
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        problems.append("REDIS_URL is not set, so the cache is not Redis")
    if not settings.CELERY_BROKER_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("CELERY_BROKER_URL is not set or CELERY_TASK_ALWAYS_EAGER is on")
    if problems:
        pytest.fail(
            "The integration suite needs real PostgreSQL, Redis and a broker; run it with "
            "`make test-integration`. Problems: " + "; ".join(problems),
            pytrace=False,
        )


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no worker log)"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process consuming from Redis, using the test database.

    Tests that need it to see rows must commit them (`transactional_db`).
    Yields the worker's node name.
    """
    from django.db import connection

    from portal.celery import app

    with django_db_blocker.unblock():
        test_database = connection.settings_dict["NAME"]
        database_url = _database_url(connection.settings_dict)
    assert test_database.startswith("test_"), test_database

    # Tasks left in the broker by an earlier, interrupted run would point at rows
    # that no longer exist: start from an empty queue.
    app.control.purge()

    node_name = f"integration-{uuid.uuid4().hex[:8]}@%h"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(CELERY),
        "-A",
        "portal",
        "worker",
        "-P",
        "solo",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "info",
        "-n",
        node_name,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        hostname = node_name.replace("%h", socket.gethostname())
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"The Celery worker exited with code {process.returncode} before it "
                    f"answered a ping. Last lines of {log_path}:\n{_tail(log_path)}",
                    pytrace=False,
                )
            replies = app.control.ping(destination=[hostname], timeout=1.0)
            if any(hostname in reply for reply in replies):
                break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"The Celery worker did not answer a ping within {WORKER_START_TIMEOUT} s "
                    f"(broker {settings.CELERY_BROKER_URL}). Last lines of {log_path}:\n"
                    f"{_tail(log_path)}",
                    pytrace=False,
                )
        yield hostname
    finally:
        process.terminate()
        try:
            process.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WORKER_STOP_TIMEOUT)


@pytest.fixture
def worker_log(celery_worker, tmp_path_factory):
    """Text of the worker's log so far, for failure messages."""

    def read() -> str:
        logs = sorted(tmp_path_factory.getbasetemp().glob("celery*/worker.log"))
        return _tail(logs[-1], 60) if logs else "(no worker log)"

    return read
