"""Existing-project matching (handbook 3.3.2, Table 3.5): returnees who fit, ranked with
reasons, referred once the Table 3.5 assessment finds the project suitable."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from projects import selectors, services
from projects.forms import ReferForm
from projects.selectors.appraisals import EXISTING_PROJECT
from projects.selectors.matching import required_sectors
from projects.views.common import show_errors, visible_project
from reintegration.access import returnees_for_user


@permission_required("reintegration.add_referral", raise_exception=True)
def matching(request, pk):
    project = visible_project(request, pk)
    if not project.integrates_into_existing:
        raise Http404(
            gettext("Matching is for projects that integrate returnees into existing ones.")
        )
    matches, reasons = selectors.match_returnees(user=request.user, project=project)
    referable = [(str(m.returnee.pk), m.returnee.reference) for m in matches if m.has_consent]
    form = ReferForm(request.POST or None, returnee_choices=referable)
    if request.method == "POST" and form.is_valid():
        ids = [int(pk) for pk in form.cleaned_data["returnees"]]
        chosen = list(
            returnees_for_user(request.user)
            .filter(pk__in=ids)
            .select_related("community", "consent")
            .order_by("reference")
        )
        try:
            referrals = services.project_refer_returnees(
                actor=request.user,
                project=project,
                returnees=chosen,
                reason=form.cleaned_data["reason"],
                follow_up_date=form.cleaned_data["follow_up_date"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s returnee(s) referred to %(project)s.",
                    "%(count)s returnee(s) referred to %(project)s.",
                    len(referrals),
                )
                % {"count": len(referrals), "project": project},
            )
            return redirect(project)
    return render(
        request,
        "projects/matching.html",
        {
            "project": project,
            "matches": matches,
            "reasons": reasons,
            "form": form,
            "assessment": selectors.latest_assessment(project=project, code=EXISTING_PROJECT),
            "places": selectors.remaining_places(project),
            "sector_names": ", ".join(s.name for s in required_sectors(project))
            or gettext("the project's sectors"),
        },
    )
