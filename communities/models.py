"""Communities of return, their dated profiles and their resources.

Handbook section 3.2.1 "Community profiles and analysis" (the 20 indicators), Table 3.1
questions 14 to 25 (economic system, stakeholders and services), section 3.4 (the five
service sectors) and Module 6.3.2 (child-sensitive community assessments).
"""

import datetime
from calendar import monthrange

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel


class DataCollectionMethod(models.TextChoices):
    """Handbook Table 3.1, "Data collection methods" column."""

    DESK_REVIEW = "desk_review", _("Desk review")
    FOCUS_GROUP = "focus_group", _("Focus group discussion")
    KEY_INFORMANT = "key_informant", _("Key informant interview")
    INDIVIDUAL_SURVEY = "individual_survey", _("Individual survey")
    COMMUNITY_CONSULTATION = "community_consultation", _("Community consultation")
    HISTORIC_MAPPING = "historic_mapping", _("Community historic mapping")


class Disaggregation(models.TextChoices):
    """Handbook 3.2.1: "whether access to resources varies based on age, gender, family size,
    ethnicity, religion, (dis)ability or other personal characteristics"."""

    AGE = "age", _("Age")
    GENDER = "gender", _("Gender")
    FAMILY_SIZE = "family_size", _("Family size")
    ETHNICITY = "ethnicity", _("Ethnicity")
    RELIGION = "religion", _("Religion")
    DISABILITY = "disability", _("(Dis)ability")
    OTHER = "other", _("Other personal characteristics")


class Sector(models.Model):
    """A sector of the economy: an ISIC Rev.4 section, or a common reintegration trade under
    one (Table 3.1 q. 15: "a typology of the formal and informal sectors")."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trades",
        verbose_name=_("parent"),
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.parent.name} – {self.name}" if self.parent_id else self.name


class Community(TimeStampedModel):
    class AreaType(models.TextChoices):
        URBAN = "urban", _("Urban")
        PERI_URBAN = "peri_urban", _("Peri-urban")
        RURAL = "rural", _("Rural")

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3 code, e.g. GIN.")
    )
    admin1 = models.CharField(_("first administrative level"), max_length=200)
    admin2 = models.CharField(_("second administrative level"), max_length=200, blank=True)
    pcode = models.CharField(
        _("OCHA P-code"), max_length=50, blank=True, help_text=_("Unique within the country.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    population_estimate = models.PositiveIntegerField(
        _("population estimate"), null=True, blank=True
    )
    area_type = models.CharField(_("area type"), max_length=16, choices=AreaType.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["country", "admin1", "admin2", "name"]
        verbose_name_plural = "communities"
        constraints = [
            # The same place cannot be entered twice, whatever the capitalisation.
            models.UniqueConstraint(
                "country",
                Lower("admin1"),
                Lower("admin2"),
                Lower("name"),
                name="community_unique_place",
                violation_error_message=_("This community is already registered."),
            ),
            models.UniqueConstraint(
                fields=["country", "pcode"],
                condition=~models.Q(pcode=""),
                name="community_unique_pcode_in_country",
                violation_error_message=_("This P-code is already used in this country."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="community_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="community_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="community_lat_lon_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]
        indexes = [models.Index(fields=["country", "admin1"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.admin1}, {self.country})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communities:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        from communities.countries import country_name

        self.country = (self.country or "").upper()
        if self.country and country_name(self.country) is None:
            raise ValidationError(
                {
                    "country": _("%(code)s is not an ISO 3166-1 alpha-3 country code.")
                    % {"code": repr(self.country)}
                }
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("Latitude must be between -90 and 90.")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("Longitude must be between -180 and 180.")})
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})
        # The same checks as the constraints, but naming the field for the form.
        others = Community.objects.exclude(pk=self.pk)
        if self.pcode and others.filter(country=self.country, pcode=self.pcode).exists():
            raise ValidationError(
                {
                    "pcode": _("P-code %(pcode)s is already used in %(country)s.")
                    % {"pcode": self.pcode, "country": self.country}
                }
            )
        # Compared through Lower() so PostgreSQL uses the unique index on the same
        # expressions instead of scanning the country's communities.
        same_place = others.annotate(
            admin1_lower=Lower("admin1"), admin2_lower=Lower("admin2"), name_lower=Lower("name")
        ).filter(
            country=self.country,
            admin1_lower=self.admin1.lower(),
            admin2_lower=self.admin2.lower(),
            name_lower=self.name.lower(),
        )
        if same_place.exists():
            raise ValidationError(
                {"name": _("A community with this name is already registered in this area.")}
            )


class ProfileIndicator(models.Model):
    """One of the 20 community-profile indicators of handbook section 3.2.1 (catalogue
    seeded by migration 0002)."""

    class Group(models.TextChoices):
        SOCIODEMOGRAPHIC = "sociodemographic", _("Sociodemographics")
        RESOURCES = "resources", _("Community-based resources")

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    # Issue 11: {"fr": {"name": ..., "description": ...}, "ar": {...}}; the handbook's English
    # above stays the source (assessments.translations reads and loads them).
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("profile indicator")
        verbose_name_plural = _("profile indicators")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


def default_review_date(profile_date: datetime.date) -> datetime.date:
    """Handbook 3.2.1: profiles "should be reviewed and updated frequently"; the interval
    is COMMUNITY_PROFILE_REVIEW_MONTHS (12 by default). The 31st falls back to month end."""
    months = profile_date.month - 1 + settings.COMMUNITY_PROFILE_REVIEW_MONTHS
    year, month = profile_date.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(profile_date.day, monthrange(year, month)[1]))


class CommunityProfile(TimeStampedModel):
    """A dated snapshot of a community. Never overwritten: a review is a new snapshot."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("community")
    )
    profile_date = models.DateField(_("profile date"))
    assessors = models.CharField(
        _("assessors"), max_length=300, help_text=_("Who collected the data.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    next_review_date = models.DateField(_("next review date"))
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        ordering = ["community", "-profile_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "profile_date"],
                name="profile_one_per_community_and_date",
                violation_error_message=_("This community already has a profile on this date."),
            ),
            models.CheckConstraint(
                condition=models.Q(next_review_date__gt=models.F("profile_date")),
                name="profile_review_after_profile_date",
                violation_error_message=_("The next review date must come after the profile date."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(community)s profile of %(date)s") % {
            "community": self.community.name,
            "date": f"{self.profile_date:%Y-%m-%d}",
        }

    def clean(self) -> None:
        if (
            self.profile_date
            and self.next_review_date
            and (self.next_review_date <= self.profile_date)
        ):
            raise ValidationError(
                {"next_review_date": _("The next review date must come after the profile date.")}
            )

    @property
    def is_due_for_review(self) -> bool:
        return self.next_review_date < datetime.date.today()


class Rating(models.IntegerChoices):
    """The profile rating scale. Higher is always better for reintegration, whatever the
    indicator, so two profiles compare as better or worse. No rating means "unknown"."""

    SERIOUS_CONCERN = 1, _("1 – serious concern for reintegration")
    CONCERN = 2, _("2 – concern")
    MIXED = 3, _("3 – mixed or average")
    ASSET = 4, _("4 – asset")
    STRONG_ASSET = 5, _("5 – strong asset for reintegration")


class ProfileEntry(models.Model):
    """One indicator of one profile: a rating (or unknown), the finding, how it was
    collected and whether access varies by personal characteristics."""

    profile = models.ForeignKey(
        CommunityProfile,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("profile"),
    )
    indicator = models.ForeignKey(
        ProfileIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    rating = models.PositiveSmallIntegerField(
        verbose_name=_("rating"),
        choices=Rating.choices,
        null=True,
        blank=True,
        help_text=_("Empty means unknown."),
    )
    finding = models.TextField(_("finding"), blank=True)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    varies_by = models.JSONField(
        verbose_name=_("varies by"),
        default=list,
        blank=True,
        help_text=_("Characteristics by which access varies."),
    )
    disaggregation_notes = models.TextField(_("disaggregation notes"), blank=True)

    class Meta:
        verbose_name = _("profile entry")
        verbose_name_plural = _("profile entries")
        ordering = ["profile", "indicator__order"]
        verbose_name_plural = "profile entries"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "indicator"], name="entry_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="entry_rating_on_scale",
                violation_error_message=_("The rating must be on the 1 to 5 scale, or unknown."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.get_rating_display() or _('unknown')}"

    @property
    def method_labels(self) -> list[str]:
        labels = dict(DataCollectionMethod.choices)
        return [labels.get(m, m) for m in self.methods or []]

    @property
    def varies_by_labels(self) -> list[str]:
        labels = dict(Disaggregation.choices)
        return [labels.get(v, v) for v in self.varies_by or []]

    def clean(self) -> None:
        errors = {}
        if self.rating is not None and self.rating not in Rating.values:
            errors["rating"] = _(
                "%(rating)s is not on the 1 to 5 scale (leave empty for unknown)."
            ) % {"rating": self.rating}
        bad = [m for m in self.methods or [] if m not in DataCollectionMethod.values]
        if bad:
            errors["methods"] = _("Unknown data-collection method(s): %(values)s.") % {
                "values": ", ".join(map(str, bad))
            }
        bad = [v for v in self.varies_by or [] if v not in Disaggregation.values]
        if bad:
            errors["varies_by"] = _("Unknown characteristic(s): %(values)s.") % {
                "values": ", ".join(map(str, bad))
            }
        if errors:
            raise ValidationError(errors)


class Stakeholder(TimeStampedModel):
    """Handbook Table 3.1 questions 19 to 25: who is involved in reintegration support."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        RELIGIOUS_LEADER = "religious_leader", _("Religious leader")
        TRADITIONAL_LEADER = "traditional_leader", _("Traditional leader")
        COMMUNITY_BASED_ORGANIZATION = "cbo", _("Community-based organization")
        NGO = "ngo", _("NGO")
        CIVIL_SOCIETY_ORGANIZATION = "cso", _("Civil society organization")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        WOMENS_ASSOCIATION = "womens_association", _("Women's association")
        YOUTH_ORGANIZATION = "youth_organization", _("Youth organization")
        CHILD_PROTECTION_COMMITTEE = "child_protection_committee", _("Child protection committee")
        COMMUNITY_CARE_COALITION = "community_care_coalition", _("Community care coalition")
        OTHER = "other", _("Other")

    class Influence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="stakeholders",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    role_in_reintegration = models.TextField(_("role in reintegration"), blank=True)
    influence = models.CharField(
        _("influence"), max_length=10, choices=Influence.choices, default=Influence.MEDIUM
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_civil_society = models.BooleanField(_("is civil society"), default=False)
    is_active = models.BooleanField(_("is active"), default=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(
                "community",
                Lower("name"),
                name="stakeholder_unique_name_in_community",
                violation_error_message=_(
                    "This stakeholder is already recorded in this community."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Service(TimeStampedModel):
    """A social service in a community of return (handbook section 3.4). A referral target."""

    class Sector(models.TextChoices):
        # Handbook 3.4: the five sectors "most relevant for sustainable reintegration".
        HOUSING = "housing", _("Housing and accommodation")
        EDUCATION = "education", _("Education and training")
        HEALTH = "health", _("Health and well-being")
        INFRASTRUCTURE = "infrastructure", _("Public infrastructure and safety")
        JUSTICE = "justice", _("Justice and rights")

    class Barrier(models.TextChoices):
        LANGUAGE = "language", _("Language")
        COST = "cost", _("Cost")
        DOCUMENTATION = "documentation", _("Documentation")
        DISTANCE = "distance", _("Distance")
        DISCRIMINATION = "discrimination", _("Discrimination")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="services", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    provider = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("provider"),
    )
    # The organization that receives and answers referrals to this service, when it uses
    # the app (DESIGN.md, Referrals).
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        help_text=_("The organization that answers referrals to this service."),
        verbose_name=_("organization"),
    )
    capacity = models.CharField(
        _("capacity"), max_length=200, blank=True, help_text=_("e.g. 40 patients a day")
    )
    cost = models.CharField(
        _("cost"), max_length=200, blank=True, help_text=_("e.g. free, 5,000 GNF a visit")
    )
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("is active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["community", "sector", "name"]
        constraints = [
            models.UniqueConstraint(
                "community",
                Lower("name"),
                "sector",
                name="service_unique_in_community",
                violation_error_message=_("This service is already recorded in this community."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_sector_display()})"

    @property
    def barrier_labels(self) -> list[str]:
        labels = dict(self.Barrier.choices)
        return [labels.get(b, b) for b in self.barriers or []]

    def clean(self) -> None:
        bad = [b for b in self.barriers or [] if b not in self.Barrier.values]
        if bad:
            raise ValidationError(
                {
                    "barriers": _("Unknown barrier(s): %(values)s.")
                    % {"values": ", ".join(map(str, bad))}
                }
            )
        if (
            self.provider_id
            and self.community_id
            and self.provider.community_id != self.community_id
        ):
            raise ValidationError(
                {"provider": _("The provider must be a stakeholder of this community.")}
            )


class LivelihoodOpportunity(TimeStampedModel):
    """Table 3.1 q. 16-17 and section 3.3's "livelihood opportunities, growth-generating
    sectors": where returnees can find work or income in a community."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment")
        SELF_EMPLOYMENT = "self_employment", _("Self-employment")
        INCOME_GENERATION = "income_generation", _("Income generation")

    class GrowthPotential(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="livelihood_opportunities",
        verbose_name=_("community"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("sector")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    growth_potential = models.CharField(
        _("growth potential"), max_length=10, choices=GrowthPotential.choices
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("e.g. labour market assessment 2026")
    )
    source_date = models.DateField(_("source date"), null=True, blank=True)

    class Meta:
        verbose_name = _("livelihood opportunity")
        verbose_name_plural = _("livelihood opportunities")
        ordering = ["community", "sector__code"]
        verbose_name_plural = "livelihood opportunities"

    def __str__(self) -> str:
        return _("%(kind)s in %(sector)s") % {
            "kind": self.get_kind_display(),
            "sector": self.sector.name,
        }


# Submissions of the profile XLSForm (communities.xlsform): defined there, registered here.
from communities.xlsform.models import ProfileSubmission  # noqa: E402, F401
