"""Serializers of the communities API, one per purpose (STYLE.md rule 8)."""

from rest_framework import serializers

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
from communities.selectors import COMMUNITY_REF_FIELDS
from config.api_fields import NamedChoiceField


class CommunityRefSerializer(serializers.ModelSerializer):
    """The community a row belongs to, named and coded so a reader needs no second request:
    its OCHA P-code, its country's ISO 3166-1 alpha-3 code and its admin areas. Every API
    that nests a community uses this one serializer, so partners see one convention."""

    class Meta:
        model = Community
        fields = list(COMMUNITY_REF_FIELDS)
        read_only_fields = fields


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
    group = NamedChoiceField(
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
    status = NamedChoiceField(
        enum_name="ProfileStatusEnum", choices=CommunityProfile.Status.choices
    )
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
    influence = NamedChoiceField(enum_name="InfluenceEnum", choices=Stakeholder.Influence.choices)

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
    sector = NamedChoiceField(enum_name="ServiceSectorEnum", choices=Service.Sector.choices)
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
    growth_potential = NamedChoiceField(
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
