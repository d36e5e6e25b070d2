"""Organizations, users and their roles, API tokens, and the audit and access logs."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.models import TimeStampedModel


class Role(models.TextChoices):
    """The roles of DESIGN.md, each a Django group of the same name."""

    CASE_MANAGER = "case_manager", _("Case manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    PARTNER = "partner", _("Partner organization (API)")
    ADMIN = "admin", _("Administrator")


class Organization(TimeStampedModel):
    class Kind(models.TextChoices):
        LEAD = "lead", _("Lead reintegration organization")
        IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        CIVIL_SOCIETY = "civil_society", _("Civil society organization")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # ISO 3166-1 alpha-3, where the organization works (validated by the service).
    country = models.CharField(_("country"), max_length=3, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organization"),
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("supervisor"),
    )
    # The interface language the user chose (issue 11); blank follows the browser's
    # Accept-Language. Applied at login through the language cookie (accounts/language.py).
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["username"]
        constraints = [
            # Everyone but a superuser belongs to exactly one organization.
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(is_superuser=True),
                name="user_has_organization_unless_superuser",
            ),
        ]

    @property
    def roles(self) -> frozenset[str]:
        if not hasattr(self, "_roles_cache"):
            names = {g.name for g in self.groups.all()}
            if self.is_superuser:
                names.add(Role.ADMIN)
            self._roles_cache = frozenset(n for n in names if n in Role.values)
        return self._roles_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def primary_role(self) -> str | None:
        """The role whose home page the user lands on, the broadest first."""
        for role in (
            Role.ADMIN,
            Role.SUPERVISOR,
            Role.PROGRAMME_MANAGER,
            Role.CASE_MANAGER,
            Role.PARTNER,
        ):
            if role in self.roles:
                return role
        return None


class ApiToken(TimeStampedModel):
    """A bearer token for the REST API. Only a SHA-256 digest of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text=_("What or who uses this token."))
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise it."))
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def state(self) -> str:
        """active, expired or revoked, for the admin's list."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class AuditEvent(models.Model):
    """One change to a record: who, when, what. Append-only (on PostgreSQL a trigger
    refuses UPDATE and DELETE, see migration 0003); the one exception is the erasure of a
    person's data, which may scrub ``changes``, ``object_repr`` and ``note`` (migration 0004)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")
        # A subject-access export of everything held about one person (SECURITY.md).
        EXPORT = "export", _("Exported")
        # Personal data anonymised on request or at the end of retention (SECURITY.md).
        ERASE = "erase", _("Erased")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: a user who acted is deactivated, never deleted, so the trail keeps them.
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The username at the time, so the trail reads without a join.
    actor_repr = models.CharField(max_length=150)
    action = models.CharField(max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    # create: {field: value}; update: {field: [old, new]}; delete: last values.
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)  # append-only: nobody may change or delete
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class AccessLogEntry(models.Model):
    """One read of a sensitive record, or one request made with an API token (issue 8:
    "each request is logged (who, what, when)"). Append-only, like AuditEvent; an erasure
    may scrub ``fields`` only (migration 0004)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    user_repr = models.CharField(max_length=150)
    # The record read; empty for an API request, which the method and path describe.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    fields = models.JSONField(default=list, blank=True, help_text=_("Sensitive fields shown."))
    purpose = models.CharField(max_length=100, default="view")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # An API request: the token used (PROTECT: a used token is revoked, never deleted, so
    # the log keeps it), what was asked and what was answered.
    api_token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log"
    )
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access log entries"
        default_permissions = ("view",)  # append-only: nobody may change or delete
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            models.Index(fields=["api_token", "at"]),
        ]

    def __str__(self) -> str:
        if self.api_token_id:
            return f"{self.at:%Y-%m-%d %H:%M} {self.user_repr} {self.method} {self.path}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_repr} read {self.object_id}"
