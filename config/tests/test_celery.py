"""Celery: eager in the embedded default and in unit tests; once through a real worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import transaction

from config.celery import app as celery_app
from config.celery import health_ping_task

ROOT = Path(__file__).resolve().parents[2]


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
    assert conf.beat_schedule == {}


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
def test_celery_worker(tmp_path):
    """A real worker, started here against Redis, picks up a task and answers."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL so the worker test runs")
        pytest.skip("needs REDIS_URL: the embedded default has no broker")
    celery_app.conf.task_always_eager = False
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    log = tmp_path / "worker.log"
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--hostname=test-worker-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=1.0):
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "worker did not start:\n" + log.read_text()
        result = health_ping_task.delay()
        assert result.get(timeout=30) == "pong"
        assert "health.ping" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
