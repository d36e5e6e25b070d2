"""The handbook's instruments as data, assessments holding one answer per item, and the
community suitability scores computed from the registry (issue: assessments).

An instrument never changes once used: a programme adapts weights or thresholds
("criteria should be adapted at programme, national and local levels") by creating a new
version, and every score keeps the version it was computed with.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from communities.xlsform.models import FieldSubmission
from config.models import TimeStampedModel


class Instrument(TimeStampedModel):
    class Subject(models.TextChoices):
        COMMUNITY = "community", "A community"
        PROJECT = "project", "A project"

    class AnswerType(models.TextChoices):
        RATING_0_3 = "rating_0_3", "0 not met … 3 fully met, or unknown"
        YES_NO = "yes_no", "Yes / no / unknown"
        TEXT = "text", "Text answer with methods and sources"
        SUITABILITY = "suitability", "Suitable / concern / unsuitable"
        RATING_1_5 = "rating_1_5", "1 … 5, or unknown"

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(max_length=300, help_text="Handbook section or table.")
    subject = models.CharField(max_length=10, choices=Subject.choices)
    answer_type = models.CharField(max_length=12, choices=AnswerType.choices)
    is_active = models.BooleanField(
        default=True, help_text="The version used for new assessments and scores."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_active=True), name="instrument_one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class InstrumentItem(models.Model):
    """One criterion or question of an instrument, in the handbook's words and order."""

    class Polarity(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    group = models.CharField(max_length=200, blank=True, help_text="Phase, sub-phase or group.")
    polarity = models.CharField(max_length=8, choices=Polarity.choices, default=Polarity.POSITIVE)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    methods = models.JSONField(default=list, blank=True, help_text="Data-collection methods.")
    evidence_provider = models.CharField(
        max_length=60, blank=True, help_text="Key of the registered evidence provider."
    )
    # How the provider's value becomes a suggested rating, e.g.
    # {"bands": [[0, 0], [3, 1], [8, 2], [20, 3]]}: the rating of the last bound reached.
    thresholds = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique"),
            models.UniqueConstraint(fields=["instrument", "order"], name="item_order_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="item_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class Assessment(TimeStampedModel):
    """An assessment of one subject (a community, or a project through the contenttypes
    framework, since this app may not import ``projects``) with one instrument."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    conclusion = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(subject_id__isnull=False),
                name="assessment_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.assessed_on}"


class Answer(models.Model):
    """One item of an assessment. ``rating`` is what counts; ``computed_rating`` and
    ``evidence`` keep what the database suggested, so an override stays explainable."""

    class Source(models.TextChoices):
        COMPUTED = "computed", "Computed from the database"
        ASSESSOR = "assessor", "Assessor"
        OVERRIDE = "override", "Assessor overriding the computed value"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    rating = models.SmallIntegerField(null=True, blank=True, help_text="Empty means unknown.")
    choice = models.CharField(max_length=12, blank=True, help_text="yes/no/unknown, suitable…")
    text = models.TextField(blank=True)
    methods = models.JSONField(default=list, blank=True)
    sources = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ASSESSOR)
    computed_rating = models.SmallIntegerField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    justification = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=~Q(source="override") | ~Q(justification=""),
                name="answer_override_justified",
                violation_error_message="An override needs a written justification.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.rating if self.rating is not None else self.choice}"


class CommunityScore(models.Model):
    """A community's suitability for community-based projects against the Altai criteria,
    as computed at one time by one engine version with one instrument version."""

    class Band(models.TextChoices):
        FAVOURABLE = "favourable", "Favourable"
        CONDITIONAL = "conditional", "Conditional"
        UNFAVOURABLE = "unfavourable", "Unfavourable"
        INSUFFICIENT = "insufficient", "Insufficient evidence"

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="scores"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField()
    engine_version = models.CharField(max_length=20)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    coverage = models.DecimalField(max_digits=5, decimal_places=1)
    band = models.CharField(max_length=12, choices=Band.choices)
    # [{code, text, weight, rating, source, evidence, explanation}], in the items' order.
    criteria = models.JSONField(default=list)
    unmet = models.JSONField(default=list, help_text="Codes of criteria rated 0.")
    inputs_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["community", "-computed_at", "-id"]
        indexes = [models.Index(fields=["community", "-computed_at"])]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.band} {self.score} ({self.computed_at:%Y-%m-%d})"


class Submission(FieldSubmission):
    """A submission of an instrument's XLSForm (KoboToolbox / ODK), imported as a draft
    assessment for a programme manager to review (``assessments.xlsform``)."""

    RECORD_FIELD = "assessment"

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(FieldSubmission.Meta):
        constraints = [FieldSubmission.record_constraint("assessment")]
