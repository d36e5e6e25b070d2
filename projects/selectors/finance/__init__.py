"""Reads of financial support groups (handbook 3.3.3). Every balance is derived from the
ledger entries; nothing is stored that the entries do not say."""

from projects.selectors.finance.balances import (
    TOTALS,
    LoanBalance,
    Totals,
    cash_available,
    cash_effect,
    entry_effective,
    group_totals,
    ledger_entries,
    loan_balances,
    loan_outstanding,
    member_totals,
    of_kind,
)
from projects.selectors.finance.lists import (
    api_group_list,
    group_communities,
    group_list,
    with_aggregates,
)
from projects.selectors.finance.members import (
    MemberRow,
    age_band_of,
    member_label,
    member_rows,
    visible_returnee_ids,
)
from projects.selectors.finance.share_out import (
    ShareOutPlan,
    SharePart,
    allocate_in_proportion,
    share_out_plan,
)

__all__ = [
    "TOTALS",
    "LoanBalance",
    "MemberRow",
    "SharePart",
    "ShareOutPlan",
    "Totals",
    "age_band_of",
    "allocate_in_proportion",
    "api_group_list",
    "cash_available",
    "cash_effect",
    "entry_effective",
    "group_communities",
    "group_list",
    "group_totals",
    "ledger_entries",
    "loan_balances",
    "loan_outstanding",
    "member_label",
    "member_rows",
    "member_totals",
    "of_kind",
    "share_out_plan",
    "visible_returnee_ids",
    "with_aggregates",
]
