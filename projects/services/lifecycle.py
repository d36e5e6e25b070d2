"""Moving a collective income-generating activity through the eight steps of handbook
Table 3.4: actions done or waived with a reason, and steps taken in order."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from projects.catalogues import (
    ACTIONS_BY_CODE,
    LAST_STEP,
    SELECTION_STEP,
    STEPS_BY_NUMBER,
    step_of,
)
from projects.models import ActionRecord, Project, StepCompletion
from projects.services.projects import require_selectable


def _lock_lifecycle(project: Project) -> Project:
    current = Project.objects.select_for_update().get(pk=project.pk)
    if not current.has_lifecycle:
        raise ValidationError(
            _("Only a collective income-generating activity follows the Table 3.4 steps.")
        )
    if current.lifecycle_completed_on is not None:
        raise ValidationError(
            _("All %(count)s steps were completed on %(date)s.")
            % {"count": LAST_STEP, "date": f"{current.lifecycle_completed_on:%Y-%m-%d}"}
        )
    return current


def _action_of_current_step(project: Project, action_code: str):
    action = ACTIONS_BY_CODE.get(action_code)
    if action is None:
        raise ValidationError(
            {"action_code": _("%(code)r is not a Table 3.4 action.") % {"code": action_code}}
        )
    step = step_of(action_code)
    if step.number != project.current_step:
        if step.number < project.current_step:
            message = _(
                "Step %(number)s (%(label)s) is closed: the project is at step %(current)s."
            )
        else:
            message = _(
                "Step %(number)s (%(label)s) is not open yet: the project is at step %(current)s."
            )
        raise ValidationError(
            {
                "action_code": message
                % {"number": step.number, "label": step.label, "current": project.current_step}
            }
        )
    return action


@transaction.atomic
def action_record_set(
    *,
    actor: User,
    project: Project,
    action_code: str,
    state: str,
    note: str = "",
    waiver_reason: str = "",
    done_on: datetime.date | None = None,
) -> ActionRecord:
    """Mark an action of the current step done, or waive it with a reason (audited)."""
    current = _lock_lifecycle(project)
    action = _action_of_current_step(current, action_code)
    if state not in ActionRecord.State.values:
        raise ValidationError({"state": _("Mark the action done or waived.")})
    waiver_reason = waiver_reason.strip() if state == ActionRecord.State.WAIVED else ""
    if state == ActionRecord.State.WAIVED and not waiver_reason:
        raise ValidationError(
            {"waiver_reason": _("Say why action %(code)s is waived.") % {"code": action.code}}
        )
    done_on = done_on or datetime.date.today()
    if done_on > datetime.date.today():
        raise ValidationError({"done_on": _("An action cannot be recorded in the future.")})
    values = {
        "step": current.current_step,
        "state": state,
        "note": note.strip(),
        "waiver_reason": waiver_reason,
        "done_on": done_on,
        "recorded_by": actor,
    }
    record = ActionRecord.objects.filter(project=current, action_code=action_code).first()
    if record is None:
        record = ActionRecord(project=current, action_code=action_code, **values)
        record.full_clean()
        record.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=record)
        return record
    before = audit_snapshot(record)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=record,
        changes=audit_diff(before, audit_snapshot(record)),
    )
    return record


@transaction.atomic
def action_record_reopen(*, actor: User, project: Project, action_code: str) -> None:
    """Undo "done" or "waived" on an action of the current step; the audit trail keeps it."""
    current = _lock_lifecycle(project)
    _action_of_current_step(current, action_code)
    record = ActionRecord.objects.filter(project=current, action_code=action_code).first()
    if record is None:
        raise ValidationError(
            {"action_code": _("Action %(code)s is open already.") % {"code": action_code}}
        )
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, instance=record)
    record.delete()


def _open_required_actions(project: Project) -> list:
    step = STEPS_BY_NUMBER[project.current_step]
    closed = set(
        ActionRecord.objects.filter(project=project, step=step.number).values_list(
            "action_code", flat=True
        )
    )
    return [a for a in step.required_actions if a.code not in closed]


@transaction.atomic
def project_step_advance(*, actor: User, project: Project, to_step: int, note: str = "") -> Project:
    """Complete the current step and open ``to_step``, which must be the next one (after
    step 8, ``to_step`` 9 completes the lifecycle). Refused, with nothing saved, when a step
    would be skipped, when a required action is neither done nor waived, and at the
    selection step when no Table 3.2 appraisal supports the selection."""
    current = _lock_lifecycle(project)
    step = STEPS_BY_NUMBER[current.current_step]
    expected = step.number + 1
    if to_step != expected:
        if to_step > expected:
            skipped = ", ".join(str(n) for n in range(expected, to_step))
            message = _(
                "Steps are taken in order: the project is at step %(number)s (%(label)s); "
                "moving to step %(to_step)s would skip step(s) %(skipped)s."
            ) % {"number": step.number, "label": step.label, "to_step": to_step, "skipped": skipped}
        else:
            message = _(
                "The project is at step %(number)s (%(label)s); it can only move to step "
                "%(expected)s."
            ) % {"number": step.number, "label": step.label, "expected": expected}
        raise ValidationError({"to_step": message})
    errors: dict[str, list[str]] = {}
    missing = _open_required_actions(current)
    if missing:
        errors["actions"] = [
            _(
                "Step %(number)s (%(label)s) cannot be completed: mark these required "
                "actions done, or waive them with a reason: %(actions)s."
            )
            % {
                "number": step.number,
                "label": step.label,
                "actions": "; ".join(f"{a.code} {a.text}" for a in missing),
            }
        ]
    appraisal = None
    if step.number == SELECTION_STEP:
        try:
            appraisal = require_selectable(current)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(current)
    StepCompletion.objects.create(
        project=current,
        step=step.number,
        completed_by=actor,
        appraisal=appraisal,
        recommendation=appraisal.conclusion if appraisal else "",
        note=note.strip(),
    )
    if step.number == LAST_STEP:
        current.lifecycle_completed_on = datetime.date.today()
    else:
        current.current_step = expected
    if step.number == SELECTION_STEP and current.status == Project.Status.PROPOSED:
        current.status = Project.Status.SELECTED
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        changes=audit_diff(before, audit_snapshot(current)),
        note=f"Step {step.number} completed" + (f": {note.strip()}" if note.strip() else ""),
    )
    return current
