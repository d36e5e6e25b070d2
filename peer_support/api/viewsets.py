"""Read-only endpoints of peer support for partners and staff: groups, events and
social-cohesion aggregates. They carry no participant's personal data, so they cover every
organization's groups and events (a partner plans with the whole picture); who is in a group
stays in the browser, behind the organization's access functions."""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from peer_support import selectors
from peer_support.api import filters
from peer_support.api.serializers import (
    CommunityEventSerializer,
    NetworkGroupSerializer,
    PeerGroupSerializer,
    SocialCohesionSerializer,
)
from peer_support.models import CommunityEvent


class ModelViewPermission(BasePermission):
    """The role's view permission of the endpoint's model (accounts.roles)."""

    def has_permission(self, request, view):
        return request.user.has_perm(view.required_permission)


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, ModelViewPermission]


class PeerGroupViewSet(ReadOnlyViewSet):
    """Peer-support groups (handbook 3.5.2) and community MHPSS groups (6.3.5): size,
    meetings held, leaders' approval, extension; never who takes part."""

    serializer_class = PeerGroupSerializer
    filterset_class = filters.PeerGroupFilter
    ordering_fields = ["started_on", "name"]
    required_permission = "peer_support.view_peergroup"

    def get_queryset(self):
        return selectors.api_peer_group_list()


class NetworkGroupViewSet(ReadOnlyViewSet):
    """Community network groups (handbook 3.5.3): kind, sensitisation, whether they accept
    returnees, how many returnees joined; no contact person."""

    serializer_class = NetworkGroupSerializer
    filterset_class = filters.NetworkGroupFilter
    ordering_fields = ["name"]
    required_permission = "peer_support.view_networkgroup"

    def get_queryset(self):
        return selectors.api_network_group_list()


class CommunityEventViewSet(ReadOnlyViewSet):
    """Community events with participants counted by category (handbook 3.5.3, case study
    12); no participant, facilitator or note."""

    serializer_class = CommunityEventSerializer
    filterset_class = filters.CommunityEventFilter
    ordering_fields = ["date"]
    required_permission = "peer_support.view_communityevent"

    def get_queryset(self):
        return selectors.api_event_list()


class CohesionQuery(serializers.Serializer):
    community = serializers.IntegerField(required=False)
    country = serializers.CharField(required=False, max_length=3)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


@extend_schema(
    parameters=[
        OpenApiParameter("community", OpenApiTypes.INT, description="A community id"),
        OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-3"),
        OpenApiParameter("date_from", OpenApiTypes.DATE, description="Events from this day"),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description="Events up to this day"),
    ]
)
class SocialCohesionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Social-cohesion and peer-support figures by community: events and their participants
    by category, peer-support groups and participants, trained mentors and mentorships,
    network groups sensitised and accepting returnees. Counts only."""

    serializer_class = SocialCohesionSerializer
    permission_classes = [IsAuthenticated, ModelViewPermission]
    required_permission = "peer_support.view_communityevent"
    filter_backends = []

    def get_queryset(self):
        return CommunityEvent.objects.none()  # the rows come from the selector

    def list(self, request, *args, **kwargs):
        query = CohesionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        community_ids = None
        if params.get("community"):
            community_ids = [params["community"]]
        rows = selectors.social_cohesion_by_community(
            community_ids=community_ids,
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
            today=datetime.date.today(),
        )
        if params.get("country"):
            rows = [r for r in rows if r["country"] == params["country"].upper()]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
