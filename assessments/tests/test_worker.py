"""score_all_communities_task through a real Celery worker against Redis (acceptance 4)."""

import datetime

import pytest
from django.db import connection

from assessments.models import CommunityScore
from assessments.tasks import score_all_communities_task
from communities.tests.factories import CommunityFactory
from reintegration.tests.factories import ReturneeFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the worker process needs a database server it can share",
)
def test_score_all_communities_through_a_real_worker(real_celery_worker, case_manager):
    communities = [CommunityFactory() for _ in range(3)]
    for _ in range(8):
        ReturneeFactory(
            community=communities[0], case_manager=case_manager, return_date=datetime.date.today()
        )
    result = score_all_communities_task.delay()
    assert result.get(timeout=60) == 3
    assert "assessments.score_all_communities" in real_celery_worker.read_text()
    scores = {s.community_id: s for s in CommunityScore.objects.all()}
    assert set(scores) == {c.pk for c in communities}
    assert scores[communities[0].pk].criteria[0]["rating"] == 2
    # Idempotent: a second run with the same inputs records nothing new.
    assert score_all_communities_task.delay().get(timeout=60) == 0
    assert CommunityScore.objects.count() == 3
