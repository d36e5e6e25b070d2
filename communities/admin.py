from django.contrib import admin

from accounts.admin import AuditedModelAdmin
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileEntry,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
)


@admin.register(Community)
class CommunityAdmin(AuditedModelAdmin):
    list_display = ["name", "country", "admin1", "admin2", "pcode", "area_type"]
    list_filter = ["country", "area_type"]
    search_fields = ["name", "admin1", "admin2", "pcode"]


class ProfileEntryInline(admin.TabularInline):
    model = ProfileEntry
    extra = 0
    fields = ["indicator", "rating", "finding", "methods", "varies_by"]
    readonly_fields = ["indicator"]
    can_delete = False


@admin.register(CommunityProfile)
class CommunityProfileAdmin(AuditedModelAdmin):
    list_display = ["community", "profile_date", "status", "next_review_date"]
    list_filter = ["status"]
    list_select_related = ["community"]
    inlines = [ProfileEntryInline]


@admin.register(ProfileIndicator)
class ProfileIndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "group", "source"]
    list_filter = ["group"]


@admin.register(Sector)
class SectorAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]


@admin.register(Stakeholder)
class StakeholderAdmin(AuditedModelAdmin):
    list_display = ["name", "community", "kind", "influence", "is_civil_society", "is_active"]
    list_filter = ["kind", "is_civil_society", "is_active"]
    list_select_related = ["community"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(AuditedModelAdmin):
    list_display = ["name", "community", "sector", "provider", "is_active"]
    list_filter = ["sector", "is_active"]
    list_select_related = ["community", "provider"]
    search_fields = ["name"]


@admin.register(LivelihoodOpportunity)
class LivelihoodOpportunityAdmin(AuditedModelAdmin):
    list_display = ["community", "sector", "kind", "growth_potential", "source_date"]
    list_filter = ["kind", "growth_potential"]
    list_select_related = ["community", "sector"]
