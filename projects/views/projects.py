"""Listing, creating, editing and reading projects, and changing their status."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import access, selectors, services
from projects.catalogues import APPROACHES, APPROACHES_BY_CODE
from projects.forms import ProjectFilterForm, ProjectForm, StatusForm
from projects.models import Project
from projects.selectors.participants import shares_total
from projects.views.common import editable_project, error_text, show_errors, visible_project
from projects.views.lifecycle import lifecycle_context

PAGE_SIZE = 25
view_required = permission_required("projects.view_project", raise_exception=True)


@view_required
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "recent")
    queryset = selectors.project_list(
        user=request.user,
        search=data.get("q") or "",
        approach=data.get("approach") or "",
        kind=data.get("kind") or "",
        step=data.get("step") or "",
        community_id=data["community"].pk if data.get("community") else None,
        sector_id=data["sector"].pk if data.get("sector") else None,
        status=data.get("status") or "",
        sort=sort,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
            "filtered": any(data.values()),
        },
    )


def _save(request, form, project=None):
    arguments = form.service_arguments()
    if project is None:
        return services.project_create(actor=request.user, **arguments)
    return services.project_update(actor=request.user, project=project, **arguments)


# Programme managers record projects; case managers create collective ones only through
# group formation (add_project without change_project).
@permission_required(["projects.add_project", "projects.change_project"], raise_exception=True)
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                project = _save(request, form)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Project “%(name)s” created.") % {"name": project.name})
                return redirect(project)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "title": _("New project"), "approaches": APPROACHES},
    )


def project_edit(request, pk):
    project = editable_project(request, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST":
        if form.is_valid():
            try:
                project = _save(request, form, project)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Project saved."))
                return redirect(project)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "title": _("Edit %(name)s") % {"name": project.name},
            "approaches": APPROACHES,
        },
    )


@view_required
def project_detail(request, pk):
    project = selectors.project_detail(project=visible_project(request, pk))
    participants = list(project.participants.all())
    latest = {
        code: selectors.latest_assessment(project=project, code=code)
        for code in ("table_3_2", "table_3_5")
    }
    context = {
        "project": project,
        "approach": APPROACHES_BY_CODE[project.approach],
        "can_edit": access.can_edit(request.user, project),
        "can_select": access.can_select(request.user, project),
        "can_manage_participants": access.can_manage_participants(request.user, project),
        "participants": participants,
        "active_participants": [p for p in participants if p.left_on is None],
        "balance": selectors.project_balance(participants=participants),
        "visible_returnees": selectors.visible_returnee_ids(
            user=request.user, participants=participants
        ),
        "shares_total": shares_total(participants),
        "appraisal": latest["table_3_2"],
        "table_3_5": latest["table_3_5"],
        "referrals": selectors.referrals_to_project(user=request.user, project=project)[:50],
        "status_form": StatusForm(),
        # In the lifecycle's order, so the irreversible "cancelled" comes last.
        "next_statuses": [
            (s.value, s.label) for s in Project.Status if s in Project.TRANSITIONS[project.status]
        ],
    }
    if project.has_lifecycle:
        context.update(lifecycle_context(project))
    return render(request, "projects/project_detail.html", context)


@view_required
def project_history(request, pk):
    project = visible_project(request, pk)
    return render(
        request,
        "projects/project_history.html",
        {"project": project, "events": selectors.project_history(project=project)[:200]},
    )


@require_POST
def project_status(request, pk):
    project = editable_project(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        irreversible = form.cleaned_data["to_status"] in (
            Project.Status.CANCELLED,
            Project.Status.COMPLETED,
        )
        if irreversible and request.POST.get("confirmed") != "yes":
            return render(
                request,
                "projects/confirm_status.html",
                {
                    "project": project,
                    "form": form,
                    "label": Project.Status(form.cleaned_data["to_status"]).label,
                },
            )
        try:
            services.project_set_status(
                actor=request.user,
                project=project,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(
                request, _("Status not changed: %(error)s") % {"error": error_text(error)}
            )
        else:
            messages.success(
                request,
                _("Status: %(status)s.")
                % {"status": Project.Status(form.cleaned_data["to_status"]).label},
            )
    else:
        messages.error(request, _("Choose a status."))
    return redirect(project)
