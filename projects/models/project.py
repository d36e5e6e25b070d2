"""A community-based reintegration project (handbook 3.2.2 and 3.3).

The approach is one of Table 3.3's three; the kind is one of the handbook's families of
community-level assistance (3.3.1 to 3.3.3, 3.4, 3.5). A collective income-generating
activity follows the eight steps of Table 3.4 (``current_step``). A project that integrates
returnees into an existing project run by another actor records what Table 3.5 asks to
assess: capacity, location, duration, income, sectors and skills required.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel
from projects.catalogues import APPROACHES, LAST_STEP
from projects.money import MONEY_DIGITS, MONEY_PLACES, validate_currency

# IATI identifiers are "<reporting organization ref>-<activity id>" and may not contain
# spaces or the characters / & | ? (IATI Standard, iati-identifier rules).
IATI_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Approach(models.TextChoices):
    # Handbook Table 3.3, in the table's order (the catalogue holds each row's text).
    COLLECTIVE_RETURNEES = APPROACHES[0].code, APPROACHES[0].name
    NEW_COMMUNITY_PROJECT = APPROACHES[1].code, APPROACHES[1].name
    INTEGRATE_EXISTING = APPROACHES[2].code, APPROACHES[2].name


class Kind(models.TextChoices):
    # Handbook 3.3.1, 3.3.2, 3.3.3, 3.4 and 3.5.
    COLLECTIVE_INCOME = "collective_income", _("Collective income-generating activity")
    LOCAL_DEVELOPMENT = (
        "local_development",
        _("Community-based local development and livelihood activity"),
    )
    FINANCIAL_SUPPORT = "financial_support", _("Community financial support activity")
    SOCIAL_SERVICES = "social_services", _("Access to social services (section 3.4)")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial activity (section 3.5)")


class ProposedBy(models.TextChoices):
    # Table 3.2 P2 favours "Project proposed by community members".
    COMMUNITY = "community_members", _("Community members")
    RETURNEES = "returnees", _("Returnees")
    ORGANIZATION = "organization", _("The reintegration organization")
    THIRD_PARTY = "third_party", _("A third party")


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected")
        ACTIVE = "active", _("Under implementation")
        SUSPENDED = "suspended", _("Suspended")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PROPOSED: {Status.SELECTED, Status.CANCELLED},
        Status.SELECTED: {Status.ACTIVE, Status.CANCELLED},
        Status.ACTIVE: {Status.SUSPENDED, Status.COMPLETED, Status.CANCELLED},
        Status.SUSPENDED: {Status.ACTIVE, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }
    OPEN_STATUSES = (Status.PROPOSED, Status.SELECTED, Status.ACTIVE, Status.SUSPENDED)

    name = models.CharField(_("name"), max_length=200)
    communities = models.ManyToManyField(
        "communities.Community",
        related_name="projects",
        verbose_name=_("communities"),
        help_text=_("At least one."),
    )
    approach = models.CharField(_("approach"), max_length=24, choices=Approach.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sector = models.ForeignKey(
        "communities.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("sector"),
        help_text=_("Required for a collective income-generating activity."),
    )
    description = models.TextField(_("description"), blank=True)
    proposed_by = models.CharField(_("proposed by"), max_length=20, choices=ProposedBy.choices)
    # The implementing organization owns the record: its staff see and change it.
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("organization"),
    )
    # Table 3.2 P7: "Project closely linked to the local development plan".
    development_plan = models.CharField(
        _("local development plan"),
        max_length=300,
        blank=True,
        help_text=_("Title and section of the local development plan the project serves."),
    )
    development_plan_url = models.URLField(_("link to the plan"), blank=True)
    # Table 3.2 P8 / N1 and P9 / N4.
    environmental_notes = models.TextField(_("environmental notes"), blank=True)
    gender_considerations = models.TextField(_("gender considerations"), blank=True)
    # Money: Decimal with its currency, never a float.
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("ISO 4217"),
    )
    budget = models.DecimalField(
        _("budget"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, null=True, blank=True
    )
    cofinancing_local_government = models.DecimalField(
        _("co-financing by local government"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=0,
    )
    cofinancing_in_kind = models.DecimalField(
        _("co-financing in kind (valued)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=0,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    # IATI-style activity identifier, so partners can link the project to their reporting.
    iati_reporting_org = models.CharField(
        _("IATI reporting organization reference"), max_length=60, blank=True
    )
    iati_activity_id = models.CharField(_("IATI local activity id"), max_length=60, blank=True)
    # Table 3.4 for collective income-generating activities; None for other kinds.
    current_step = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    lifecycle_completed_on = models.DateField(null=True, blank=True, editable=False)
    # Table 3.5: integrating returnees into an existing project run by another actor.
    run_by_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_run",
        verbose_name=_("run by organization"),
    )
    run_by_name = models.CharField(_("run by (actor not in the app)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("places for returnees"), null=True, blank=True, help_text=_("Table 3.5: capacity.")
    )
    location = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
        help_text=_(
            "Where the project operates (Table 3.5: location), if not the community of return."
        ),
    )
    location_notes = models.CharField(
        _("location notes"),
        max_length=300,
        blank=True,
        help_text=_("Access: cost, time and distance."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration months"), null=True, blank=True, help_text=_("Table 3.5: foreseen duration.")
    )
    funding_model = models.TextField(
        _("funding model"),
        blank=True,
        help_text=_("Table 3.5: the underlying funding model and cycles."),
    )
    monthly_income = models.DecimalField(
        _("foreseen monthly income of a participant"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
    )
    income_notes = models.TextField(
        _("income notes"),
        blank=True,
        help_text=_("Table 3.5: newcomers paid differently? supplementary income only?"),
    )
    required_sectors = models.ManyToManyField(
        "communities.Sector",
        blank=True,
        related_name="+",
        verbose_name=_("required sectors"),
        help_text=_("Table 3.5: sector(s)."),
    )
    required_skill_level = models.CharField(
        _("minimum skill level"),
        max_length=12,
        blank=True,
        choices=[
            ("basic", _("Basic")),
            ("intermediate", _("Intermediate")),
            ("advanced", _("Advanced")),
        ],
    )
    skills_required = models.TextField(
        _("skills required"),
        blank=True,
        help_text=_("Table 3.5: skills requirements of foreseen activities."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [("select_project", "Can select a project (Table 3.4 step 4)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_ends_after_it_starts",
                violation_error_message=_("The project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_local_government__gte=0, cofinancing_in_kind__gte=0),
                name="project_cofinancing_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0),
                name="project_income_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True)
                | Q(budget__gte=F("cofinancing_local_government") + F("cofinancing_in_kind")),
                name="project_cofinancing_within_budget",
                violation_error_message=_("Co-financing cannot exceed the budget."),
            ),
            # An amount means nothing without its currency.
            models.CheckConstraint(
                condition=~Q(currency="")
                | Q(
                    budget__isnull=True,
                    monthly_income__isnull=True,
                    cofinancing_local_government=0,
                    cofinancing_in_kind=0,
                ),
                name="project_money_has_currency",
                violation_error_message=_("Give the currency of the amounts."),
            ),
            models.CheckConstraint(
                condition=Q(kind="collective_income", current_step__gte=1)
                & Q(current_step__lte=LAST_STEP)
                | (~Q(kind="collective_income") & Q(current_step__isnull=True)),
                name="project_step_only_for_collective_income",
            ),
            models.CheckConstraint(
                condition=~Q(kind="collective_income") | Q(sector__isnull=False),
                name="project_collective_income_has_sector",
                violation_error_message=_(
                    "A collective income-generating activity needs its sector."
                ),
            ),
            models.CheckConstraint(
                condition=Q(iati_reporting_org="", iati_activity_id="")
                | (~Q(iati_reporting_org="") & ~Q(iati_activity_id="")),
                name="project_iati_both_parts",
                violation_error_message=_("Give both parts of the IATI identifier, or neither."),
            ),
            models.UniqueConstraint(
                fields=["iati_reporting_org", "iati_activity_id"],
                condition=~Q(iati_activity_id=""),
                name="project_iati_identifier_unique",
                violation_error_message=_("Another project already has this IATI identifier."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def has_lifecycle(self) -> bool:
        return self.kind == Kind.COLLECTIVE_INCOME

    @property
    def integrates_into_existing(self) -> bool:
        return self.approach == Approach.INTEGRATE_EXISTING

    @property
    def iati_identifier(self) -> str:
        if self.iati_reporting_org and self.iati_activity_id:
            return f"{self.iati_reporting_org}-{self.iati_activity_id}"
        return ""

    @property
    def run_by(self) -> str:
        return str(self.run_by_organization or "") or self.run_by_name

    @property
    def cofinancing_total(self):
        return self.cofinancing_local_government + self.cofinancing_in_kind

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.currency = (self.currency or "").upper()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = gettext("The project cannot end before it starts.")
        has_money = (
            self.budget is not None
            or self.monthly_income is not None
            or bool(self.cofinancing_local_government)
            or bool(self.cofinancing_in_kind)
        )
        if has_money and not self.currency:
            errors["currency"] = gettext("Give the currency of the amounts.")
        for name in ("budget", "cofinancing_local_government", "cofinancing_in_kind"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = gettext("An amount cannot be negative.")
        if (
            self.budget is not None
            and "budget" not in errors
            and (self.cofinancing_local_government or 0) + (self.cofinancing_in_kind or 0)
            > self.budget
        ):
            errors["cofinancing_local_government"] = gettext(
                "Co-financing cannot exceed the budget."
            )
        if self.kind == Kind.COLLECTIVE_INCOME and not self.sector_id:
            errors["sector"] = gettext("A collective income-generating activity needs its sector.")
        if bool(self.iati_reporting_org) != bool(self.iati_activity_id):
            missing = "iati_activity_id" if self.iati_reporting_org else "iati_reporting_org"
            errors[missing] = gettext("Give both parts of the IATI identifier, or neither.")
        for name in ("iati_reporting_org", "iati_activity_id"):
            value = getattr(self, name)
            if value and not IATI_PART.match(value):
                errors[name] = gettext(
                    "Use letters, digits, dots, hyphens and underscores only "
                    "(no spaces, /, &, | or ?)."
                )
        if self.approach == Approach.INTEGRATE_EXISTING and not (
            self.run_by_organization_id or self.run_by_name.strip()
        ):
            errors["run_by_name"] = gettext(
                "Say who runs the existing project (an organization or a name)."
            )
        if errors:
            raise ValidationError(errors)
