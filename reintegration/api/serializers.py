"""Serializers of the reintegration API: one per purpose and audience (STYLE.md rule 8).

Staff (case managers, supervisors, programme managers, admins) get named records; partners
get a pseudonymised one. The sensitive fields have their own serializer, which the view
chooses only when ``access.can_see_sensitive`` allows it: every other serializer lacks them,
so forgetting to check fails closed.
"""

import datetime

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from communities.api.serializers import CommunityRefSerializer
from config.api_fields import NamedChoiceField
from reintegration.models import (
    Consent,
    HouseholdMember,
    Referral,
    ReferralStatusChange,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    ReturneeSkill,
)
from reintegration.models.returnee import age_on

# The pseudonymised record gives an age band: an exact age or birth date helps identify.
AGE_BANDS = ((17, "0-17"), (24, "18-24"), (34, "25-34"), (44, "35-44"), (59, "45-59"))
OLDEST_AGE_BAND = "60+"


def case_status_field() -> NamedChoiceField:
    return NamedChoiceField(enum_name="CaseStatusEnum", choices=Returnee.CaseStatus.choices)


def referral_status_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="ReferralStatusEnum", choices=Referral.Status.choices, **kwargs
    )


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return OLDEST_AGE_BAND


class SkillSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.code", read_only=True)

    class Meta:
        model = ReturneeSkill
        fields = ["sector", "level"]


class NeedLevelsMixin(serializers.Serializer):
    need_levels = serializers.SerializerMethodField(
        help_text="The levels of reintegration (economic, social, psychosocial) with a need."
    )

    def get_need_levels(self, returnee: Returnee) -> list[str]:
        # From the prefetched needs, so a page of returnees costs one query for all needs.
        return sorted({need.level for need in returnee.needs.all()})


class ReturneeListSerializer(NeedLevelsMixin, serializers.ModelSerializer):
    """A staff list row: no sensitive field ever."""

    age = serializers.IntegerField(read_only=True, allow_null=True)
    community = CommunityRefSerializer(read_only=True)
    status = case_status_field()
    case_manager = serializers.SlugRelatedField(slug_field="username", read_only=True)
    skills = SkillSerializer(many=True, read_only=True)

    class Meta:
        model = Returnee
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "sex",
            "age",
            "community",
            "return_date",
            "status",
            "case_manager",
            "need_levels",
            "skills",
        ]
        read_only_fields = fields


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ["relationship", "age", "sex", "school_enrolled"]


class InterestSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReturneeInterest
        fields = ["kind", "sector", "description"]


class NeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturneeNeed
        fields = ["level", "description", "priority", "met"]


class ConsentSummarySerializer(serializers.ModelSerializer):
    shared_with = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "given_on",
            "case_management",
            "group_contact",
            "shared_with",
            "withdrawn_on",
            "is_active",
        ]


class ReturneeDetailSerializer(ReturneeListSerializer):
    """The staff record without the sensitive fields."""

    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    countries_lived = serializers.ListField(child=serializers.CharField(), read_only=True)
    vulnerabilities = serializers.ListField(child=serializers.CharField(), read_only=True)
    household = HouseholdMemberSerializer(many=True, read_only=True)
    interests = InterestSerializer(many=True, read_only=True)
    needs = NeedSerializer(many=True, read_only=True)
    consent = ConsentSummarySerializer(read_only=True, allow_null=True)

    class Meta(ReturneeListSerializer.Meta):
        fields = [
            *ReturneeListSerializer.Meta.fields,
            "gender",
            "date_of_birth",
            "estimated_age",
            "nationality",
            "languages",
            "phone",
            "countries_lived",
            "months_abroad",
            "return_kind",
            "education_level",
            "occupation_before",
            "occupation_abroad",
            "vulnerabilities",
            "interested_in_collective_projects",
            "life_plans",
            "closure_reason",
            "household",
            "interests",
            "needs",
            "consent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


SENSITIVE_HELP = (
    "Present only for the assigned case manager, their supervisor and administrators; "
    "the key is absent for anyone else."
)


@extend_schema_serializer(component_name="ReturneeDetail")
class ReturneeSensitiveDetailSerializer(ReturneeDetailSerializer):
    """The staff record with the sensitive fields. It documents the staff record in the
    schema: the sensitive fields are declared optional (not read-only, which the schema
    would mark required) so the schema says they may be absent. The API never writes."""

    mental_health_condition = serializers.CharField(required=False, help_text=SENSITIVE_HELP)
    protection_concern = serializers.CharField(required=False, help_text=SENSITIVE_HELP)
    confidential_notes = serializers.CharField(required=False, help_text=SENSITIVE_HELP)

    class Meta(ReturneeDetailSerializer.Meta):
        fields = [*ReturneeDetailSerializer.Meta.fields, *Returnee.SENSITIVE_FIELDS]
        read_only_fields = ReturneeDetailSerializer.Meta.fields


class PartnerReferralSerializer(serializers.ModelSerializer):
    status = referral_status_field()

    class Meta:
        model = Referral
        fields = ["id", "target_label", "status"]


class PartnerReturneeSerializer(NeedLevelsMixin, serializers.ModelSerializer):
    """The pseudonymised record a partner sees: no name, phone, date of birth, exact age,
    note or sensitive field; only the referrals addressed to the partner's organization."""

    age_band = serializers.SerializerMethodField()
    # The community's codes add nothing a partner cannot read from /communities/ already.
    community = CommunityRefSerializer(read_only=True)
    skills = SkillSerializer(many=True, read_only=True)
    referrals = PartnerReferralSerializer(many=True, read_only=True, source="partner_referrals")

    class Meta:
        model = Returnee
        fields = [
            "id",
            "reference",
            "sex",
            "age_band",
            "community",
            "need_levels",
            "skills",
            "referrals",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[label for _, label in AGE_BANDS] + [OLDEST_AGE_BAND], allow_null=True
        )
    )
    def get_age_band(self, returnee: Returnee) -> str | None:
        return age_band(returnee.age)


def partner_returnee_row(row: dict, today: datetime.date) -> dict:
    """What PartnerReturneeSerializer gives for the returnee of ``row`` (a row of
    ``selectors.api_partner_returnee_rows``), built directly: the list's fast path (issue
    10). The serializer stays the contract and documents the schema; a test holds the two
    equal, key order included."""
    age = age_on(today, date_of_birth=row["date_of_birth"], estimated_age=row["estimated_age"])
    return {
        "id": row["id"],
        "reference": row["reference"],
        "sex": row["sex"],
        "age_band": age_band(age),
        # The fields and order of communities.api.CommunityRefSerializer (issue 8: codes on
        # every place); the equality test with the serializer holds them together.
        "community": {
            "id": row["community_id"],
            "name": row["community__name"],
            "pcode": row["community__pcode"],
            "country": row["community__country"],
            "admin1": row["community__admin1"],
            "admin2": row["community__admin2"],
        },
        # Distinct and sorted by the query; skills "code:level", referrals
        # "id:status:label" (the label, free text, last).
        "need_levels": row["need_level_list"],
        "skills": [
            {"sector": sector, "level": level}
            for sector, level in (skill.split(":", 1) for skill in row["skill_list"])
        ],
        "referrals": [
            {"id": int(pk), "target_label": label, "status": status}
            for pk, status, label in (referral.split(":", 2) for referral in row["referral_list"])
        ],
    }


class CaseSerializer(serializers.ModelSerializer):
    """A case: the returnee's reference and the state of the case management."""

    case_manager = serializers.SlugRelatedField(slug_field="username", read_only=True)
    status = case_status_field()
    sessions_count = serializers.IntegerField(read_only=True)
    open_referrals_count = serializers.IntegerField(read_only=True)
    last_session_date = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Returnee
        fields = [
            "id",
            "reference",
            "status",
            "closure_reason",
            "case_manager",
            "sessions_count",
            "open_referrals_count",
            "last_session_date",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    """A referral; the returnee appears by reference only, for staff and partners alike."""

    returnee_reference = serializers.CharField(source="returnee.reference", read_only=True)
    target_type = serializers.SerializerMethodField(help_text="app_label.model of the target")
    target_organization = serializers.SlugRelatedField(slug_field="name", read_only=True)
    status = referral_status_field()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "returnee_reference",
            "target_type",
            "target_label",
            "target_organization",
            "status",
            "follow_up_date",
            "is_overdue",
            "created_at",
        ]
        read_only_fields = fields

    def get_target_type(self, referral: Referral) -> str:
        return f"{referral.target_type.app_label}.{referral.target_type.model}"

    def get_is_overdue(self, referral: Referral) -> bool:
        return referral.is_overdue(self.context.get("today"))


class ReferralStatusChangeSerializer(serializers.ModelSerializer):
    from_status = referral_status_field(
        allow_blank=True, help_text="Empty for the creation of the referral."
    )
    to_status = referral_status_field()
    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReferralStatusChange
        fields = ["from_status", "to_status", "changed_by", "changed_at"]


class ReferralDetailSerializer(ReferralSerializer):
    history = ReferralStatusChangeSerializer(many=True, read_only=True)

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "history"]
        read_only_fields = fields
