"""The returnee registry and case management.

Handbook 3.3: "an up-to-date and integrated database of returnee, project and contextual
information ... the complete profiles of returnees in terms of needs, capacities and
interests"; 3.5.3 for cultural, artistic and sports interests; Module 6.3 for children.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from config.encryption import EncryptedTextField
from config.models import TimeStampedModel

CHILD_AGE = 18  # under 18: a child (Module 6)


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


def age_on(
    day: datetime.date, *, date_of_birth: datetime.date | None, estimated_age: int | None
) -> int | None:
    """Whole years on ``day``: from the date of birth when known, else the estimate. Also
    for rows read without a model instance (the partner list's fast path)."""
    if date_of_birth:
        born = date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return estimated_age


class Returnee(TimeStampedModel):
    """A returning migrant and their case. The reference number is generated on
    registration; ``version`` refuses a save based on a stale copy of the record."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        OTHER = "other", _("Other")
        NOT_STATED = "not_stated", _("Prefers not to say")

    class ReturnKind(models.TextChoices):
        ASSISTED_VOLUNTARY = "assisted_voluntary", _("Assisted voluntary return")
        SPONTANEOUS = "spontaneous", _("Spontaneous return")
        FORCED = "forced", _("Forced return or deportation")
        EVACUATION = "evacuation", _("Humanitarian evacuation")

    class Education(models.TextChoices):
        NONE = "none", _("No formal education")
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        VOCATIONAL = "vocational", _("Vocational")
        TERTIARY = "tertiary", _("University")

    class Vulnerability(models.TextChoices):
        # The non-sensitive vulnerabilities; a mental-health condition and a protection
        # concern are recorded in their own restricted fields below.
        HIGH = "high_vulnerability", _("High vulnerability")
        DISABILITY = "disability", _("Disability")
        SINGLE_CAREGIVER = "single_caregiver", _("Single caregiver")
        UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied or separated child")

    class CaseStatus(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    # Fields only the assigned case manager, their supervisor and admins may see.
    SENSITIVE_FIELDS = ("mental_health_condition", "protection_concern", "confidential_notes")
    AUDIT_REDACTED_FIELDS = SENSITIVE_FIELDS

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="returnees",
        verbose_name=_("organization"),
    )
    first_name = models.CharField(_("given name(s)"), max_length=100)
    last_name = models.CharField(_("family name"), max_length=100)
    # Lower-case, accent-free "given family" name for search and duplicate detection;
    # written by the services, indexed with pg_trgm on PostgreSQL.
    name_normalized = models.CharField(
        _("name normalized"), max_length=210, editable=False, db_index=True
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        verbose_name=_("estimated age"),
        null=True,
        blank=True,
        help_text=_("When the date of birth is not known."),
    )
    nationality = models.CharField(
        _("nationality"), max_length=3, help_text=_("ISO 3166-1 alpha-3")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="returnees",
        verbose_name=_("community"),
    )
    return_date = models.DateField(_("return date"))
    countries_lived = models.JSONField(
        _("countries lived in abroad"), default=list, blank=True, help_text=_("ISO alpha-3 codes")
    )
    months_abroad = models.PositiveIntegerField(_("months abroad"), null=True, blank=True)
    return_kind = models.CharField(_("return kind"), max_length=20, choices=ReturnKind.choices)
    education_level = models.CharField(
        _("education level"), max_length=12, choices=Education.choices, blank=True
    )
    occupation_before = models.CharField(
        _("occupation before migrating"), max_length=200, blank=True
    )
    occupation_abroad = models.CharField(_("occupation abroad"), max_length=200, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    # Handbook 3.3: interest in collective projects is "a crucial requirement".
    interested_in_collective_projects = models.BooleanField(
        _("interested in collective projects"), null=True, blank=True
    )
    life_plans = models.TextField(_("life plans"), blank=True)
    # Encrypted at rest (config/encryption.py): a leaked dump must not expose these.
    mental_health_condition = EncryptedTextField(_("mental health condition"), blank=True)
    protection_concern = EncryptedTextField(_("protection concern"), blank=True)
    confidential_notes = EncryptedTextField(_("confidential notes"), blank=True)
    # The case.
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("case manager"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closure_reason = models.CharField(_("closure reason"), max_length=200, blank=True)
    # When the case was last closed: the retention period runs from it (SECURITY.md).
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    # When the personal data was anonymised (reintegration/services/privacy.py): the record
    # stays, for the aggregates, and can no longer be edited.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")
        ordering = ["-return_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(estimated_age__isnull=False),
                name="returnee_birth_date_or_estimated_age",
                violation_error_message=_("Give a date of birth or an estimated age."),
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__lte=F("return_date")),
                name="returnee_born_before_return",
                violation_error_message=_("The date of birth must be before the return date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="returnee_closed_case_has_reason",
                violation_error_message=_("A closed case needs a closure reason."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "case_manager", "status"])]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return self.reference
        return f"{self.reference} {self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reintegration:returnee", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int | None:
        return age_on(day, date_of_birth=self.date_of_birth, estimated_age=self.estimated_age)

    @property
    def age(self) -> int | None:
        return self.age_on(datetime.date.today())

    @property
    def birth_year(self) -> int | None:
        if self.date_of_birth:
            return self.date_of_birth.year
        if self.estimated_age is not None:
            return datetime.date.today().year - self.estimated_age
        return None

    def clean(self) -> None:
        from communities.countries import country_name

        errors = {}
        today = datetime.date.today()
        if self.return_date and self.return_date > today:
            errors["return_date"] = _("The return date cannot be in the future.")
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif self.date_of_birth and self.return_date and self.date_of_birth > self.return_date:
            errors["date_of_birth"] = _("The date of birth must be before the return date.")
        if self.date_of_birth is None and self.estimated_age is None:
            errors["date_of_birth"] = _("Give a date of birth or an estimated age.")
        if self.nationality and country_name(self.nationality) is None:
            errors["nationality"] = _("%(code)s is not an ISO 3166-1 alpha-3 code.") % {
                "code": repr(self.nationality)
            }
        bad = [c for c in self.countries_lived or [] if country_name(c) is None]
        if bad:
            errors["countries_lived"] = _("Unknown country code(s): %(codes)s.") % {
                "codes": ", ".join(map(str, bad))
            }
        bad = [v for v in self.vulnerabilities or [] if v not in self.Vulnerability.values]
        if bad:
            errors["vulnerabilities"] = _("Unknown vulnerability: %(values)s.") % {
                "values": ", ".join(map(str, bad))
            }
        if self.status == self.CaseStatus.CLOSED and not self.closure_reason:
            errors["closure_reason"] = _("A closed case needs a closure reason.")
        if errors:
            raise ValidationError(errors)


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other")

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="household", verbose_name=_("returnee")
    )
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    # Module 6: for children, whether they are enrolled in school.
    school_enrolled = models.BooleanField(_("school enrolled"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["returnee", "-age"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()}, {self.age}"

    @property
    def is_child(self) -> bool:
        return self.age < CHILD_AGE

    def clean(self) -> None:
        if self.age is not None and self.age > 120:
            raise ValidationError({"age": _("An age above 120 is not plausible.")})
        if self.school_enrolled is not None and self.age is not None and not self.is_child:
            raise ValidationError(
                {"school_enrolled": _("School enrolment is recorded for children.")}
            )


class SkillLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class ReturneeSkill(models.Model):
    """Handbook 3.3: "at least one returnee has advanced skills in the project-relevant
    field"; each skill has a trade from the sector catalogue and a level."""

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="skills", verbose_name=_("returnee")
    )
    sector = models.ForeignKey(
        "communities.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    level = models.CharField(_("level"), max_length=12, choices=SkillLevel.choices)
    years_experience = models.PositiveSmallIntegerField(_("years experience"), default=0)

    class Meta:
        verbose_name = _("returnee skill")
        verbose_name_plural = _("returnee skills")
        ordering = ["returnee", "sector__code"]
        constraints = [
            models.UniqueConstraint(fields=["returnee", "sector"], name="skill_once_per_sector")
        ]

    def __str__(self) -> str:
        return f"{self.sector.name} ({self.get_level_display()})"


class ReturneeInterest(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business sector")
        # Handbook 3.5.3: "storytelling, theatre, visual art, music, dance and sport".
        STORYTELLING = "storytelling", _("Storytelling")
        THEATRE = "theatre", _("Theatre")
        VISUAL_ART = "visual_art", _("Visual art")
        MUSIC = "music", _("Music")
        DANCE = "dance", _("Dance")
        SPORTS = "sports", _("Sport")
        OTHER = "other", _("Other interest")

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="interests", verbose_name=_("returnee")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sector = models.ForeignKey(
        "communities.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("returnee interest")
        verbose_name_plural = _("returnee interests")
        ordering = ["returnee", "kind"]

    def __str__(self) -> str:
        return self.sector.name if self.sector_id else self.get_kind_display()

    def clean(self) -> None:
        if self.kind == self.Kind.BUSINESS and not self.sector_id:
            raise ValidationError({"sector": _("A business interest needs its sector.")})


class ReturneeNeed(models.Model):
    class Level(models.TextChoices):
        # The handbook's three levels of reintegration.
        ECONOMIC = "economic", _("Economic")
        SOCIAL = "social", _("Social")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="needs", verbose_name=_("returnee")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    description = models.CharField(_("description"), max_length=300)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    met = models.BooleanField(_("met"), default=False)

    class Meta:
        verbose_name = _("returnee need")
        verbose_name_plural = _("returnee needs")
        ordering = ["returnee", "level"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.description}"


class ReferenceCounter(models.Model):
    """The last reference number issued each year (RET-2026-000123), taken under a row
    lock so two registrations never get the same number."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last"), default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
