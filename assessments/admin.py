"""Administrators manage instrument versions, weights and thresholds here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import AuditedModelAdmin
from assessments.models import Assessment, CommunityScore, Instrument, InstrumentItem
from assessments.services.versions import instrument_activate, instrument_new_version


class InstrumentItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0
    fields = [
        "order",
        "code",
        "text",
        "group",
        "polarity",
        "weight",
        "evidence_provider",
        "thresholds",
        # Issue 11: {"fr": {"text": ..., "group": ...}, "ar": {...}}; the command
        # load_instrument_translations loads them from a file for a version in use.
        "translations",
    ]

    def has_change_permission(self, request, obj=None):
        # A version in use is history: adapt a new version instead (the action below).
        return (
            obj is None
            or not obj.is_active
            and not CommunityScore.objects.filter(instrument=obj).exists()
        )


@admin.register(Instrument)
class InstrumentAdmin(AuditedModelAdmin):
    list_display = ["code", "version", "name", "is_active", "source"]
    list_filter = ["code", "is_active"]
    inlines = [InstrumentItemInline]
    actions = ["new_version", "activate"]
    readonly_fields = ["is_active"]

    @admin.action(description=_("Copy as a new (inactive) version to adapt weights or thresholds"))
    def new_version(self, request, queryset):
        for instrument in queryset:
            copy = instrument_new_version(actor=request.user, instrument=instrument)
            messages.success(
                request, _("%(copy)s created; edit its items, then activate it.") % {"copy": copy}
            )

    @admin.action(description=_("Use this version for new assessments and scores"))
    def activate(self, request, queryset):
        for instrument in queryset:
            instrument_activate(actor=request.user, instrument=instrument)
            messages.success(
                request, _("%(instrument)s is now the active version.") % {"instrument": instrument}
            )


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["instrument", "community", "assessed_on", "status", "conclusion"]
    list_filter = ["instrument__code", "status"]
    list_select_related = ["instrument", "community"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommunityScore)
class CommunityScoreAdmin(admin.ModelAdmin):
    list_display = ["community", "computed_at", "band", "score", "coverage", "engine_version"]
    list_filter = ["band"]
    list_select_related = ["community"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
