"""Where this test process publishes Celery tasks: a broker outage in tests
(never a test module). A worker, if one runs, is untouched."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from portal.celery import app


def dead_broker_url() -> str:
    """A Redis URL nothing listens on: publishing to it fails at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Inside the block, tasks are published to `url` (never run eagerly)."""
    conf = app.conf
    before = conf.broker_write_url, conf.task_always_eager
    _forget_connections()
    conf.broker_write_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        _forget_connections()
        conf.broker_write_url, conf.task_always_eager = before


def _forget_connections() -> None:
    # Celery keeps one connection pool per app, made for the broker of the time.
    app._pool = None
    app.amqp._producer_pool = None
