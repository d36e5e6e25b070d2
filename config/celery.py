"""The Celery app: configured from Django settings (``CELERY_*``), tasks autodiscovered."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("reintegration_app")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="health.ping")
def health_ping_task() -> str:
    """Proves the wiring end to end: a worker picks it up and answers."""
    return "pong"


def enqueue(task, *args, **kwargs):
    """``task.delay(*args, **kwargs)``, or None when the broker cannot be reached: the caller
    tells the user the job could not be queued instead of failing the whole request. Every
    job queued from a request is also covered by a scheduled run (the nightly rescore), so
    nothing is lost, only delayed."""
    from kombu.exceptions import OperationalError

    try:
        return task.delay(*args, **kwargs)
    except (OperationalError, ConnectionError, TimeoutError) as error:
        logger.warning("Could not queue %s: %s", task.name, type(error).__name__)
        return None


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits; never fails the request."""
    from django.db import transaction

    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
