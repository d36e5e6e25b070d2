"""Serializers of the projects API, one per purpose and audience (STYLE.md rule 8).

Projects read the same for staff and partners (they hold no personal data). Participants
do: staff get the returnee's name and reference; a partner gets a pseudonymised row (sex,
age band, role and dates), with the reference only for a returnee who shared their record
with the partner's organization, as in the registry's partner API.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communities.api.serializers import CommunityRefSerializer
from config.api_fields import NamedChoiceField
from projects.models import Approach, Kind, Participant, Project, ProposedBy
from reintegration.api.serializers import AGE_BANDS, OLDEST_AGE_BAND, age_band
from reintegration.models import Sex, SkillLevel

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class ProjectListSerializer(serializers.ModelSerializer):
    approach = NamedChoiceField(enum_name="ProjectApproachEnum", choices=Approach.choices)
    kind = NamedChoiceField(enum_name="ProjectKindEnum", choices=Kind.choices)
    status = NamedChoiceField(enum_name="ProjectStatusEnum", choices=Project.Status.choices)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="name", read_only=True)
    communities = CommunityRefSerializer(many=True, read_only=True)
    iati_identifier = serializers.CharField(
        read_only=True, help_text="<reporting organization ref>-<activity id>, or empty."
    )
    budget = serializers.DecimalField(**MONEY, allow_null=True)
    cofinancing_local_government = serializers.DecimalField(**MONEY)
    cofinancing_in_kind = serializers.DecimalField(**MONEY)
    current_step = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Table 3.4 step (collective income only)."
    )
    returnee_count = serializers.IntegerField(read_only=True, help_text="Current participants.")
    non_migrant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "approach",
            "kind",
            "status",
            "sector",
            "organization",
            "communities",
            "iati_identifier",
            "currency",
            "budget",
            "cofinancing_local_government",
            "cofinancing_in_kind",
            "start_date",
            "end_date",
            "current_step",
            "lifecycle_completed_on",
            "returnee_count",
            "non_migrant_count",
        ]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectListSerializer):
    proposed_by = NamedChoiceField(enum_name="ProjectProposedByEnum", choices=ProposedBy.choices)
    run_by = serializers.CharField(read_only=True)
    location = CommunityRefSerializer(read_only=True, allow_null=True)
    monthly_income = serializers.DecimalField(**MONEY, allow_null=True)
    required_sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    required_skill_level = NamedChoiceField(
        enum_name="ProjectSkillLevelEnum",
        choices=SkillLevel.choices,
        allow_blank=True,
        help_text="Table 3.5: the minimum skill level; empty when not required.",
    )

    class Meta(ProjectListSerializer.Meta):
        fields = [
            *ProjectListSerializer.Meta.fields,
            "description",
            "proposed_by",
            "development_plan",
            "development_plan_url",
            "environmental_notes",
            "gender_considerations",
            "run_by",
            "capacity",
            "location",
            "location_notes",
            "duration_months",
            "funding_model",
            "monthly_income",
            "income_notes",
            "required_sectors",
            "required_skill_level",
            "skills_required",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def role_field() -> NamedChoiceField:
    return NamedChoiceField(enum_name="ParticipantRoleEnum", choices=Participant.Role.choices)


AGE_BAND_FIELD = serializers.ChoiceField(
    choices=[label for _, label in AGE_BANDS] + [OLDEST_AGE_BAND], allow_null=True
)


class ParticipantBaseSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    sex = serializers.SerializerMethodField()
    age_band = serializers.SerializerMethodField()
    role = role_field()
    share_percentage = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True
    )

    COMMON = [
        "id",
        "project",
        "kind",
        "sex",
        "age_band",
        "role",
        "term_start",
        "term_end",
        "share_percentage",
        "joined_on",
        "left_on",
    ]

    @extend_schema_field(
        NamedChoiceField(
            enum_name="ParticipantKindEnum",
            choices=[("returnee", "Returnee"), ("community_member", "Community member")],
        )
    )
    def get_kind(self, participant: Participant) -> str:
        return "returnee" if participant.returnee_id else "community_member"

    @extend_schema_field(NamedChoiceField(enum_name="ParticipantSexEnum", choices=Sex.choices))
    def get_sex(self, participant: Participant) -> str:
        return participant.returnee.sex if participant.returnee_id else participant.sex

    @extend_schema_field(AGE_BAND_FIELD)
    def get_age_band(self, participant: Participant) -> str | None:
        if participant.returnee_id:
            return age_band(participant.returnee.age)
        return participant.age_band or None


class ReturneeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)


class ParticipantSerializer(ParticipantBaseSerializer):
    """Staff: the returnee by name and reference, a community member by name."""

    returnee = ReturneeRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = [
            *ParticipantBaseSerializer.COMMON,
            "returnee",
            "name",
            "vulnerability",
        ]
        read_only_fields = fields


class PartnerParticipantSerializer(ParticipantBaseSerializer):
    """A partner's pseudonymised row: no name, no vulnerability; the returnee's reference
    only when they shared their record with the partner's organization."""

    returnee_reference = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [*ParticipantBaseSerializer.COMMON, "returnee_reference"]
        read_only_fields = fields

    def get_returnee_reference(self, participant: Participant) -> str | None:
        if participant.returnee_id and participant.shared:
            return participant.returnee.reference
        return None


__all__ = [
    "ParticipantSerializer",
    "PartnerParticipantSerializer",
    "ProjectDetailSerializer",
    "ProjectListSerializer",
]
