"""Community-based projects (issue: projects), one module per area."""

from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor
from projects.models.lifecycle import ActionRecord, StepCompletion
from projects.models.participants import (
    LEADER_TERM_MONTHS,
    AgeBand,
    Participant,
    Vulnerability,
)
from projects.models.project import Approach, Kind, Project, ProposedBy

__all__ = [
    "LEADER_TERM_MONTHS",
    "ActionRecord",
    "AgeBand",
    "Approach",
    "FinancialGroup",
    "GroupMember",
    "Kind",
    "LedgerEntry",
    "LoanGuarantor",
    "Participant",
    "Project",
    "ProposedBy",
    "StepCompletion",
    "Vulnerability",
]
