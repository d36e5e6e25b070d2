"""Group formation (handbook 3.3): for a community, a sector and a group size, the
proposals of ``projects.grouping`` with their explanations; the user adjusts the members
with checkboxes and creates the collective income-generating project in one step."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from projects import services
from projects.forms import GroupCreateForm, GroupSearchForm
from projects.views.common import show_errors
from reintegration.access import returnees_for_user

add_required = permission_required("projects.add_project", raise_exception=True)


def _propose(user, community, sector, size):
    # Imported here: the algorithm and its candidate selector are another module's, and a
    # view module must not fail to import while they are being built.
    from projects.grouping import propose_groups
    from projects.selectors.grouping import grouping_candidates

    candidates = grouping_candidates(user=user, community=community, sector=sector)
    return candidates, propose_groups(candidates, size=size)


def _group_rows(result):
    """One form per proposal listing every candidate: the group's members checked, the
    others (other groups, unplaced) unchecked so they can be added."""
    everyone = []
    for group in result.groups:
        everyone.extend(group.members)
        everyone.extend(e for e in group.experts if e not in group.members)
    everyone.extend(result.unplaced)
    unique = list({c.returnee_id: c for c in everyone}.values())
    where = {}
    for number, group in enumerate(result.groups, start=1):
        for candidate in (*group.members, *group.experts):
            where.setdefault(candidate.returnee_id, _("group %(number)s") % {"number": number})
    rows = []
    for number, group in enumerate(result.groups, start=1):
        chosen = {c.returnee_id for c in (*group.members, *group.experts)}
        experts = {c.returnee_id for c in group.experts}
        rows.append(
            {
                "number": number,
                "group": group,
                "similarity_percent": round(100 * group.similarity),
                "candidates": [
                    {
                        "candidate": c,
                        "checked": c.returnee_id in chosen,
                        "expert": c.returnee_id in experts,
                        "where": where.get(c.returnee_id, "not placed"),
                    }
                    for c in sorted(unique, key=lambda c: (c.returnee_id not in chosen, c.label))
                ],
            }
        )
    return rows


@add_required
def group_formation(request):
    form = GroupSearchForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        community, sector = form.cleaned_data["community"], form.cleaned_data["sector"]
        try:
            candidates, result = _propose(
                request.user, community, sector, form.cleaned_data["size"]
            )
        except ValueError as error:  # the algorithm refuses bad input with a message
            form.add_error(None, str(error))
            return render(request, "projects/group_formation.html", context)
        context.update(
            {
                "community": community,
                "sector": sector,
                "candidate_count": len(candidates),
                "result": result,
                "rows": _group_rows(result),
                "unplaced_labels": ", ".join(c.label for c in result.unplaced),
                "default_name": _("%(sector)s group, %(community)s")
                % {"sector": sector.name, "community": community.name},
            }
        )
    return render(request, "projects/group_formation.html", context)


@add_required
def group_create(request):
    if request.method != "POST":
        return redirect("projects:group_formation")
    posted = [v for v in request.POST.getlist("candidates") if v.isdigit()]
    visible = {
        r.pk: r
        for r in returnees_for_user(request.user)
        .filter(pk__in=[int(v) for v in posted])
        .select_related("community", "consent")
        .order_by("reference")
    }
    form = GroupCreateForm(request.POST, candidate_ids=list(visible))
    if form.is_valid():
        data = form.cleaned_data
        members = [visible[int(pk)] for pk in data["members"]]
        experts = [visible[int(pk)] for pk in data["experts"]]
        try:
            project = services.project_create_from_group(
                actor=request.user,
                name=data["name"],
                community=data["community"],
                sector=data["sector"],
                members=members,
                experts=experts,
                no_expert_reason=data["no_expert_reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Project “%(name)s” created with %(count)s returnees at step 1 of Table 3.4.")
                % {"name": project.name, "count": len(members)},
            )
            return redirect(project)
    messages.error(request, _("The project was not created: see the messages below."))
    today = datetime.date.today()
    members = set(request.POST.getlist("members"))
    experts = set(request.POST.getlist("experts"))
    return render(
        request,
        "projects/group_create.html",
        {
            "form": form,
            "returnees": [
                {
                    "returnee": r,
                    "age": r.age_on(today),
                    "checked": str(r.pk) in members,
                    "expert": str(r.pk) in experts,
                }
                for r in visible.values()
            ],
        },
    )
