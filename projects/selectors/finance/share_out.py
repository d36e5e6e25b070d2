"""The share-out at the end of a cycle."""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext

from accounts.models import User
from projects.currency_finance import currency_unit
from projects.models.finance import ZERO, FinancialGroup, GroupMember
from projects.selectors.finance.balances import group_totals, loan_balances, member_totals
from projects.selectors.finance.members import member_label, visible_returnee_ids


def allocate_in_proportion(*, fund: Decimal, weights: list[tuple], unit: Decimal) -> dict:
    """Split ``fund`` in proportion to ``weights`` ([(key, weight), ...]) in whole ``unit``s
    that sum exactly to the fund (the largest-remainder method): everyone gets their exact
    share rounded down to the unit, and the units left over go one each to the largest
    remainders, ties to the earlier position in ``weights``."""
    total = sum(weight for _, weight in weights)
    with localcontext() as context:
        context.prec = 60
        exact = [(key, fund * weight / total) for key, weight in weights]
        shares = {
            key: (value / unit).to_integral_value(rounding=ROUND_FLOOR) * unit
            for key, value in exact
        }
        left_over = int((fund - sum(shares.values())) / unit)
        by_remainder = sorted(
            range(len(exact)), key=lambda i: (-(exact[i][1] - shares[exact[i][0]]), i)
        )
    for i in by_remainder[:left_over]:
        shares[exact[i][0]] += unit
    return shares


@dataclass(frozen=True)
class SharePart:
    member: GroupMember
    label: str
    savings: Decimal
    share: Decimal


@dataclass(frozen=True)
class ShareOutPlan:
    fund: Decimal
    total_savings: Decimal
    parts: list
    outstanding_loans: list

    @property
    def earnings(self) -> Decimal:
        """What the fund holds beyond the members' savings: interest, less any loss."""
        return self.fund - self.total_savings


def share_out_plan(*, group: FinancialGroup, user: User | None = None) -> ShareOutPlan:
    """The share-out rule: the whole fund (the group's cash) goes to the active members in
    proportion to each one's savings contributions in the cycle, rounded to the currency's
    minor unit by the largest-remainder method, so the parts sum exactly to the fund.
    Members who left were paid their savings back when they left, and take no part."""
    totals = group_totals(group=group)
    members = list(
        group.members.filter(left_on__isnull=True)
        .select_related("returnee")
        .order_by("joined_on", "pk")
    )
    by_member = member_totals(group=group)
    weights = [
        (member, by_member[member.pk].contributions)
        for member in members
        if member.pk in by_member and by_member[member.pk].contributions > 0
    ]
    total_savings = sum((weight for _, weight in weights), ZERO)
    shares = {}
    if weights and totals.cash > 0:
        shares = allocate_in_proportion(
            fund=totals.cash, weights=weights, unit=currency_unit(group.currency)
        )
    visible = (
        visible_returnee_ids(user=user, returnee_ids=[m.returnee_id for m in members])
        if user
        else set()
    )
    parts = [
        SharePart(
            member=member,
            label=member_label(member, visible),
            savings=weight,
            share=shares.get(member, ZERO),
        )
        for member, weight in weights
    ]
    outstanding = [b for b in loan_balances(group=group) if b.outstanding > 0]
    return ShareOutPlan(
        fund=totals.cash, total_savings=total_savings, parts=parts, outstanding_loans=outstanding
    )
