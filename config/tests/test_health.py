import os

import pytest

from config import views

pytestmark = pytest.mark.django_db


def test_health_is_public_and_says_not_configured_on_embedded_default(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "redis": "not configured",
            "celery_worker": "not configured",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_redis_down_as_degraded_quickly(client, settings):
    # Nothing listens on port 1: the check must answer "down", not hang or crash; the pages
    # are still served, so the instance is degraded, not down.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "down", "celery_worker": "down"},
    }


def test_health_reports_database_down(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setattr(views, "_database", lambda: views.DOWN)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"] == "down"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_health_with_real_redis_and_no_worker_says_worker_down(client, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/health/")
    body = response.json()
    assert body["checks"]["redis"] == "ok"
    assert body["checks"]["database"] == "ok"
    # No worker runs during unit tests (the worker test starts and stops its own).
    assert body["checks"]["celery_worker"] == "down"
    assert (body["status"], response.status_code) == ("degraded", 200)


def test_health_refuses_post(client):
    assert client.post("/health/").status_code == 405
