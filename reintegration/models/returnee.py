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

from config.encryption import EncryptedTextField
from config.models import TimeStampedModel

CHILD_AGE = 18  # under 18: a child (Module 6)


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other or not stated"


class Returnee(TimeStampedModel):
    """A returning migrant and their case. The reference number is generated on
    registration; ``version`` refuses a save based on a stale copy of the record."""

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "Other"
        NOT_STATED = "not_stated", "Prefers not to say"

    class ReturnKind(models.TextChoices):
        ASSISTED_VOLUNTARY = "assisted_voluntary", "Assisted voluntary return"
        SPONTANEOUS = "spontaneous", "Spontaneous return"
        FORCED = "forced", "Forced return or deportation"
        EVACUATION = "evacuation", "Humanitarian evacuation"

    class Education(models.TextChoices):
        NONE = "none", "No formal education"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        VOCATIONAL = "vocational", "Vocational"
        TERTIARY = "tertiary", "University"

    class Vulnerability(models.TextChoices):
        # The non-sensitive vulnerabilities; a mental-health condition and a protection
        # concern are recorded in their own restricted fields below.
        HIGH = "high_vulnerability", "High vulnerability"
        DISABILITY = "disability", "Disability"
        SINGLE_CAREGIVER = "single_caregiver", "Single caregiver"
        UNACCOMPANIED_CHILD = "unaccompanied_child", "Unaccompanied or separated child"

    class CaseStatus(models.TextChoices):
        OPEN = "open", "Open"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    # Fields only the assigned case manager, their supervisor and admins may see.
    SENSITIVE_FIELDS = ("mental_health_condition", "protection_concern", "confidential_notes")
    AUDIT_REDACTED_FIELDS = SENSITIVE_FIELDS

    reference = models.CharField(max_length=20, unique=True, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="returnees"
    )
    first_name = models.CharField("given name(s)", max_length=100)
    last_name = models.CharField("family name", max_length=100)
    # Lower-case, accent-free "given family" name for search and duplicate detection;
    # written by the services, indexed with pg_trgm on PostgreSQL.
    name_normalized = models.CharField(max_length=210, editable=False, db_index=True)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known."
    )
    nationality = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3")
    languages = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=30, blank=True, db_index=True)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="returnees"
    )
    return_date = models.DateField()
    countries_lived = models.JSONField(
        "countries lived in abroad", default=list, blank=True, help_text="ISO alpha-3 codes"
    )
    months_abroad = models.PositiveIntegerField(null=True, blank=True)
    return_kind = models.CharField(max_length=20, choices=ReturnKind.choices)
    education_level = models.CharField(max_length=12, choices=Education.choices, blank=True)
    occupation_before = models.CharField("occupation before migrating", max_length=200, blank=True)
    occupation_abroad = models.CharField(max_length=200, blank=True)
    vulnerabilities = models.JSONField(default=list, blank=True)
    # Handbook 3.3: interest in collective projects is "a crucial requirement".
    interested_in_collective_projects = models.BooleanField(null=True, blank=True)
    life_plans = models.TextField(blank=True)
    # Encrypted at rest (config/encryption.py): a leaked dump must not expose these.
    mental_health_condition = EncryptedTextField(blank=True)
    protection_concern = EncryptedTextField(blank=True)
    confidential_notes = EncryptedTextField(blank=True)
    # The case.
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closure_reason = models.CharField(max_length=200, blank=True)
    # When the case was last closed: the retention period runs from it (SECURITY.md).
    closed_on = models.DateField(null=True, blank=True, editable=False)
    # When the personal data was anonymised (reintegration/services/privacy.py): the record
    # stays, for the aggregates, and can no longer be edited.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-return_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(estimated_age__isnull=False),
                name="returnee_birth_date_or_estimated_age",
                violation_error_message="Give a date of birth or an estimated age.",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__lte=F("return_date")),
                name="returnee_born_before_return",
                violation_error_message="The date of birth must be before the return date.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="returnee_closed_case_has_reason",
                violation_error_message="A closed case needs a closure reason.",
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
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return self.estimated_age

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
            errors["return_date"] = "The return date cannot be in the future."
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "The date of birth cannot be in the future."
        elif self.date_of_birth and self.return_date and self.date_of_birth > self.return_date:
            errors["date_of_birth"] = "The date of birth must be before the return date."
        if self.date_of_birth is None and self.estimated_age is None:
            errors["date_of_birth"] = "Give a date of birth or an estimated age."
        if self.nationality and country_name(self.nationality) is None:
            errors["nationality"] = f"{self.nationality!r} is not an ISO 3166-1 alpha-3 code."
        bad = [c for c in self.countries_lived or [] if country_name(c) is None]
        if bad:
            errors["countries_lived"] = f"Unknown country code(s): {', '.join(map(str, bad))}."
        bad = [v for v in self.vulnerabilities or [] if v not in self.Vulnerability.values]
        if bad:
            errors["vulnerabilities"] = f"Unknown vulnerability: {', '.join(map(str, bad))}."
        if self.status == self.CaseStatus.CLOSED and not self.closure_reason:
            errors["closure_reason"] = "A closed case needs a closure reason."
        if errors:
            raise ValidationError(errors)


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", "Spouse or partner"
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        SIBLING = "sibling", "Sibling"
        OTHER_RELATIVE = "other_relative", "Other relative"
        OTHER = "other", "Other"

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="household")
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    age = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    # Module 6: for children, whether they are enrolled in school.
    school_enrolled = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["returnee", "-age"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()}, {self.age}"

    @property
    def is_child(self) -> bool:
        return self.age < CHILD_AGE

    def clean(self) -> None:
        if self.age is not None and self.age > 120:
            raise ValidationError({"age": "An age above 120 is not plausible."})
        if self.school_enrolled is not None and self.age is not None and not self.is_child:
            raise ValidationError({"school_enrolled": "School enrolment is recorded for children."})


class SkillLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class ReturneeSkill(models.Model):
    """Handbook 3.3: "at least one returnee has advanced skills in the project-relevant
    field"; each skill has a trade from the sector catalogue and a level."""

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="skills")
    sector = models.ForeignKey("communities.Sector", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=12, choices=SkillLevel.choices)
    years_experience = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["returnee", "sector__code"]
        constraints = [
            models.UniqueConstraint(fields=["returnee", "sector"], name="skill_once_per_sector")
        ]

    def __str__(self) -> str:
        return f"{self.sector.name} ({self.get_level_display()})"


class ReturneeInterest(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", "Business sector"
        # Handbook 3.5.3: "storytelling, theatre, visual art, music, dance and sport".
        STORYTELLING = "storytelling", "Storytelling"
        THEATRE = "theatre", "Theatre"
        VISUAL_ART = "visual_art", "Visual art"
        MUSIC = "music", "Music"
        DANCE = "dance", "Dance"
        SPORTS = "sports", "Sport"
        OTHER = "other", "Other interest"

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sector = models.ForeignKey(
        "communities.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["returnee", "kind"]

    def __str__(self) -> str:
        return self.sector.name if self.sector_id else self.get_kind_display()

    def clean(self) -> None:
        if self.kind == self.Kind.BUSINESS and not self.sector_id:
            raise ValidationError({"sector": "A business interest needs its sector."})


class ReturneeNeed(models.Model):
    class Level(models.TextChoices):
        # The handbook's three levels of reintegration.
        ECONOMIC = "economic", "Economic"
        SOCIAL = "social", "Social"
        PSYCHOSOCIAL = "psychosocial", "Psychosocial"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="needs")
    level = models.CharField(max_length=12, choices=Level.choices)
    description = models.CharField(max_length=300)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    met = models.BooleanField(default=False)

    class Meta:
        ordering = ["returnee", "level"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.description}"


class ReferenceCounter(models.Model):
    """The last reference number issued each year (RET-2026-000123), taken under a row
    lock so two registrations never get the same number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
