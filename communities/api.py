"""The read-only REST API of the communities app: communities, their dated profiles,
stakeholders, services, sectors and livelihood opportunities.

Every authenticated role may read it, partners included (DESIGN.md: partners pull
communities); there is no returnee data here. Writes go through the browser, so no endpoint
accepts any. Querysets come from ``communities.selectors``; each joins or prefetches what its
serializer reads, so a page costs the same number of queries whatever its size.
"""

import django_filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import mixins, serializers, viewsets

from communities import selectors
from communities.models import (
    Community,
    CommunityProfile,
    DataCollectionMethod,
    Disaggregation,
    LivelihoodOpportunity,
    ProfileEntry,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
)

# --- Schema ----------------------------------------------------------------------------------


class NamedEnumField(serializers.ChoiceField):
    """A read-only choice documented as the schema component ``enum_name``.

    Left to drf-spectacular, an enum is named after its field, and it warns (failing the
    schema test) when one choice set goes by several names: a stakeholder's influence, an
    opportunity's growth potential and a returnee need's priority are all low/medium/high.
    Naming the component also keeps generic names ("status", "sector") free for other apps.
    (reintegration.api.schema.NamedChoiceField does the same one layer up, where this app
    cannot import it from.)
    """

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(read_only=True, **kwargs)


class NamedEnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedEnumField

    def map_serializer_field(self, auto_schema, direction):
        schema = build_choice_field(serializers.ChoiceField(choices=self.target.choices))
        schema.pop("x-spec-enum-id", None)
        component = ResolvedComponent(
            name=self.target.enum_name,
            type=ResolvedComponent.SCHEMA,
            schema=schema,
            object=self.target.enum_name,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


# --- Serializers (STYLE.md rule 8: one per purpose) -------------------------------------------


class CommunityRefSerializer(serializers.ModelSerializer):
    """The community a row belongs to, named so a reader needs no second request."""

    class Meta:
        model = Community
        fields = ["id", "name"]


class CommunityListSerializer(serializers.ModelSerializer):
    latest_profile_date = serializers.DateField(read_only=True, allow_null=True)
    next_review_date = serializers.DateField(
        read_only=True, allow_null=True, help_text="Review date of the latest profile."
    )
    due_for_review = serializers.SerializerMethodField(
        help_text="The latest profile's review date has passed (handbook 3.2.1: profiles "
        "should be reviewed and updated frequently). False when there is no profile."
    )

    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "country",
            "admin1",
            "admin2",
            "pcode",
            "area_type",
            "latest_profile_date",
            "next_review_date",
            "due_for_review",
        ]

    def get_due_for_review(self, community: Community) -> bool:
        # The annotation is NULL for a community without a profile.
        return bool(community.is_due_for_review)


class CommunityDetailSerializer(CommunityListSerializer):
    latest_profile = serializers.IntegerField(
        source="latest_profile_id", read_only=True, allow_null=True
    )

    class Meta(CommunityListSerializer.Meta):
        fields = [
            *CommunityListSerializer.Meta.fields,
            "latitude",
            "longitude",
            "population_estimate",
            "notes",
            "latest_profile",
            "created_at",
            "updated_at",
        ]


class ProfileEntrySerializer(serializers.ModelSerializer):
    """One of the 20 indicators of handbook 3.2.1 in a profile. A null rating is unknown."""

    indicator = serializers.CharField(source="indicator.code", read_only=True)
    name = serializers.CharField(source="indicator.name", read_only=True)
    group = NamedEnumField(
        enum_name="IndicatorGroupEnum",
        source="indicator.group",
        choices=ProfileIndicator.Group.choices,
    )
    rating_label = serializers.CharField(
        source="get_rating_display", read_only=True, allow_null=True
    )
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCollectionMethod.choices), read_only=True
    )
    varies_by = serializers.ListField(
        child=serializers.ChoiceField(choices=Disaggregation.choices), read_only=True
    )

    class Meta:
        model = ProfileEntry
        fields = [
            "indicator",
            "name",
            "group",
            "rating",
            "rating_label",
            "finding",
            "methods",
            "varies_by",
            "disaggregation_notes",
        ]


class ProfileListSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    status = NamedEnumField(enum_name="ProfileStatusEnum", choices=CommunityProfile.Status.choices)
    due_for_review = serializers.BooleanField(source="is_due_for_review", read_only=True)

    class Meta:
        model = CommunityProfile
        fields = [
            "id",
            "community",
            "profile_date",
            "assessors",
            "status",
            "next_review_date",
            "due_for_review",
            "summary",
        ]


class ProfileDetailSerializer(ProfileListSerializer):
    entries = ProfileEntrySerializer(many=True, read_only=True)

    class Meta(ProfileListSerializer.Meta):
        fields = [*ProfileListSerializer.Meta.fields, "created_at", "updated_at", "entries"]


class StakeholderSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    influence = NamedEnumField(enum_name="InfluenceEnum", choices=Stakeholder.Influence.choices)

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "community",
            "name",
            "kind",
            "role_in_reintegration",
            "influence",
            # No "contact": it may be a person's own phone, and partners read this API.
            "is_civil_society",
            "is_active",
        ]


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stakeholder
        fields = ["id", "name"]


class ServiceSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    sector = NamedEnumField(enum_name="ServiceSectorEnum", choices=Service.Sector.choices)
    provider = ProviderSerializer(read_only=True, allow_null=True)
    barriers = serializers.ListField(
        child=serializers.ChoiceField(choices=Service.Barrier.choices), read_only=True
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "community",
            "name",
            "sector",
            "provider",
            "organization",
            "capacity",
            "cost",
            "barriers",
            "notes",
            "is_active",
        ]


class SectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Sector
        fields = ["id", "code", "name", "parent"]


class SectorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class LivelihoodOpportunitySerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    sector = SectorRefSerializer(read_only=True)
    growth_potential = NamedEnumField(
        enum_name="GrowthPotentialEnum", choices=LivelihoodOpportunity.GrowthPotential.choices
    )

    class Meta:
        model = LivelihoodOpportunity
        fields = [
            "id",
            "community",
            "sector",
            "kind",
            "growth_potential",
            "description",
            "source",
            "source_date",
        ]


# --- Filters ----------------------------------------------------------------------------------
# Communities are filtered by id with a NumberFilter, not a ModelChoiceFilter: validating a
# choice would cost a query on every request.


class CommunityFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(label="ISO 3166-1 alpha-3 code, e.g. GIN")
    admin1 = django_filters.CharFilter(label="First administrative level (any capitalisation)")
    area_type = django_filters.ChoiceFilter(choices=Community.AreaType.choices)
    due_for_review = django_filters.BooleanFilter(
        label="The latest profile's review date has passed (false includes no profile)"
    )
    q = django_filters.CharFilter(label="Name or admin areas (contains), or exact P-code")

    class Meta:
        model = Community
        fields = ["country", "admin1", "area_type", "due_for_review", "q"]

    def filter_queryset(self, queryset):
        """Narrow ``queryset`` to what ``selectors.community_list`` matches: the selector owns
        the rules (a community without a profile is not due, a P-code matches whole), so the
        browser list and the API cannot drift apart. One query still: an IN subquery."""
        data = self.form.cleaned_data
        criteria = {
            "country": data["country"] or "",
            "admin1": data["admin1"] or "",
            "area_type": data["area_type"] or "",
            "due_for_review": data["due_for_review"],
            "search": (data["q"] or "").strip(),
        }
        if not any(value not in ("", None) for value in criteria.values()):
            return queryset
        return queryset.filter(pk__in=selectors.community_list(**criteria).values("pk"))


class ProfileFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = CommunityProfile
        fields = ["community", "status"]


class StakeholderFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = Stakeholder
        fields = ["community", "kind", "is_civil_society", "is_active"]


class ServiceFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = Service
        fields = ["community", "sector", "is_active"]


class SectorFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(
        field_name="parent__code", label="Code of the parent sector, e.g. C"
    )
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label="ISIC sections only (no parent)"
    )

    class Meta:
        model = Sector
        fields = ["parent", "top_level"]


class LivelihoodOpportunityFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    sector = django_filters.CharFilter(field_name="sector__code", label="Sector code")

    class Meta:
        model = LivelihoodOpportunity
        fields = ["community", "sector", "kind", "growth_potential"]


# --- ViewSets ---------------------------------------------------------------------------------


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class CommunityViewSet(ReadOnlyViewSet):
    """Communities of return with the dates of their latest profile."""

    filterset_class = CommunityFilter
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

    filterset_class = ProfileFilter
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
    filterset_class = StakeholderFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return selectors.stakeholder_all()


class ServiceViewSet(ReadOnlyViewSet):
    """Social services in the five sectors of handbook section 3.4."""

    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["name", "sector"]

    def get_queryset(self):
        return selectors.service_list()


class SectorViewSet(ReadOnlyViewSet):
    """The sector catalogue: ISIC Rev.4 sections and common reintegration trades."""

    serializer_class = SectorSerializer
    filterset_class = SectorFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.sector_list()


class LivelihoodOpportunityViewSet(ReadOnlyViewSet):
    """Livelihood opportunities and growth sectors (Table 3.1 q. 16-17, section 3.3)."""

    serializer_class = LivelihoodOpportunitySerializer
    filterset_class = LivelihoodOpportunityFilter
    ordering_fields = ["source_date"]

    def get_queryset(self):
        return selectors.opportunity_all()


def register(router) -> None:
    router.register("communities", CommunityViewSet, basename="community")
    router.register("profiles", ProfileViewSet, basename="profile")
    router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
    router.register("services", ServiceViewSet, basename="service")
    router.register("sectors", SectorViewSet, basename="sector")
    router.register(
        "livelihood-opportunities", LivelihoodOpportunityViewSet, basename="livelihood-opportunity"
    )
