"""Read-only ViewSets of the assessments API: GET only, so every write is a 405."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets

from assessments import selectors
from assessments.api import filters
from assessments.api.serializers import (
    AssessmentDetailSerializer,
    AssessmentListSerializer,
    InstrumentDetailSerializer,
    InstrumentListSerializer,
    RankingRowSerializer,
    ScoreDetailSerializer,
    ScoreListSerializer,
)


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class InstrumentViewSet(ReadOnlyViewSet):
    """The handbook's instruments (Altai criteria, Tables 3.1, 3.2, 3.5, 6.1, community-led
    child protection), every version; the detail carries the items in order."""

    filterset_class = filters.InstrumentFilter
    ordering_fields = ["code", "version"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_instrument_detail()
        return selectors.api_instrument_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return InstrumentDetailSerializer
        return InstrumentListSerializer


class AssessmentViewSet(ReadOnlyViewSet):
    """Assessments of communities; the detail carries one answer per item."""

    filterset_class = filters.AssessmentFilter
    ordering_fields = ["assessed_on"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_assessment_detail()
        return selectors.api_assessment_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AssessmentDetailSerializer
        return AssessmentListSerializer


class ScoreViewSet(ReadOnlyViewSet):
    """Community suitability scores against the Altai criteria, with their history; the
    detail carries every criterion's rating and evidence."""

    filterset_class = filters.ScoreFilter
    ordering_fields = ["computed_at", "score", "coverage"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_score_detail()
        return selectors.api_score_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ScoreDetailSerializer
        return ScoreListSerializer


class RankingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Communities with a score, by their latest score (best first, then coverage, name)."""

    serializer_class = RankingRowSerializer
    filterset_class = filters.RankingFilter
    # No OrderingFilter: the order is the ranking.
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return selectors.ranking()
