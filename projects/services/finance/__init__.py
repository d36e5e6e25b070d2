"""Writes of financial support groups (handbook 3.3.3), one transaction each, audited.

Bad input raises ``ValidationError`` naming the field, and nothing is written.
"""

from projects.services.finance.groups import (
    financial_group_create,
    financial_group_enrol,
    financial_group_update,
    member_add,
    member_leave,
)
from projects.services.finance.ledger import (
    contribution_record,
    correction_record,
    loan_disburse,
    repayment_record,
    share_out_record,
)

__all__ = [
    "contribution_record",
    "correction_record",
    "financial_group_create",
    "financial_group_enrol",
    "financial_group_update",
    "loan_disburse",
    "member_add",
    "member_leave",
    "repayment_record",
    "share_out_record",
]
