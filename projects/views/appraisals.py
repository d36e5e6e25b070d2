"""Recording a project's Table 3.2 appraisal (with the suggestions computed from its
participants beside each criterion) and its Table 3.5 assessment, and reading them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects import selectors, services
from projects.forms import SUITABILITY, YES_NO, AssessmentHeaderForm, ItemAnswerForm
from projects.selectors.appraisals import APPRAISAL, CHOICE_OF_RATING, EXISTING_PROJECT
from projects.views.common import editable_project, visible_project

INSTRUMENTS = {
    APPRAISAL: {
        "choices": YES_NO,
        "service": services.project_appraise,
        "title": gettext_lazy("Table 3.2 appraisal"),
        "intro": gettext_lazy(
            "Handbook Table 3.2, “Benefits and drawbacks of community-based "
            "reintegration projects”. Any negative criterion met: not recommended; otherwise "
            "six or more positive criteria met: recommended."
        ),
    },
    EXISTING_PROJECT: {
        "choices": SUITABILITY,
        "service": services.project_assess_existing,
        "title": gettext_lazy("Table 3.5 assessment"),
        "intro": gettext_lazy(
            "Handbook Table 3.5, “Assessment process for the involvement of returnees "
            "in existing local development projects”. Record it before referring returnees."
        ),
    },
}


def _record(request, pk, code):
    project = editable_project(request, pk)
    if code == EXISTING_PROJECT and not project.integrates_into_existing:
        raise Http404(_("Table 3.5 assesses projects that integrate returnees into existing ones."))
    config = INSTRUMENTS[code]
    instrument = selectors.active_instrument(code)
    items = list(instrument.items.order_by("order"))
    suggestions = selectors.appraisal_suggestions(project=project, items=items)
    data = request.POST or None
    header = AssessmentHeaderForm(data)
    default = "unknown" if code == APPRAISAL else ""
    forms = [
        ItemAnswerForm(
            data,
            item=item,
            choices=config["choices"],
            suggestion=suggestions.get(item.code),
            initial={
                "choice": (suggestions[item.code].choice or default)
                if item.code in suggestions
                else default
            },
        )
        for item in items
    ]
    if request.method == "POST":
        if all([f.is_valid() for f in [header, *forms]]):  # noqa: C419 -- validate all
            try:
                assessment = config["service"](
                    actor=request.user,
                    project=project,
                    assessed_on=header.cleaned_data["assessed_on"],
                    notes=header.cleaned_data["notes"],
                    answers={f.item.code: f.cleaned_data for f in forms},
                )
            except ValidationError as error:
                _show(error, header, forms)
            else:
                messages.success(
                    request,
                    _("%(title)s recorded: %(conclusion)s.")
                    % {
                        "title": config["title"],
                        "conclusion": assessment.conclusion or _("saved"),
                    },
                )
                return redirect("projects:assessment", pk=project.pk, assessment_pk=assessment.pk)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "projects/assessment_form.html",
        {
            "project": project,
            "instrument": instrument,
            "header": header,
            "forms": forms,
            "title": config["title"],
            "intro": config["intro"],
        },
    )


def _show(error, header, forms):
    if not hasattr(error, "error_dict"):
        header.add_error(None, error.messages)
        return
    for key, errors in error.message_dict.items():
        code, _sep, field = key.partition("-")
        target = next((f for f in forms if f.item.code == code), None)
        if target and field in target.fields:
            target.add_error(field, errors)
        else:
            header.add_error(key if key in header.fields else None, errors)


@permission_required("assessments.add_assessment", raise_exception=True)
def appraisal_record(request, pk):
    return _record(request, pk, APPRAISAL)


@permission_required("assessments.add_assessment", raise_exception=True)
def table_3_5_record(request, pk):
    return _record(request, pk, EXISTING_PROJECT)


@permission_required("projects.view_project", raise_exception=True)
def assessment_detail(request, pk, assessment_pk):
    project = visible_project(request, pk)
    assessment = selectors.project_assessments(project=project).filter(pk=assessment_pk).first()
    if assessment is None:
        raise Http404(_("No such assessment of this project."))
    answers = [
        {
            "answer": answer,
            "suggested": CHOICE_OF_RATING.get(answer.computed_rating, "")
            if answer.item.evidence_provider
            else None,
        }
        for answer in assessment.answers.select_related("item").order_by("item__order")
    ]
    return render(
        request,
        "projects/assessment_detail.html",
        {
            "project": project,
            "assessment": assessment,
            "answers": answers,
            "history": selectors.project_assessments(
                project=project, code=assessment.instrument.code
            ),
        },
    )
