"""Django admin for administrators: users, organizations, roles, tokens, and read-only logs."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AccessLogEntry, ApiToken, AuditEvent, Organization, User
from accounts.services import api_token_create, api_token_revoke, totp_devices_remove

TOKEN_DEFAULT_LIFETIME = datetime.timedelta(days=365)


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits are audited like any service write (the admin wraps them in a transaction)."""

    def save_model(self, request, obj, form, change):
        before = audit_snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change:
            changes = audit_diff(before, audit_snapshot(obj))
            if changes:
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.UPDATE,
                    instance=obj,
                    changes=changes,
                    note="admin",
                )
        else:
            audit_record(
                actor=request.user, action=AuditEvent.Action.CREATE, instance=obj, note="admin"
            )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user, action=AuditEvent.Action.DELETE, instance=obj, note="admin"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=request.user, action=AuditEvent.Action.DELETE, instance=obj, note="admin"
            )
        super().delete_queryset(request, queryset)


@admin.register(Organization)
class OrganizationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organization", "is_active"]
    list_filter = ["organization", "groups", "is_active"]
    list_select_related = ["organization"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Organization"), {"fields": ("organization", "supervisor")}),
        (_("Preferences"), {"fields": ("language",)}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Organization"), {"fields": ("organization", "supervisor", "groups")}),
    )


class ApiTokenIssueForm(forms.ModelForm):
    """Issuing a token: to whom, what for, and until when (an expiry is required, a year
    ahead by default, so no key lives for ever)."""

    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].required = True
        self.fields["expires_at"].help_text = _("The token stops working at this time.")
        if not self.instance.pk:
            self.initial.setdefault("expires_at", timezone.now() + TOKEN_DEFAULT_LIFETIME)

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Issue a token (its key is shown once), see when it was last used and its requests in
    the access log, and revoke it (an action; a revoked token is kept for the log)."""

    list_display = [
        "name",
        "user",
        "prefix",
        "state",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "prefix", "state", "expires_at", "revoked_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A token's holder and key never change; expiry and revocation change through the
        # revoke action, so what was issued stays what the audit trail says.
        return ["user", "prefix", "state", "expires_at", "revoked_at", "last_used_at"]

    @admin.display(description="state")
    def state(self, token: ApiToken) -> str:
        return token.state

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the access log keeps every request of the token

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, key = api_token_create(
            actor=request.user, user=obj.user, name=obj.name, expires_at=obj.expires_at
        )
        obj.pk, obj.prefix, obj.key_digest = token.pk, token.prefix, token.key_digest
        obj._state.adding = False
        messages.warning(
            request,
            gettext("Copy this key now, it will not be shown again: %(key)s") % {"key": key},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)
            revoked += 1
        messages.success(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """The logs are append-only: nobody adds, edits or deletes entries, admins included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_repr", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_repr", "object_repr", "object_id"]
    date_hierarchy = "at"


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Reads of sensitive fields, and every request made with an API token."""

    list_display = [
        "at",
        "user_repr",
        "purpose",
        "method",
        "path",
        "status_code",
        "api_token",
        "content_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["purpose", "method", "status_code", "content_type"]
    list_select_related = ["api_token", "content_type"]
    search_fields = ["user_repr", "path", "object_id", "api_token__prefix"]
    date_hierarchy = "at"


# Two-factor devices: an admin may see who has one and remove a lost phone's device (the
# user then enrols again); the secret is never shown, and removals are audited.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        totp_devices_remove(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            totp_devices_remove(actor=request.user, user=user)
