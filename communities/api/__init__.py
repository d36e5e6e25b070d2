"""The read-only REST API of the communities app: communities, their dated profiles,
stakeholders, services, sectors and livelihood opportunities.

Every authenticated role may read it, partners included (DESIGN.md: partners pull
communities); there is no returnee data here. Writes go through the browser, so no endpoint
accepts any. Querysets come from ``communities.selectors``; each joins or prefetches what its
serializer reads, so a page costs the same number of queries whatever its size.
"""

from communities.api.viewsets import (
    CommunityViewSet,
    LivelihoodOpportunityViewSet,
    ProfileViewSet,
    SectorViewSet,
    ServiceViewSet,
    StakeholderViewSet,
)


def register(router) -> None:
    router.register("communities", CommunityViewSet, basename="community")
    router.register("profiles", ProfileViewSet, basename="profile")
    router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
    router.register("services", ServiceViewSet, basename="service")
    router.register("sectors", SectorViewSet, basename="sector")
    router.register(
        "livelihood-opportunities", LivelihoodOpportunityViewSet, basename="livelihood-opportunity"
    )


__all__ = [
    "CommunityViewSet",
    "LivelihoodOpportunityViewSet",
    "ProfileViewSet",
    "SectorViewSet",
    "ServiceViewSet",
    "StakeholderViewSet",
    "register",
]
