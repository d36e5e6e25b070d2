"""Django admin for administrators: users, organizations, roles, tokens, and read-only logs."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AccessLogEntry, ApiToken, AuditEvent, Organization, User
from accounts.services import api_token_create, totp_devices_remove


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
        ("Organization", {"fields": ("organization", "supervisor")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Organization", {"fields": ("organization", "supervisor", "groups")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_select_related = ["user"]
    fields = ["user", "name", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, key = api_token_create(
            actor=request.user, user=obj.user, name=obj.name, expires_at=obj.expires_at
        )
        obj.pk, obj.prefix, obj.key_digest = token.pk, token.prefix, token.key_digest
        obj._state.adding = False
        messages.warning(request, f"Copy this key now, it will not be shown again: {key}")


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
    list_display = ["at", "user_repr", "content_type", "object_id", "purpose", "ip_address"]
    list_filter = ["purpose", "content_type"]
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
