"""Browser pages of financial support groups (handbook 3.3.3)."""

from projects.views.finance.entries import (
    contribution,
    correction,
    loan,
    member_add,
    member_leave,
    repayment,
    share_out,
)
from projects.views.finance.groups import (
    group_create,
    group_detail,
    group_edit,
    group_list,
    ledger,
)

__all__ = [
    "contribution",
    "correction",
    "group_create",
    "group_detail",
    "group_edit",
    "group_list",
    "ledger",
    "loan",
    "member_add",
    "member_leave",
    "repayment",
    "share_out",
]
