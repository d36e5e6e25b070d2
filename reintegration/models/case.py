"""Consent, counselling sessions and case notes."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from config.models import TimeStampedModel
from reintegration.models.returnee import Returnee


class Consent(TimeStampedModel):
    """What the returnee agreed to, recorded by whom and when; withdrawal stops sharing."""

    returnee = models.OneToOneField(Returnee, on_delete=models.CASCADE, related_name="consent")
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case_management = models.BooleanField("registration and case management", default=True)
    group_contact = models.BooleanField("contact for group activities", default=False)
    shared_with = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="shared_consents",
        help_text="Partner organizations the returnee agreed to share their record with.",
    )
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message="Consent cannot be withdrawn before it was given.",
            )
        ]

    def __str__(self) -> str:
        return f"Consent of {self.returnee.reference}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CounsellingSession(TimeStampedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        FAMILY = "family", "Family"

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["returnee", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} session on {self.date}"

    def clean(self) -> None:
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": "A session cannot be logged in the future."})


class CaseNote(TimeStampedModel):
    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["returnee", "-created_at"]

    def __str__(self) -> str:
        return f"Note of {self.created_at:%Y-%m-%d}"
