"""The REST API of financial support groups (read-only).

Partners (a partner role and no staff role) get each group's aggregate figures: member
counts, totals by entry kind, cash, outstanding principal, overdue loans; never a member,
a loan or a ledger entry. Staff of the organization that runs a group (and admins) get the
same list, and on a group its members with their balances, its loans and its ledger.
Money is a decimal string in the group's currency, never a float. Writes go through the
browser, so no endpoint accepts any.
"""

import django_filters
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from communities.api.serializers import CommunityRefSerializer
from config.api_fields import NamedChoiceField
from projects import access_finance as access
from projects.models.finance import FinancialGroup, LedgerEntry
from projects.selectors import finance as selectors


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True, **kwargs)


class FinancialTotalsSerializer(serializers.Serializer):
    """Totals by entry kind, corrections included in what they correct."""

    contributions = money(source="contributions_total")
    loans = money(source="loans_total", help_text="Principal lent.")
    principal_repaid = money(source="principal_repaid_total")
    interest = money(source="interest_total", help_text="Interest paid on loans.")
    share_out = money(source="share_out_total", help_text="Paid out to members.")


class FinancialGroupAggregateSerializer(serializers.ModelSerializer):
    """A group's figures, with no member-level data: what partners get."""

    kind = NamedChoiceField(enum_name="FinancialGroupKindEnum", choices=FinancialGroup.Kind.choices)
    status = NamedChoiceField(
        enum_name="FinancialGroupStatusEnum", choices=FinancialGroup.Status.choices
    )
    community = CommunityRefSerializer(read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    currency = serializers.CharField(read_only=True, help_text="ISO 4217")
    members_count = serializers.IntegerField(read_only=True, help_text="Active members.")
    returnee_members = serializers.IntegerField(read_only=True)
    non_migrant_members = serializers.IntegerField(read_only=True)
    totals = FinancialTotalsSerializer(source="*", read_only=True)
    cash_balance = money()
    outstanding = money(help_text="Principal lent and not yet repaid.")
    overdue_loans = serializers.IntegerField(
        read_only=True, help_text="Loans past their due date with principal outstanding."
    )

    class Meta:
        model = FinancialGroup
        fields = [
            "id",
            "name",
            "kind",
            "community",
            "organization",
            "currency",
            "cycle_start",
            "cycle_end",
            "status",
            "members_count",
            "returnee_members",
            "non_migrant_members",
            "totals",
            "cash_balance",
            "outstanding",
            "overdue_loans",
        ]
        read_only_fields = fields


class FinancialMemberBalanceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    returnee = serializers.IntegerField(source="member.returnee_id", allow_null=True)
    returnee_reference = serializers.CharField(
        source="member.returnee.reference", allow_null=True, default=None
    )
    name = serializers.SerializerMethodField(help_text="A non-migrant member's name.")
    sex = serializers.CharField()
    age_band = serializers.CharField()
    joined_on = serializers.DateField(source="member.joined_on")
    left_on = serializers.DateField(source="member.left_on", allow_null=True)
    contributions = money(source="totals.contributions")
    share_out_received = money(source="totals.share_out")
    savings = money(help_text="Contributions not yet paid back.")
    borrowed = money(source="totals.loans")
    principal_repaid = money(source="totals.principal_repaid")
    interest_paid = money(source="totals.interest")
    outstanding = money(source="totals.outstanding")

    def get_name(self, row) -> str | None:
        return None if row.member.returnee_id else row.member.name


class FinancialLoanBalanceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="loan.pk")
    sequence = serializers.IntegerField(source="loan.sequence")
    borrower = serializers.IntegerField(source="loan.member_id", help_text="Member id.")
    date = serializers.DateField(source="loan.date")
    due_date = serializers.DateField(source="loan.due_date")
    purpose = serializers.CharField(source="loan.purpose")
    guarantors = serializers.SerializerMethodField(help_text="Member ids.")
    principal = money()
    repaid = money()
    interest = money()
    outstanding = money()
    is_overdue = serializers.BooleanField()

    def get_guarantors(self, balance) -> list[int]:
        return [guarantee.member_id for guarantee in balance.loan.guarantees.all()]


class FinancialGroupDetailSerializer(FinancialGroupAggregateSerializer):
    """Staff of the group's organization: the figures, the members and the loans."""

    members = serializers.SerializerMethodField()
    loans = serializers.SerializerMethodField()

    class Meta(FinancialGroupAggregateSerializer.Meta):
        fields = [*FinancialGroupAggregateSerializer.Meta.fields, "notes", "members", "loans"]
        read_only_fields = fields

    @extend_schema_field(FinancialMemberBalanceSerializer(many=True))
    def get_members(self, group) -> list[dict]:
        rows = selectors.member_rows(group=group, user=self.context["request"].user)
        return FinancialMemberBalanceSerializer(rows, many=True).data

    @extend_schema_field(FinancialLoanBalanceSerializer(many=True))
    def get_loans(self, group) -> list[dict]:
        return FinancialLoanBalanceSerializer(selectors.loan_balances(group=group), many=True).data


class FinancialLedgerEntrySerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(enum_name="LedgerEntryKindEnum", choices=LedgerEntry.Kind.choices)
    cash_effect = money(source="effect", help_text="Signed change to the group's cash.")
    running_balance = money(help_text="The group's cash after this entry.")
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "sequence",
            "kind",
            "date",
            "member",
            "amount",
            "interest",
            "loan",
            "due_date",
            "purpose",
            "corrects",
            "note",
            "cash_effect",
            "running_balance",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class FinancialGroupFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = FinancialGroup
        fields = ["kind", "status", "community"]


@extend_schema_view(
    list=extend_schema(
        responses=FinancialGroupAggregateSerializer(many=True),
        description="Every group's aggregate figures: partners see every group, staff "
        "their organization's.",
    ),
    retrieve=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="FinancialGroupRecord",
            serializers=[FinancialGroupDetailSerializer, FinancialGroupAggregateSerializer],
            resource_type_field_name=None,
        ),
        description="Staff of the group's organization get its members and loans; partners "
        "its aggregate figures only.",
    ),
)
class FinancialGroupViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Financial support groups of handbook 3.3.3 with their figures."""

    filterset_class = FinancialGroupFilter
    ordering_fields = ["name", "cycle_start"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return selectors.api_group_list(user=self.request.user).order_by("name", "id")

    def get_serializer_class(self):
        if self.action == "retrieve" and not access.sees_aggregates_only(self.request.user):
            return FinancialGroupDetailSerializer
        if self.action == "ledger":
            return FinancialLedgerEntrySerializer
        return FinancialGroupAggregateSerializer

    @extend_schema(responses=FinancialLedgerEntrySerializer(many=True))
    @action(detail=True)
    def ledger(self, request, pk=None):
        """The group's ledger, newest first, with the running cash balance (staff of the
        group's organization only)."""
        if access.sees_aggregates_only(request.user):
            raise NotFound()  # no member-level data for partners, not even its existence
        group = self.get_object()
        page = self.paginate_queryset(selectors.ledger_entries(group=group))
        return self.get_paginated_response(FinancialLedgerEntrySerializer(page, many=True).data)


def register(router) -> None:
    router.register("financial-groups", FinancialGroupViewSet, basename="financial-group")


__all__ = ["FinancialGroupViewSet", "register"]
