from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor

__all__ = ["FinancialGroup", "GroupMember", "LedgerEntry", "LoanGuarantor"]
