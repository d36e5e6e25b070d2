"""Scores the demo communities at the end of ``seed_demo`` so the ranking is not empty."""

from assessments.services import community_score


def seed_scores(**kwargs) -> list[str]:
    created = community_score()
    return [f"Suitability scores: {created} new."]
