"""Read-only viewsets of the communities API; querysets come from ``communities.selectors``."""

from rest_framework import mixins, viewsets

from communities import selectors
from communities.api import filters
from communities.api.serializers import (
    CommunityDetailSerializer,
    CommunityListSerializer,
    LivelihoodOpportunitySerializer,
    ProfileDetailSerializer,
    ProfileListSerializer,
    SectorSerializer,
    ServiceSerializer,
    StakeholderSerializer,
)


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class CommunityViewSet(ReadOnlyViewSet):
    """Communities of return with the dates of their latest profile."""

    filterset_class = filters.CommunityFilter
    ordering_fields = ["name", "country"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.community_detail_queryset()
        return selectors.community_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CommunityDetailSerializer
        return CommunityListSerializer


class ProfileViewSet(ReadOnlyViewSet):
    """Dated community profiles (handbook 3.2.1); the detail carries the 20 indicators."""

    filterset_class = filters.ProfileFilter
    ordering_fields = ["profile_date"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.profile_all_with_entries()
        return selectors.profile_all()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ProfileDetailSerializer
        return ProfileListSerializer


class StakeholderViewSet(ReadOnlyViewSet):
    """Who is involved in reintegration support (handbook Table 3.1, questions 19 to 25)."""

    serializer_class = StakeholderSerializer
    filterset_class = filters.StakeholderFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return selectors.stakeholder_all()


class ServiceViewSet(ReadOnlyViewSet):
    """Social services in the five sectors of handbook section 3.4."""

    serializer_class = ServiceSerializer
    filterset_class = filters.ServiceFilter
    ordering_fields = ["name", "sector"]

    def get_queryset(self):
        return selectors.service_list()


class SectorViewSet(ReadOnlyViewSet):
    """The sector catalogue: ISIC Rev.4 sections and common reintegration trades."""

    serializer_class = SectorSerializer
    filterset_class = filters.SectorFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.sector_list()


class LivelihoodOpportunityViewSet(ReadOnlyViewSet):
    """Livelihood opportunities and growth sectors (Table 3.1 q. 16-17, section 3.3)."""

    serializer_class = LivelihoodOpportunitySerializer
    filterset_class = filters.LivelihoodOpportunityFilter
    ordering_fields = ["source_date"]

    def get_queryset(self):
        return selectors.opportunity_all()
