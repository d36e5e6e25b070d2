"""Who takes part in a project: returnees from the registry and non-migrant members of the
community, with their role.

For a non-migrant the app keeps a name, sex, age band and vulnerability: enough to count
participants and to balance benefits between returnees and non-migrants (handbook 3.2.1:
resentment "if individual returnees are seen as receiving benefits or rewards
disproportionate to the non-migrant population"), no more.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from projects.models.project import Project
from reintegration.models import Sex

# Sri Lanka clusters (handbook Case study 11): "Cluster leaders and deputies, elected for
# 12 months by cluster members".
LEADER_TERM_MONTHS = 12


class AgeBand(models.TextChoices):
    # The bands the registry's pseudonymised records use (reintegration.api).
    UNDER_18 = "0-17", "0–17"
    FROM_18 = "18-24", "18–24"
    FROM_25 = "25-34", "25–34"
    FROM_35 = "35-44", "35–44"
    FROM_45 = "45-59", "45–59"
    FROM_60 = "60+", _("60 and over")


class Vulnerability(models.TextChoices):
    NONE = "none", _("None known")
    VULNERABLE = "vulnerable", _("Vulnerable")
    HIGH = "high", _("High vulnerability")


class Participant(TimeStampedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        # Handbook 3.3: an advanced-level returnee "can assume the role of an expert and
        # mentor".
        EXPERT = "expert", _("Expert or mentor")
        LEADER = "leader", _("Leader")
        DEPUTY = "deputy", _("Deputy leader")
        EMPLOYEE = "employee", _("Employee")
        # Bangladesh social enterprises (Case study 8): returnees and their families hold
        # 80-85 per cent of shares, the local partner NGO 15-20 per cent.
        SHAREHOLDER = "shareholder", _("Shareholder")

    TERM_ROLES = (Role.LEADER, Role.DEPUTY)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    returnee = models.ForeignKey(
        "reintegration.Returnee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_participations",
    )
    # Non-migrant community members only (a returnee's come from the registry).
    name = models.CharField(_("name"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=6, choices=AgeBand.choices, blank=True)
    vulnerability = models.CharField(
        _("vulnerability"), max_length=12, choices=Vulnerability.choices, blank=True
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    share_percentage = models.DecimalField(
        _("share percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "joined_on", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "returnee"],
                condition=Q(returnee__isnull=False, left_on__isnull=True),
                name="participant_returnee_once_per_project",
                violation_error_message=_("This returnee already takes part in the project."),
            ),
            models.CheckConstraint(
                condition=Q(returnee__isnull=False, name="", sex="", age_band="", vulnerability="")
                | Q(returnee__isnull=True) & ~Q(name="") & ~Q(sex=""),
                name="participant_returnee_or_community_member",
                violation_error_message=_(
                    "A participant is a registered returnee, or a "
                    "community member with a name and sex."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="participant_leaves_after_joining",
                violation_error_message=_("A participant cannot leave before joining."),
            ),
            models.CheckConstraint(
                condition=Q(role="shareholder", share_percentage__gt=0)
                & Q(share_percentage__lte=100)
                | ~Q(role="shareholder") & Q(share_percentage__isnull=True),
                name="participant_share_only_for_shareholders",
                violation_error_message=_(
                    "A shareholder holds more than 0 and at most 100 per "
                    "cent; other roles hold no share."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["leader", "deputy"], term_start__isnull=False)
                | ~Q(role__in=["leader", "deputy"])
                & Q(term_start__isnull=True, term_end__isnull=True),
                name="participant_term_only_for_leaders",
                violation_error_message=_(
                    "A leader or deputy has a term start; other roles have no term."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=F("term_start")),
                name="participant_term_ends_after_start",
                violation_error_message=_("A term ends after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["project", "left_on"])]

    def __str__(self) -> str:
        who = self.returnee.reference if self.returnee_id else self.name
        return f"{who} ({self.get_role_display().lower()})"

    @property
    def is_returnee(self) -> bool:
        return self.returnee_id is not None

    def is_active(self, day: datetime.date | None = None) -> bool:
        day = day or datetime.date.today()
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.returnee_id is None:
            if not self.name.strip():
                errors["name"] = gettext("Give the community member's name.")
            if not self.sex:
                errors["sex"] = gettext(
                    "Give the community member's sex (to balance participation)."
                )
        elif self.name or self.sex or self.vulnerability or self.age_band:
            errors["name"] = gettext(
                "A returnee's details come from the registry; leave these empty."
            )
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = gettext("A participant cannot leave before joining.")
        if self.joined_on and self.joined_on > datetime.date.today():
            errors["joined_on"] = gettext("The joining date cannot be in the future.")
        if self.role == self.Role.SHAREHOLDER:
            if self.share_percentage is None:
                errors["share_percentage"] = gettext("Give the shareholder's share in per cent.")
            elif not 0 < self.share_percentage <= 100:
                errors["share_percentage"] = gettext(
                    "A share is more than 0 and at most 100 per cent."
                )
        elif self.share_percentage is not None:
            errors["share_percentage"] = gettext("Only a shareholder holds a share.")
        if self.role in self.TERM_ROLES:
            if self.term_start is None:
                errors["term_start"] = gettext("Give the start of the leader's term.")
            elif self.term_end is not None and self.term_end <= self.term_start:
                errors["term_end"] = gettext("A term ends after it starts.")
        elif self.term_start or self.term_end:
            errors["term_start"] = gettext("Only a leader or deputy has a term.")
        if errors:
            raise ValidationError(errors)
