"""A worker killed in the middle of score_all_communities_task: the task is redelivered to
the next worker and completes, with no duplicate score history (issue: reliability, faults).

Scoring commits a chunk at a time and skips communities whose inputs did not change, so the
redelivered run writes exactly the chunks the dead worker had not committed.
"""

import time

import pytest
from django.db import connection

from assessments.models import CommunityScore
from assessments.tasks import score_all_communities_task
from communities.tests.factories import CommunityFactory
from conftest import launch_celery_worker

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker processes need a database server they can share",
    ),
]

APP = "tests.faults.slow_worker"


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_worker_task_is_redelivered_and_completes_once(tmp_path):
    communities = [CommunityFactory() for _ in range(10)]
    log = tmp_path / "workers.log"

    first = launch_celery_worker(log, app=APP)
    try:
        result = score_all_communities_task.delay()
        # Two chunks of two committed, three to go: kill it without warning.
        wait_for(lambda: CommunityScore.objects.count() >= 4)
        first.kill()
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    written_before = CommunityScore.objects.count()
    assert 4 <= written_before < 10, "the worker finished before it could be killed"

    second = launch_celery_worker(log, app=APP)
    try:
        assert result.get(timeout=120) == 10 - written_before
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert CommunityScore.objects.count() == 10
    assert sorted(CommunityScore.objects.values_list("community_id", flat=True)) == sorted(
        c.pk for c in communities
    )
