"""Celery tasks: thin, idempotent wrappers around assessments.services (STYLE.md 7)."""

from celery import shared_task

from assessments import services


@shared_task(
    name="assessments.score_community",
    autoretry_for=(ConnectionError, TimeoutError),
    max_retries=3,
    retry_backoff=True,
    acks_late=True,
)
def score_community_task(community_id: int) -> int:
    return services.community_score(community_ids=[community_id])


@shared_task(
    bind=True,
    name="assessments.score_all_communities",
    autoretry_for=(ConnectionError, TimeoutError),
    max_retries=3,
    retry_backoff=True,
    acks_late=True,
)
def score_all_communities_task(self) -> int:
    """Every community, chunk by chunk; progress is reported in the task's state so the
    Rescore button can show it. Rerunning with unchanged inputs records nothing new."""

    def progress(done: int, total: int) -> None:
        if not self.request.called_directly and self.request.id:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return services.community_score(progress=progress)
