"""Community analyses with the handbook's research questions (Tables 3.1 and 6.1) and the
community-led child protection criteria (section 6.3.1)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assessments import selectors, services
from assessments.forms import AnswerForm, AssessmentHeaderForm
from assessments.models import Assessment, Instrument
from communities.models import Community

COMMUNITY_INSTRUMENTS = ("table_3_1", "table_6_1", "child_protection")


@permission_required("assessments.view_assessment", raise_exception=True)
def analyses(request, pk):
    community = get_object_or_404(Community, pk=pk)
    return render(
        request,
        "assessments/analyses.html",
        {
            "community": community,
            "assessments": selectors.community_assessments(community=community).filter(
                instrument__code__in=COMMUNITY_INSTRUMENTS
            ),
            "instruments": Instrument.objects.filter(
                code__in=COMMUNITY_INSTRUMENTS, is_active=True
            ),
        },
    )


@permission_required("assessments.add_assessment", raise_exception=True)
def analysis_record(request, pk, code):
    community = get_object_or_404(Community, pk=pk)
    instrument = get_object_or_404(
        Instrument, code=code, is_active=True, code__in=COMMUNITY_INSTRUMENTS
    )
    items = list(instrument.items.order_by("order"))
    data = request.POST or None
    header = AssessmentHeaderForm(data, initial={"assessed_on": datetime.date.today()})
    forms = [AnswerForm(data, item=i, answer_type=instrument.answer_type) for i in items]
    if request.method == "POST":
        if all([f.is_valid() for f in [header, *forms]]):  # noqa: C419 -- validate all
            try:
                assessment = services.assessment_record(
                    actor=request.user,
                    instrument=instrument,
                    community=community,
                    assessed_on=header.cleaned_data["assessed_on"],
                    notes=header.cleaned_data["notes"],
                    answers={
                        f.item.code: {
                            **f.cleaned_data,
                            "answered_on": header.cleaned_data["assessed_on"],
                        }
                        for f in forms
                    },
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    code, _sep, field = key.partition("-")
                    target = next((f for f in forms if f.item.code == code), None)
                    if target and field in target.fields:
                        target.add_error(field, errors)
                    else:
                        header.add_error(key if key in header.fields else None, errors)
            else:
                messages.success(request, _("%(name)s recorded.") % {"name": instrument.name})
                return redirect("assessments:analysis", pk=assessment.pk)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "assessments/analysis_form.html",
        {
            "community": community,
            "instrument": instrument,
            "header": header,
            "forms": forms,
        },
    )


@permission_required("assessments.view_assessment", raise_exception=True)
def analysis_detail(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.select_related("instrument", "community", "assessor"),
        pk=pk,
        community__isnull=False,
    )
    return render(
        request,
        "assessments/analysis_detail.html",
        {
            "assessment": assessment,
            "answers": assessment.answers.select_related("item").order_by("item__order"),
            "completion": selectors.completion_by_group(assessment),
        },
    )
