"""Financial groups in the Django admin, for oversight only: groups, members and the books
are changed through the app's pages and services (validated and audited); the ledger is
append-only for everyone, admins included. Registered from ``finance_ready()``."""

from django.contrib import admin

from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    fields = ["returnee", "name", "sex", "age_band", "joined_on", "left_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FinancialGroup)
class FinancialGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "community", "organization", "currency", "cycle_start"]
    list_filter = ["kind", "status", "currency"]
    search_fields = ["name"]
    list_select_related = ["community", "organization"]
    inlines = [GroupMemberInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["group", "sequence", "date", "kind", "member", "amount", "interest"]
    list_filter = ["kind"]
    search_fields = ["group__name"]
    list_select_related = ["group", "member__returnee"]
    date_hierarchy = "date"


@admin.register(LoanGuarantor)
class LoanGuarantorAdmin(ReadOnlyAdmin):
    list_display = ["loan", "member"]
    list_select_related = ["loan__group", "member__returnee"]
