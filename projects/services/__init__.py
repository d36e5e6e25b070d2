"""Writes of the projects app, one transaction each, audited (STYLE.md rule 2)."""

from projects.services.appraisals import (
    project_appraise,
    project_assess_existing,
    project_refer_returnees,
)
from projects.services.groups import project_create_from_group
from projects.services.lifecycle import (
    action_record_reopen,
    action_record_set,
    project_step_advance,
)
from projects.services.participants import (
    participant_add,
    participant_enrol,
    participant_leave,
    participant_update,
)
from projects.services.projects import project_create, project_set_status, project_update

__all__ = [
    "action_record_reopen",
    "action_record_set",
    "participant_add",
    "participant_enrol",
    "participant_leave",
    "participant_update",
    "project_appraise",
    "project_assess_existing",
    "project_create",
    "project_create_from_group",
    "project_refer_returnees",
    "project_set_status",
    "project_step_advance",
    "project_update",
]
