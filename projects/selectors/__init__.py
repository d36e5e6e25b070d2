"""Reads of the projects app (STYLE.md rule 3). Group formation's candidates live in
``projects.selectors.grouping``, imported directly by its callers."""

from projects.selectors.appraisals import (
    active_instrument,
    appraisal_suggestions,
    latest_assessment,
    project_assessments,
)
from projects.selectors.matching import match_returnees, open_referrals, remaining_places
from projects.selectors.participants import (
    project_balance,
    project_participants,
    visible_returnee_ids,
)
from projects.selectors.projects import (
    project_country,
    project_detail,
    project_history,
    project_list,
    referrals_to_project,
)

__all__ = [
    "active_instrument",
    "appraisal_suggestions",
    "latest_assessment",
    "match_returnees",
    "open_referrals",
    "project_assessments",
    "project_balance",
    "project_country",
    "project_detail",
    "project_history",
    "project_list",
    "project_participants",
    "referrals_to_project",
    "remaining_places",
    "visible_returnee_ids",
]
