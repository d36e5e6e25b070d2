"""Consent, counselling sessions and case notes."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from reintegration.models.returnee import Returnee


class Consent(TimeStampedModel):
    """What the returnee agreed to, recorded by whom and when; withdrawal stops sharing."""

    returnee = models.OneToOneField(
        Returnee, on_delete=models.CASCADE, related_name="consent", verbose_name=_("returnee")
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    case_management = models.BooleanField(_("registration and case management"), default=True)
    group_contact = models.BooleanField(_("contact for group activities"), default=False)
    shared_with = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="shared_consents",
        help_text=_("Partner organizations the returnee agreed to share their record with."),
        verbose_name=_("shared with"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Consent cannot be withdrawn before it was given."),
            )
        ]

    def __str__(self) -> str:
        return _("Consent of %(reference)s") % {"reference": self.returnee.reference}

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CounsellingSession(TimeStampedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        FAMILY = "family", _("Family")

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("returnee")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("counsellor"),
    )

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["returnee", "-date", "-id"]

    def __str__(self) -> str:
        return _("%(kind)s session on %(date)s") % {
            "kind": self.get_kind_display(),
            "date": self.date,
        }

    def clean(self) -> None:
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": _("A session cannot be logged in the future.")})


class CaseNote(TimeStampedModel):
    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="notes", verbose_name=_("returnee")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["returnee", "-created_at"]

    def __str__(self) -> str:
        return _("Note of %(date)s") % {"date": f"{self.created_at:%Y-%m-%d}"}
