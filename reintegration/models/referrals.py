"""Referrals to any registered target, with every status change kept (DESIGN.md)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.models import TimeStampedModel
from reintegration.models.returnee import Returnee


class Referral(TimeStampedModel):
    """A returnee referred to any registered target (DESIGN.md, Referrals)."""

    # A context of their own: French agrees them with "orientation" (feminine), where a
    # project's "Proposed" and "Completed" are masculine.
    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("referral status", "Proposed")
        ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
        DECLINED = "declined", pgettext_lazy("referral status", "Declined")
        IN_PROGRESS = "in_progress", pgettext_lazy("referral status", "In progress")
        COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
        DROPPED = "dropped", pgettext_lazy("referral status", "Dropped")

    OPEN_STATUSES = (Status.PROPOSED, Status.ACCEPTED, Status.IN_PROGRESS)
    # proposed -> accepted | declined -> in progress -> completed | dropped
    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.IN_PROGRESS, Status.DROPPED},
        Status.IN_PROGRESS: {Status.COMPLETED, Status.DROPPED},
        Status.DECLINED: set(),
        Status.COMPLETED: set(),
        Status.DROPPED: set(),
    }

    returnee = models.ForeignKey(
        Returnee, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("returnee")
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("target label"), max_length=250)
    # Who answers the referral; copied from the target when the referral is made.
    target_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_referrals",
        verbose_name=_("target organization"),
    )
    reason = models.TextField(_("reason"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decline_reason = models.CharField(_("decline reason"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_date = models.DateField(_("follow up date"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["status", "follow_up_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message=_("A declined referral needs a reason."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.returnee.reference} → {self.target_label}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.date.today()
        return self.is_open and self.follow_up_date is not None and self.follow_up_date < today


class ReferralStatusChange(models.Model):
    """Every change of a referral's status, with who and when."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="history", verbose_name=_("referral")
    )
    from_status = models.CharField(
        _("from status"), max_length=12, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=Referral.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")
        ordering = ["referral", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
