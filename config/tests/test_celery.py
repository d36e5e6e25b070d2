"""Celery: eager in the embedded default and in unit tests; once through a real worker."""

import pytest
from celery.schedules import crontab
from django.db import transaction

from config.celery import app as celery_app
from config.celery import health_ping_task


def test_task_runs_eagerly():
    assert health_ping_task.delay().get(timeout=5) == "pong"


def test_celery_configuration_is_safe_for_long_jobs():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit == 30 * 60
    assert conf.task_soft_time_limit == 29 * 60
    assert conf.beat_schedule == {
        "score-all-communities": {
            "task": "assessments.score_all_communities",
            "schedule": crontab(hour=2, minute=0),
        }
    }


@pytest.mark.django_db(transaction=True)
def test_task_is_queued_only_after_commit(monkeypatch):
    queued = []
    monkeypatch.setattr(health_ping_task, "apply_async", lambda *a, **k: queued.append(a))
    with transaction.atomic():
        health_ping_task.delay_on_commit()
        assert queued == []  # not before the transaction commits
    assert len(queued) == 1


@pytest.mark.django_db(transaction=True)
def test_task_is_dropped_when_transaction_rolls_back(monkeypatch):
    queued = []
    monkeypatch.setattr(health_ping_task, "apply_async", lambda *a, **k: queued.append(a))
    with pytest.raises(RuntimeError), transaction.atomic():
        health_ping_task.delay_on_commit()
        raise RuntimeError("rolled back")
    assert queued == []


@pytest.mark.celery_worker
def test_celery_worker(real_celery_worker):
    """A real worker, started here against Redis, picks up a task and answers."""
    result = health_ping_task.delay()
    assert result.get(timeout=30) == "pong"
    assert "health.ping" in real_celery_worker.read_text()
