"""Scores the demo communities at the end of ``seed_demo`` so the ranking is not empty."""

from assessments.services import community_score


def seed_scores(**kwargs) -> list[str]:
    created = community_score()
    return [f"Suitability scores: {created} new."]


def seed_scores_large(*, progress, **kwargs) -> list[str]:
    """Scores the large dataset's communities once it is complete, so the ranking and the
    dashboards have figures, and a second ``seed_demo`` finds nothing new to score."""
    created = community_score()
    progress.done("suitability scores", created)
    return [f"Large dataset: {created:,} suitability scores."]
