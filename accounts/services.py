"""Writes of the accounts app: one transaction each, audited."""

import secrets

import pycountry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.authentication import token_digest
from accounts.models import ApiToken, AuditEvent, Organization, Role, User


def validate_country_alpha3(code: str) -> None:
    if code and pycountry.countries.get(alpha_3=code.upper()) is None:
        raise ValidationError({"country": f"{code!r} is not an ISO 3166-1 alpha-3 code."})


@transaction.atomic
def organization_create(
    *, actor: User | None, name: str, kind: str, country: str = ""
) -> Organization:
    validate_country_alpha3(country)
    organization = Organization(name=name, kind=kind, country=country.upper())
    organization.full_clean()
    organization.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=organization)
    return organization


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    organization: Organization | None,
    roles: list[str],
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    supervisor: User | None = None,
) -> User:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role(s): {', '.join(sorted(unknown))}."})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organization=organization,
        supervisor=supervisor,
        is_staff=Role.ADMIN in roles,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=user,
        changes={**audit_snapshot(user), "password": "[redacted]", "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: list[str]) -> User:
    before = sorted(user.roles)
    user.groups.set(Group.objects.filter(name__in=roles))
    old_staff = user.is_staff
    user.is_staff = Role.ADMIN in roles or user.is_superuser
    if user.is_staff != old_staff:
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_roles_cache", None)
    if before != sorted(roles):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=user,
            changes={"roles": [before, sorted(roles)]},
        )
    return user


@transaction.atomic
def api_token_create(
    *, actor: User | None, user: User, name: str, expires_at=None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is shown once and never stored."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[:8], key_digest=token_digest(key), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        before = audit_snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=token,
            changes=audit_diff(before, audit_snapshot(token)),
        )
    return token
