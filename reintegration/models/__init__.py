"""The returnee registry and case management (one module per area)."""

from reintegration.models.case import CaseNote, Consent, CounsellingSession
from reintegration.models.referrals import Referral, ReferralStatusChange
from reintegration.models.returnee import (
    CHILD_AGE,
    HouseholdMember,
    ReferenceCounter,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    ReturneeSkill,
    Sex,
    SkillLevel,
)

__all__ = [
    "CHILD_AGE",
    "CaseNote",
    "Consent",
    "CounsellingSession",
    "HouseholdMember",
    "ReferenceCounter",
    "Referral",
    "ReferralStatusChange",
    "Returnee",
    "ReturneeInterest",
    "ReturneeNeed",
    "ReturneeSkill",
    "Sex",
    "SkillLevel",
]
