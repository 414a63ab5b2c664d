import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
    }


def test_healthz_names_a_down_cache_and_answers_503(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "set", broken_set)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["cache"].startswith("error")
    assert body["database"] == "ok"


def test_healthz_names_a_down_database(client, monkeypatch):
    from portal import health

    def broken_database():
        raise ConnectionError("database is down")

    monkeypatch.setitem(health.CHECKS, "database", broken_database)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
