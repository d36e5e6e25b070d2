"""Reads of the communities app: querysets and comparisons used by views, API and jobs."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileEntry,
    Sector,
    Service,
    Stakeholder,
)

# The place fields every nested community reference carries (issue 8: P-codes and ISO 3166
# codes on every place); a selector loading communities with ``only()`` or ``values()`` for
# such a reference loads these, so it costs no query of its own.
COMMUNITY_REF_FIELDS = ("id", "name", "pcode", "country", "admin1", "admin2")


def _latest_profile() -> QuerySet:
    return CommunityProfile.objects.filter(community=OuterRef("pk")).order_by(
        "-profile_date", "-id"
    )


def community_list(
    *,
    country: str = "",
    admin1: str = "",
    area_type: str = "",
    due_for_review: bool | None = None,
    search: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Community]:
    """Communities with the date and review date of their latest profile (one query)."""
    today = today or datetime.date.today()
    queryset = Community.objects.annotate(
        latest_profile_date=Subquery(_latest_profile().values("profile_date")[:1]),
        next_review_date=Subquery(_latest_profile().values("next_review_date")[:1]),
    ).annotate(
        is_due_for_review=ExpressionWrapper(
            Q(next_review_date__lt=today), output_field=BooleanField()
        )
    )
    if country:
        queryset = queryset.filter(country=country.upper())
    if admin1:
        queryset = queryset.filter(admin1__iexact=admin1)
    if area_type:
        queryset = queryset.filter(area_type=area_type)
    if due_for_review is True:
        queryset = queryset.filter(next_review_date__lt=today)
    elif due_for_review is False:
        queryset = queryset.filter(Q(next_review_date__gte=today) | Q(next_review_date=None))
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(admin1__icontains=search)
            | Q(admin2__icontains=search)
            | Q(pcode__iexact=search)
        )
    return queryset


def community_admin1_choices(*, country: str = "") -> list[str]:
    queryset = Community.objects.all()
    if country:
        queryset = queryset.filter(country=country.upper())
    return list(queryset.order_by("admin1").values_list("admin1", flat=True).distinct())


def community_countries() -> list[str]:
    return list(Community.objects.order_by("country").values_list("country", flat=True).distinct())


def profile_list(*, community: Community) -> QuerySet[CommunityProfile]:
    return community.profiles.select_related("recorded_by").order_by("-profile_date", "-id")


def profile_with_entries(*, pk: int) -> CommunityProfile:
    return (
        CommunityProfile.objects.select_related("community", "recorded_by")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ProfileEntry.objects.select_related("indicator").order_by(
                    "indicator__order"
                ),
            )
        )
        .get(pk=pk)
    )


def stakeholder_list(*, community: Community) -> QuerySet[Stakeholder]:
    return community.stakeholders.order_by("-is_active", "name")


def service_list(*, community: Community | None = None) -> QuerySet[Service]:
    queryset = Service.objects.select_related("community", "provider")
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset.order_by("community__name", "sector", "name")


def opportunity_list(*, community: Community) -> QuerySet[LivelihoodOpportunity]:
    return community.livelihood_opportunities.select_related("sector", "sector__parent").order_by(
        "sector__code"
    )


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.select_related("parent").order_by("code")


@dataclass(frozen=True)
class IndicatorChange:
    indicator: str
    group: str
    before: ProfileEntry | None
    after: ProfileEntry | None

    @property
    def direction(self) -> str:
        """better, worse, same, newly known, now unknown, or unknown."""
        old = self.before.rating if self.before else None
        new = self.after.rating if self.after else None
        if old is None and new is None:
            return "unknown"
        if old is None:
            return "newly known"
        if new is None:
            return "now unknown"
        if new > old:
            return "better"
        if new < old:
            return "worse"
        return "same"


def profile_compare(*, older: CommunityProfile, newer: CommunityProfile) -> list[IndicatorChange]:
    """Side by side, indicator by indicator: what changed between two snapshots."""
    before = {e.indicator_id: e for e in older.entries.all()}
    after = {e.indicator_id: e for e in newer.entries.all()}
    indicators = {e.indicator_id: e.indicator for e in [*before.values(), *after.values()]}
    return [
        IndicatorChange(
            indicator=indicator.name,
            group=indicator.get_group_display(),
            before=before.get(pk),
            after=after.get(pk),
        )
        for pk, indicator in sorted(indicators.items(), key=lambda item: item[1].order)
    ]


# --- API querysets (communities/api/) -----------------------------------------------------
# Querysets rather than single records, so the viewsets' get_object() and the filters apply
# to them; each joins or prefetches what its serializer reads, so a page costs one query.


def community_detail_queryset() -> QuerySet[Community]:
    """``community_list`` plus the id of each community's latest profile."""
    return community_list().annotate(latest_profile_id=Subquery(_latest_profile().values("pk")[:1]))


def profile_all() -> QuerySet[CommunityProfile]:
    return CommunityProfile.objects.select_related("community").order_by("-profile_date", "-id")


def profile_all_with_entries() -> QuerySet[CommunityProfile]:
    return profile_all().prefetch_related(
        Prefetch(
            "entries",
            queryset=ProfileEntry.objects.select_related("indicator").order_by("indicator__order"),
        )
    )


def stakeholder_all() -> QuerySet[Stakeholder]:
    return Stakeholder.objects.select_related("community").order_by("community__name", "name", "id")


def opportunity_all() -> QuerySet[LivelihoodOpportunity]:
    return LivelihoodOpportunity.objects.select_related("community", "sector").order_by(
        "community__name", "sector__code", "id"
    )
