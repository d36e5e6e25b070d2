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
from django.utils.translation import gettext_lazy as _

from communities.xlsform.models import FieldSubmission
from config.models import TimeStampedModel


class Instrument(TimeStampedModel):
    class Subject(models.TextChoices):
        COMMUNITY = "community", _("A community")
        PROJECT = "project", _("A project")

    class AnswerType(models.TextChoices):
        RATING_0_3 = "rating_0_3", _("0 not met … 3 fully met, or unknown")
        YES_NO = "yes_no", _("Yes / no / unknown")
        TEXT = "text", _("Text answer with methods and sources")
        SUITABILITY = "suitability", _("Suitable / concern / unsuitable")
        RATING_1_5 = "rating_1_5", _("1 … 5, or unknown")

    code = models.CharField(max_length=40, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    version = models.PositiveSmallIntegerField(default=1, verbose_name=_("version"))
    source = models.CharField(
        max_length=300, help_text=_("Handbook section or table."), verbose_name=_("source")
    )
    subject = models.CharField(max_length=10, choices=Subject.choices, verbose_name=_("subject"))
    answer_type = models.CharField(
        max_length=12, choices=AnswerType.choices, verbose_name=_("answer type")
    )
    is_active = models.BooleanField(
        default=True,
        help_text=_("The version used for new assessments and scores."),
        verbose_name=_("is active"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    # Issue 11: the handbook's English text above is the source; other languages are data,
    # {"fr": {"<field>": "..."}, "ar": {...}}, read through assessments.translations.
    translations = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("translations"),
        help_text=_('Per language, e.g. {"fr": {"text": "…"}}; English is the source.'),
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
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
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="items", verbose_name=_("instrument")
    )
    code = models.CharField(max_length=40, verbose_name=_("code"))
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))
    text = models.TextField(verbose_name=_("text"))
    group = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Phase, sub-phase or group."),
        verbose_name=_("group"),
    )
    polarity = models.CharField(
        max_length=8,
        choices=Polarity.choices,
        default=Polarity.POSITIVE,
        verbose_name=_("polarity"),
    )
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=1, verbose_name=_("weight")
    )
    methods = models.JSONField(
        default=list, blank=True, help_text=_("Data-collection methods."), verbose_name=_("methods")
    )
    evidence_provider = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Key of the registered evidence provider."),
        verbose_name=_("evidence provider"),
    )
    # How the provider's value becomes a suggested rating, e.g.
    # {"bands": [[0, 0], [3, 1], [8, 2], [20, 3]]}: the rating of the last bound reached.
    thresholds = models.JSONField(default=dict, blank=True, verbose_name=_("thresholds"))
    source = models.CharField(max_length=300, verbose_name=_("source"))

    # Issue 11: the handbook's English text above is the source; other languages are data,
    # {"fr": {"<field>": "..."}, "ar": {...}}, read through assessments.translations.
    translations = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("translations"),
        help_text=_('Per language, e.g. {"fr": {"text": "…"}}; English is the source.'),
    )

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
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
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("instrument"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("community"),
    )
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject type"),
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    assessed_on = models.DateField(verbose_name=_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    conclusion = models.CharField(max_length=40, blank=True, verbose_name=_("conclusion"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
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
        COMPUTED = "computed", _("Computed from the database")
        ASSESSOR = "assessor", _("Assessor")
        OVERRIDE = "override", _("Assessor overriding the computed value")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    item = models.ForeignKey(
        InstrumentItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    rating = models.SmallIntegerField(
        null=True, blank=True, help_text=_("Empty means unknown."), verbose_name=_("rating")
    )
    choice = models.CharField(
        max_length=12,
        blank=True,
        help_text=_("yes/no/unknown, suitable…"),
        verbose_name=_("choice"),
    )
    text = models.TextField(blank=True, verbose_name=_("text"))
    methods = models.JSONField(default=list, blank=True, verbose_name=_("methods"))
    sources = models.TextField(blank=True, verbose_name=_("sources"))
    answered_on = models.DateField(null=True, blank=True, verbose_name=_("answered on"))
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.ASSESSOR, verbose_name=_("source")
    )
    computed_rating = models.SmallIntegerField(
        null=True, blank=True, verbose_name=_("computed rating")
    )
    evidence = models.JSONField(default=dict, blank=True, verbose_name=_("evidence"))
    justification = models.TextField(blank=True, verbose_name=_("justification"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=~Q(source="override") | ~Q(justification=""),
                name="answer_override_justified",
                violation_error_message=_("An override needs a written justification."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.rating if self.rating is not None else self.choice}"


class CommunityScore(models.Model):
    """A community's suitability for community-based projects against the Altai criteria,
    as computed at one time by one engine version with one instrument version."""

    class Band(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        CONDITIONAL = "conditional", _("Conditional")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")
        INSUFFICIENT = "insufficient", _("Insufficient evidence")

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("community"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    computed_at = models.DateTimeField(verbose_name=_("computed at"))
    engine_version = models.CharField(max_length=20, verbose_name=_("engine version"))
    score = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("score")
    )
    coverage = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("coverage"))
    band = models.CharField(max_length=12, choices=Band.choices, verbose_name=_("band"))
    # [{code, text, weight, rating, source, evidence, explanation}], in the items' order.
    criteria = models.JSONField(default=list, verbose_name=_("criteria"))
    unmet = models.JSONField(
        default=list, help_text=_("Codes of criteria rated 0."), verbose_name=_("unmet")
    )
    inputs_hash = models.CharField(max_length=64, verbose_name=_("inputs hash"))

    class Meta:
        verbose_name = _("community score")
        verbose_name_plural = _("community scores")
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
        verbose_name=_("assessment"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )

    class Meta(FieldSubmission.Meta):
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [FieldSubmission.record_constraint("assessment")]
