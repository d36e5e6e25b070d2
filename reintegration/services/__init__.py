"""Writes of the reintegration app, one transaction each, audited (STYLE.md rule 2)."""

from reintegration.services.case import (
    case_assign,
    case_set_status,
    case_update,
    consent_record,
    consent_withdraw,
    note_add,
    session_log,
)
from reintegration.services.referrals import referral_create, referral_transition
from reintegration.services.returnees import (
    PossibleDuplicates,
    find_possible_duplicates,
    reserve_references,
    returnee_register,
    returnee_update,
)

__all__ = [
    "PossibleDuplicates",
    "case_assign",
    "case_set_status",
    "case_update",
    "consent_record",
    "consent_withdraw",
    "find_possible_duplicates",
    "note_add",
    "referral_create",
    "referral_transition",
    "reserve_references",
    "returnee_register",
    "returnee_update",
    "session_log",
]

from reintegration.services.imports import ImportReport, RowError, returnee_import  # noqa: E402

__all__ += ["ImportReport", "RowError", "returnee_import"]

from reintegration.services.privacy import (  # noqa: E402
    ErasureReason,
    ErasureReport,
    returnee_erase,
    subject_access_export,
)

__all__ += ["ErasureReason", "ErasureReport", "returnee_erase", "subject_access_export"]
