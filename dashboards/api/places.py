"""``GET /api/v1/places/``: every community as a place, with its OCHA P-code and its ISO
3166-1 codes (alpha-3, alpha-2, numeric), coordinates and latest band; as JSON pages
(cursor pagination) or, with ``?format=csv``, all at once as CSV with an optional HXL row."""

from functools import cache

import django_filters
import pycountry
from django.db.models import OuterRef, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from assessments.models import CommunityScore
from communities.models import Community
from dashboards.api.renderers import CSVRenderer

COLUMNS = [
    # (field, HXL hashtag): the communities import's hashtags where they exist.
    ("id", "#loc+id"),
    ("name", "#loc+name"),
    ("pcode", "#loc+code"),
    ("country", "#country+code"),
    ("country_iso2", "#country+code+v_iso2"),
    ("country_numeric", "#country+code+v_m49"),
    ("country_name", "#country+name"),
    ("admin1", "#adm1+name"),
    ("admin2", "#adm2+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("area_type", "#loc+type"),
    ("population_estimate", "#population"),
    ("latest_band", "#indicator+band"),
]


@cache
def iso_codes(alpha3: str) -> tuple[str, str, str]:
    """(alpha-2, numeric, name) of an ISO 3166-1 alpha-3 code."""
    country = pycountry.countries.get(alpha_3=alpha3)
    return (country.alpha_2, country.numeric, country.name) if country else ("", "", "")


def place_queryset():
    latest = CommunityScore.objects.filter(community=OuterRef("pk")).order_by("-computed_at", "-id")
    return Community.objects.annotate(latest_band=Subquery(latest.values("band")[:1]))


class PlaceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-3.")
    country_iso2 = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2.")
    country_numeric = serializers.SerializerMethodField(help_text="ISO 3166-1 numeric (M49).")
    country_name = serializers.SerializerMethodField()
    pcode = serializers.CharField(read_only=True, help_text="OCHA P-code (may be empty).")
    latest_band = serializers.CharField(
        read_only=True, allow_null=True, help_text="Band of the latest suitability score."
    )

    class Meta:
        model = Community
        fields = [field for field, _ in COLUMNS]
        read_only_fields = fields

    def get_country_iso2(self, community) -> str:
        return iso_codes(community.country)[0]

    def get_country_numeric(self, community) -> str:
        return iso_codes(community.country)[1]

    def get_country_name(self, community) -> str:
        return iso_codes(community.country)[2]


class PlaceFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(
        method="filter_country", label="ISO 3166-1 alpha-3 code, e.g. GIN"
    )
    admin1 = django_filters.CharFilter(field_name="admin1", lookup_expr="iexact")
    pcode = django_filters.CharFilter(field_name="pcode", lookup_expr="iexact")
    has_location = django_filters.BooleanFilter(
        field_name="latitude", lookup_expr="isnull", exclude=True, label="Has coordinates"
    )

    class Meta:
        model = Community
        fields = ["country", "admin1", "pcode", "area_type", "has_location"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())


class PlaceCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv: every place of the filters at once, no pages.",
)
HXL_PARAMETER = OpenApiParameter(
    "hxl", OpenApiTypes.BOOL, description="With format=csv: the HXL hashtag row under the header."
)


@extend_schema_view(
    list=extend_schema(parameters=[FORMAT, HXL_PARAMETER]),
)
class PlaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Communities as places, for maps and joins: P-code, ISO codes, coordinates."""

    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = PlaceCursorPagination
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get_queryset(self):
        return place_queryset()

    def _csv(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", "") == "csv"

    def paginate_queryset(self, queryset):
        if self._csv():
            return None  # a CSV holds every place of the filters
        return super().paginate_queryset(queryset)

    def list(self, request, *args, **kwargs):
        if not self._csv():
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).order_by(
            "country", "admin1", "name", "id"
        )
        data = self.get_serializer(queryset, many=True).data
        rows = [[field for field, _ in COLUMNS]]
        if request.query_params.get("hxl", "").lower() in {"1", "true", "yes"}:
            rows.append([tag for _, tag in COLUMNS])
        rows += [[item[field] for field, _ in COLUMNS] for item in data]
        response = Response(rows)
        response["Content-Disposition"] = 'attachment; filename="places.csv"'
        return response
