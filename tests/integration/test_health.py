"""/healthz against real PostgreSQL, Redis and the Redis broker."""

import socket

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_ok_with_every_real_service(client):
    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_healthz_names_an_unreachable_broker_and_answers_503(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its own
    # configuration, so this is what a worker or web process would really use.
    monkeypatch.setenv("CELERY_BROKER_URL", f"redis://127.0.0.1:{_closed_port()}/1")

    response = client.get("/healthz")

    assert response.status_code == 503, response.content
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["broker"]
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"
    assert body["cache"] == "ok"


def test_healthz_recovers_when_the_broker_is_back(client, monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", f"redis://127.0.0.1:{_closed_port()}/1")
    assert client.get("/healthz").status_code == 503

    monkeypatch.undo()
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["broker"] == "ok"
