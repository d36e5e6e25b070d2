"""Read-only endpoints of projects and their participants. Querysets come from selectors
that start from ``projects.access``; partners get pseudonymised participants."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view

from projects.api import filters
from projects.api.serializers import (
    ParticipantSerializer,
    PartnerParticipantSerializer,
    ProjectDetailSerializer,
    ProjectListSerializer,
)
from projects.selectors import api as selectors
from reintegration.api.viewsets import ReadOnlyViewSet


class ProjectViewSet(ReadOnlyViewSet):
    """Projects of the user's organization (a partner: those it implements or runs)."""

    filterset_class = filters.ProjectFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.api_project_detail(user=self.request.user)
        return selectors.api_project_list(user=self.request.user)

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectListSerializer


PARTICIPANT_SCHEMA = PolymorphicProxySerializer(
    component_name="ProjectParticipant",
    serializers=[ParticipantSerializer, PartnerParticipantSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ProjectParticipantListItem",
            serializers=[ParticipantSerializer, PartnerParticipantSerializer],
            resource_type_field_name=None,
            many=True,
        ),
        description="Staff get names; partners a pseudonymised row.",
    ),
    retrieve=extend_schema(responses=PARTICIPANT_SCHEMA),
)
class ParticipantViewSet(ReadOnlyViewSet):
    """Participants of the projects the user sees."""

    filterset_class = filters.ParticipantFilter

    def get_queryset(self):
        return selectors.api_participant_list(user=self.request.user, partner=self.partner)

    def get_serializer_class(self):
        return PartnerParticipantSerializer if self.partner else ParticipantSerializer
