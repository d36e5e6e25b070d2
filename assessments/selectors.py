"""Reads of the assessments app."""

from django.db.models import OuterRef, QuerySet, Subquery

from assessments.models import CommunityScore, Instrument
from communities.models import Community


def latest_score(*, community: Community) -> CommunityScore | None:
    return community.scores.select_related("instrument").order_by("-computed_at", "-id").first()


def score_history(*, community: Community) -> QuerySet[CommunityScore]:
    return community.scores.order_by("computed_at", "id").only(
        "computed_at", "score", "coverage", "band"
    )


def ranking(*, country: str = "", band: str = "", min_coverage: float | None = None) -> QuerySet:
    """Communities with their latest score, best first (one query)."""
    latest = CommunityScore.objects.filter(community=OuterRef("pk")).order_by("-computed_at", "-id")
    queryset = Community.objects.annotate(
        latest_score_id=Subquery(latest.values("pk")[:1]),
        score=Subquery(latest.values("score")[:1]),
        coverage=Subquery(latest.values("coverage")[:1]),
        band=Subquery(latest.values("band")[:1]),
        unmet=Subquery(latest.values("unmet")[:1]),
        criteria=Subquery(latest.values("criteria")[:1]),
    ).filter(latest_score_id__isnull=False)
    if country:
        queryset = queryset.filter(country=country.upper())
    if band:
        queryset = queryset.filter(band=band)
    if min_coverage is not None:
        queryset = queryset.filter(coverage__gte=min_coverage)
    return queryset.order_by("-score", "-coverage", "name")


def missing_for_favourable(criteria: list[dict]) -> list[str]:
    """What stands between a community and "favourable": unknown criteria (evidence to
    collect) and criteria rated 0 or 1 (to improve)."""
    missing = []
    for criterion in criteria or []:
        if criterion["rating"] is None:
            missing.append(f"{criterion['code']}: evidence missing")
        elif criterion["rating"] <= 1:
            missing.append(f"{criterion['code']}: rated {criterion['rating']}")
    return missing


def active_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_active=True).prefetch_related("items").order_by("code")
