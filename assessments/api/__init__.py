"""The read-only REST API of the assessments app: the handbook's instruments with their items,
assessments of communities with their answers, community suitability scores and the ranking.

Every authenticated role may read it, partners included (DESIGN.md: partners pull
communities and scores, and read the criteria they are judged by); nothing here names a
returnee, since evidence holds counts and shares only. Writes go through the browser and the
scoring jobs, so no endpoint accepts any. Querysets come from ``assessments.selectors``; each
joins or prefetches what its serializer reads, so a page costs the same number of queries
whatever its size.
"""

from assessments.api.viewsets import (
    AssessmentViewSet,
    InstrumentViewSet,
    RankingViewSet,
    ScoreViewSet,
)


def register(router) -> None:
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("scores", ScoreViewSet, basename="score")
    router.register("ranking", RankingViewSet, basename="ranking")


__all__ = ["AssessmentViewSet", "InstrumentViewSet", "RankingViewSet", "ScoreViewSet", "register"]
