"""Serializers of the assessments API (STYLE.md rule 8: one per purpose)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments import selectors
from assessments.api.schema import band_field
from assessments.models import Answer, Assessment, CommunityScore, Instrument, InstrumentItem
from communities.api.serializers import CommunityRefSerializer
from communities.models import Community, DataCollectionMethod
from config.api_fields import NamedChoiceField


class InstrumentRefSerializer(serializers.ModelSerializer):
    """The instrument version an assessment or a score was made with."""

    class Meta:
        model = Instrument
        fields = ["id", "code", "version"]


class InstrumentItemSerializer(serializers.ModelSerializer):
    """One criterion or question, in the handbook's words and order."""

    polarity = NamedChoiceField(
        enum_name="ItemPolarityEnum", choices=InstrumentItem.Polarity.choices
    )
    methods = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Data-collection methods.")
    )
    thresholds = serializers.DictField(
        read_only=True, help_text=_("How the evidence provider's value becomes a rating.")
    )

    class Meta:
        model = InstrumentItem
        fields = [
            "code",
            "order",
            "text",
            "group",
            "polarity",
            "weight",
            "methods",
            "evidence_provider",
            "thresholds",
            "source",
        ]


class InstrumentListSerializer(serializers.ModelSerializer):
    subject = NamedChoiceField(
        enum_name="InstrumentSubjectEnum", choices=Instrument.Subject.choices
    )
    answer_type = NamedChoiceField(
        enum_name="InstrumentAnswerTypeEnum", choices=Instrument.AnswerType.choices
    )
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "code",
            "version",
            "name",
            "source",
            "subject",
            "answer_type",
            "is_active",
            "item_count",
        ]


class InstrumentDetailSerializer(InstrumentListSerializer):
    items = InstrumentItemSerializer(many=True, read_only=True)

    class Meta(InstrumentListSerializer.Meta):
        fields = [*InstrumentListSerializer.Meta.fields, "description", "items"]


class AnswerSerializer(serializers.ModelSerializer):
    """One item's answer. A null rating is unknown, never zero; ``computed_rating`` and
    ``evidence`` keep what the database suggested, so an override stays explainable."""

    item = serializers.CharField(source="item.code", read_only=True)
    methods = serializers.ListField(
        child=NamedChoiceField(
            enum_name="DataCollectionMethodEnum", choices=DataCollectionMethod.choices
        ),
        read_only=True,
    )
    source = NamedChoiceField(enum_name="AnswerSourceEnum", choices=Answer.Source.choices)
    evidence = serializers.DictField(read_only=True)

    class Meta:
        model = Answer
        fields = [
            "item",
            "rating",
            "choice",
            "text",
            "methods",
            "sources",
            "answered_on",
            "source",
            "computed_rating",
            "evidence",
            "justification",
        ]


class AssessmentListSerializer(serializers.ModelSerializer):
    instrument = InstrumentRefSerializer(read_only=True)
    community = CommunityRefSerializer(read_only=True)
    status = NamedChoiceField(enum_name="AssessmentStatusEnum", choices=Assessment.Status.choices)
    answer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "instrument",
            "community",
            "assessed_on",
            "status",
            "conclusion",
            "answer_count",
        ]


class AssessmentDetailSerializer(AssessmentListSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(AssessmentListSerializer.Meta):
        fields = [
            *AssessmentListSerializer.Meta.fields,
            "notes",
            "created_at",
            "updated_at",
            "answers",
        ]


class ScoreCriterionSerializer(serializers.Serializer):
    """One Altai criterion as the engine scored it (an entry of ``CommunityScore.criteria``)."""

    code = serializers.CharField()
    text = serializers.CharField()
    weight = serializers.CharField()
    computed_rating = serializers.IntegerField(allow_null=True)
    evidence = serializers.DictField()
    explanation = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True, help_text=_("Null is unknown, not zero."))
    source = serializers.CharField(
        help_text=_("computed, assessor, override, unknown, or computed, capped by assessor.")
    )
    justification = serializers.CharField(allow_blank=True)


class ScoreListSerializer(serializers.ModelSerializer):
    community = CommunityRefSerializer(read_only=True)
    instrument = InstrumentRefSerializer(read_only=True)
    band = band_field()
    unmet = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Codes of criteria rated 0.")
    )

    class Meta:
        model = CommunityScore
        fields = [
            "id",
            "community",
            "instrument",
            "computed_at",
            "engine_version",
            "score",
            "coverage",
            "band",
            "unmet",
        ]


class ScoreDetailSerializer(ScoreListSerializer):
    criteria = ScoreCriterionSerializer(many=True, read_only=True)

    class Meta(ScoreListSerializer.Meta):
        fields = [*ScoreListSerializer.Meta.fields, "inputs_hash", "criteria"]


class RankingRowSerializer(serializers.ModelSerializer):
    """A community with its latest score (the annotations of ``selectors.ranking``)."""

    score_id = serializers.IntegerField(source="latest_score_id", read_only=True)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=1, read_only=True, allow_null=True
    )
    coverage = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    band = band_field()
    unmet = serializers.ListField(child=serializers.CharField(), read_only=True)
    missing_for_favourable = serializers.SerializerMethodField(
        help_text=_(
            'What stands between the community and "favourable": criteria with evidence '
            "missing, and criteria rated 0 or 1."
        )
    )

    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "pcode",
            "country",
            "admin1",
            "admin2",
            "score_id",
            "score",
            "coverage",
            "band",
            "unmet",
            "missing_for_favourable",
        ]

    def get_missing_for_favourable(self, community) -> list[str]:
        return selectors.missing_for_favourable(community.criteria)
