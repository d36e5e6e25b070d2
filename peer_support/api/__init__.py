"""The REST API of peer support: groups, events and aggregates (read-only)."""

from peer_support.api.viewsets import (
    CommunityEventViewSet,
    NetworkGroupViewSet,
    PeerGroupViewSet,
    SocialCohesionViewSet,
)


def register(router) -> None:
    router.register("peer-groups", PeerGroupViewSet, basename="peer-group")
    router.register("network-groups", NetworkGroupViewSet, basename="network-group")
    router.register("community-events", CommunityEventViewSet, basename="community-event")
    router.register("social-cohesion", SocialCohesionViewSet, basename="social-cohesion")


__all__ = [
    "CommunityEventViewSet",
    "NetworkGroupViewSet",
    "PeerGroupViewSet",
    "SocialCohesionViewSet",
    "register",
]
