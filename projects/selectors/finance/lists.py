"""Groups with their figures, for the browser list and the API (one query a page)."""

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from projects.access_finance import groups_aggregated_for_user, groups_for_user
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry
from projects.selectors.finance.balances import TOTAL, TOTALS, Kind, of_kind, zero_if_null

HALF_CENT = Decimal("0.005")


def _group_sum(kind: str, field: str):
    entries = (
        LedgerEntry.objects.filter(of_kind(kind), group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(total=Sum(field))
        .values("total")
    )
    return zero_if_null(Subquery(entries, output_field=TOTAL))


def _member_count(**conditions):
    members = (
        GroupMember.objects.filter(group=OuterRef("pk"), left_on__isnull=True, **conditions)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def _overdue_count(today: datetime.date):
    corrections = (
        LedgerEntry.objects.filter(loan=OuterRef("pk"), corrects__kind=Kind.LOAN)
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    repaid = (
        LedgerEntry.objects.filter(of_kind(Kind.REPAYMENT), loan=OuterRef("pk"))
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    overdue = (
        LedgerEntry.objects.filter(group=OuterRef("pk"), kind=Kind.LOAN, due_date__lt=today)
        .annotate(
            outstanding=ExpressionWrapper(
                F("amount")
                + zero_if_null(Subquery(corrections, output_field=TOTAL))
                - zero_if_null(Subquery(repaid, output_field=TOTAL)),
                output_field=TOTAL,
            )
        )
        # Half a cent, not zero: on SQLite the sum is REAL and may be off by 1e-11.
        .filter(outstanding__gt=HALF_CENT)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


def with_aggregates(
    queryset: QuerySet[FinancialGroup], *, today: datetime.date | None = None
) -> QuerySet[FinancialGroup]:
    """Each group with its active member counts, totals by kind, cash, outstanding
    principal and overdue loans, as subqueries of one query."""
    today = today or datetime.date.today()
    return queryset.annotate(
        members_count=_member_count(),
        returnee_members=_member_count(returnee__isnull=False),
        non_migrant_members=_member_count(returnee__isnull=True),
        **{f"{name}_total": _group_sum(kind, field) for name, (kind, field) in TOTALS.items()},
        overdue_loans=_overdue_count(today),
    ).annotate(
        cash_balance=ExpressionWrapper(
            F("contributions_total")
            - F("loans_total")
            + F("principal_repaid_total")
            + F("interest_total")
            - F("share_out_total"),
            output_field=TOTAL,
        ),
        outstanding=ExpressionWrapper(
            F("loans_total") - F("principal_repaid_total"), output_field=TOTAL
        ),
    )


def group_list(
    *,
    user: User,
    kind: str = "",
    community_id: int | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[FinancialGroup]:
    """The groups the user may read, filtered, with their figures."""
    queryset = groups_for_user(user).select_related("community")
    if kind:
        queryset = queryset.filter(kind=kind)
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if status:
        queryset = queryset.filter(status=status)
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    return with_aggregates(queryset)


def api_group_list(*, user: User) -> QuerySet[FinancialGroup]:
    return with_aggregates(
        groups_aggregated_for_user(user).select_related("community", "organization")
    )


def group_communities(*, user: User):
    """The communities of the user's groups, for the list's filter."""
    from communities.models import Community

    return Community.objects.filter(pk__in=groups_for_user(user).values("community_id")).order_by(
        "name"
    )
