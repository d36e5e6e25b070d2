"""The accounts part of the API: who am I, and the organizations."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.models import Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "country"]


class MeSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "organization", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)


class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organizations taking part in the programme (names and kinds only)."""

    queryset = Organization.objects.order_by("name")
    serializer_class = OrganizationSerializer
    filterset_fields = ["kind", "country"]
    ordering_fields = ["name"]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The authenticated user, their organization and roles."""
    user = (
        User.objects.select_related("organization")
        .prefetch_related("groups")
        .get(pk=request.user.pk)
    )
    return Response(MeSerializer(user).data)
