"""Writes of the assessments app (one module per area)."""

from assessments.services.instruments import (
    CHOICES_BY_TYPE,
    assessment_conclusion,
    assessment_record,
)
from assessments.services.scoring import (
    ALTAI,
    active_instrument,
    altai_rating_set,
    community_score,
)

__all__ = [
    "ALTAI",
    "CHOICES_BY_TYPE",
    "active_instrument",
    "altai_rating_set",
    "assessment_conclusion",
    "assessment_record",
    "community_score",
]
