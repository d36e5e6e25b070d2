"""The project's Celery app, as a fault test's worker runs it: scoring slowed down so the
test can kill the worker in the middle of a task, and unacknowledged tasks redelivered after
3 seconds instead of after the production visibility timeout.

Started with ``celery -A tests.faults.slow_worker worker``; nothing else imports it.
"""

import time

from celery.signals import task_prerun

from config.celery import app

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": 3,
    # Scan for unacknowledged tasks on every empty read, not every tenth.
    "unacked_restore_throttle": 1,
}

CHUNK = 2
PAUSE_SECONDS = 0.4


@task_prerun.connect
def slow_down_scoring(**kwargs):
    from assessments.services import scoring

    if getattr(scoring._score_chunk, "slowed", False):
        return
    original = scoring._score_chunk

    def slowed(*args, **kw):
        time.sleep(PAUSE_SECONDS)
        return original(*args, **kw)

    slowed.slowed = True
    scoring._score_chunk = slowed
    scoring.CHUNK = CHUNK


__all__ = ["app"]
