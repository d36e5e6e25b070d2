"""Writes of the accounts app: one transaction each, audited."""

import secrets

import pycountry
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
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


# --- Two-factor authentication (TOTP, django-otp) ---


def totp_device_of(user: User):
    """The user's confirmed TOTP device, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


@transaction.atomic
def totp_device_begin(*, user: User):
    """A new, unconfirmed device with a fresh secret; it counts only once confirmed with a
    code from the authenticator app (``totp_device_confirm``). An earlier unconfirmed one
    is discarded, so a secret shown on an abandoned screen never becomes valid."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
    device.full_clean()
    device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device, token: str) -> bool:
    """Confirm ``device`` with a code it generated; it replaces any earlier device. The
    audit trail records that two-factor authentication was turned on, never the secret."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("Start the set-up again."))
    if not device.verify_token(token):
        return False
    had_one = totp_device_of(user) is not None
    type(device).objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        instance=user,
        changes={"two_factor": ["replaced" if had_one else "off", "on"]},
    )
    return True


@transaction.atomic
def totp_devices_remove(*, actor: User, user: User) -> int:
    """Turn two-factor authentication off for ``user``; audited."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=user,
            changes={"two_factor": ["on", "off"]},
        )
    return removed


def user_set_language(*, user: User, language: str) -> User:
    """The user's interface language; blank follows the browser. A preference, not a change
    to anyone's record, so it is not audited."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": f"Unknown language: {language}."})
    user.language = language
    user.save(update_fields=["language"])
    return user
