"""The Table 3.4 checklist of a collective income-generating activity: marking actions
done or waived, reopening them, and completing steps in order."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import access, services
from projects.catalogues import SELECTION_STEP, STEPS
from projects.forms import ActionForm, AdvanceForm
from projects.models import Project
from projects.views.common import editable_project, error_text


def lifecycle_context(project: Project) -> dict:
    """The eight steps with their actions' records, from the project's prefetched records
    (no query of its own)."""
    records = {r.action_code: r for r in project.action_records.all()}
    completions = {c.step: c for c in project.completions.all()}
    steps = []
    for step in STEPS:
        if step.number in completions:
            state = "completed"
        elif step.number == project.current_step and not project.lifecycle_completed_on:
            state = "current"
        else:
            state = "upcoming"
        steps.append(
            {
                "step": step,
                "state": state,
                "completion": completions.get(step.number),
                "actions": [{"action": a, "record": records.get(a.code)} for a in step.actions],
                "open_required": [a for a in step.required_actions if a.code not in records],
            }
        )
    return {
        "lifecycle_steps": steps,
        "selection_step": SELECTION_STEP,
        "action_form": ActionForm(),
    }


def _back(project: Project):
    return redirect(reverse("projects:detail", kwargs={"pk": project.pk}) + "#lifecycle")


@require_POST
def action_set(request, pk, code):
    project = editable_project(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Mark the action done or waived."))
        return _back(project)
    try:
        services.action_record_set(
            actor=request.user, project=project, action_code=code, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(
            request,
            _("Action %(code)s not recorded: %(error)s")
            % {"code": code, "error": error_text(error)},
        )
    else:
        done = form.cleaned_data["state"] == "done"
        message = _("Action %(code)s done.") if done else _("Action %(code)s waived.")
        messages.success(request, message % {"code": code})
    return _back(project)


@require_POST
def action_reopen(request, pk, code):
    project = editable_project(request, pk)
    try:
        services.action_record_reopen(actor=request.user, project=project, action_code=code)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Action %(code)s reopened.") % {"code": code})
    return _back(project)


@require_POST
def step_advance(request, pk):
    project = editable_project(request, pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which step to move to."))
        return _back(project)
    to_step = form.cleaned_data["to_step"]
    if project.current_step == SELECTION_STEP and not access.can_select(request.user, project):
        raise PermissionDenied(_("Selecting a project needs the permission to select projects."))
    try:
        project = services.project_step_advance(
            actor=request.user,
            project=project,
            to_step=to_step,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, _("Nothing was saved. %(error)s") % {"error": error_text(error)})
    else:
        if project.lifecycle_completed_on:
            messages.success(request, _("All eight steps of Table 3.4 are completed."))
        else:
            messages.success(request, _("Moved to step %(step)s.") % {"step": project.current_step})
    return _back(project)
