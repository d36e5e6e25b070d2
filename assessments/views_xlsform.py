"""Field data collection with KoboToolbox / ODK: the XLSForm of each instrument, the import
of their submissions as draft assessments, and their review (programme managers)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments.models import Instrument, Submission
from assessments.xlsform import selectors, services, subjects
from assessments.xlsform.forms import instrument_xlsform, item_names, xlsform_languages
from communities import selectors as community_selectors
from communities.models import DataCollectionMethod
from communities.xlsform import profile as profile_form
from communities.xlsform.common import known_country
from communities.xlsform.selectors import profile_drafts_pending
from communities.xlsform.upload import SubmissionsUploadForm
from config.xlsform import XLSX_TYPE

METHOD_LABELS = dict(DataCollectionMethod.choices)

# Programme managers (and administrators) record assessments: they collect and import them.
collect_required = permission_required(
    ["assessments.add_assessment", "assessments.add_answer"], raise_exception=True
)
review_required = permission_required("assessments.change_assessment", raise_exception=True)


def _instrument(code: str) -> Instrument:
    return get_object_or_404(Instrument, code=code, is_active=True)


@collect_required
def index(request):
    """Every form: download it, import its submissions, see the drafts to review."""
    country = known_country(request.GET.get("country", ""))
    drafts = selectors.drafts_by_form()
    forms = [
        {
            "instrument": instrument,
            "available": instrument.subject == Instrument.Subject.COMMUNITY
            or subjects.get(instrument.code) is not None,
            "drafts": drafts.get(instrument.code, 0),
        }
        for instrument in Instrument.objects.filter(is_active=True).order_by("subject", "code")
    ]
    return render(
        request,
        "assessments/xlsform_index.html",
        {
            "forms": forms,
            "profile": {
                "form_id": profile_form.FORM_ID,
                "version": profile_form.FORM_VERSION,
                "drafts": profile_drafts_pending(),
            },
            "countries": community_selectors.community_countries(),
            "country": country,
        },
    )


@collect_required
def download(request, code):
    instrument = _instrument(code)
    exported_at = timezone.now()
    country = known_country(request.GET.get("country", ""))
    try:
        form = instrument_xlsform(
            instrument,
            user=request.user,
            country=country,
            exported_at=exported_at,
            languages=xlsform_languages(instrument),
        )
    except LookupError as error:
        messages.error(request, str(error))
        return redirect("assessments:xlsform_index")
    suffix = f"-{country}" if country else ""
    return FileResponse(
        form.file(),
        as_attachment=True,
        filename=f"{instrument.code}{suffix}-{form.version}.xlsx",
        content_type=XLSX_TYPE,
    )


@collect_required
def submissions_import(request, code):
    instrument = _instrument(code)
    if instrument.subject != Instrument.Subject.COMMUNITY and subjects.get(code) is None:
        raise Http404("No list of projects is available yet.")
    form = SubmissionsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.assessment_submissions_import(
            actor=request.user,
            instrument=instrument,
            file=upload,
            filename=upload.name,
            approved_only=form.cleaned_data["approved_only"],
        )
    return render(
        request,
        "assessments/xlsform_import.html",
        {"instrument": instrument, "form": form, "result": result},
    )


@collect_required
def submission_list(request):
    state = request.GET.get("state", "")
    state = state if state in selectors.STATE_FILTERS else ""
    code = request.GET.get("form", "")
    codes = list(Instrument.objects.order_by("code").values_list("code", flat=True).distinct())
    code = code if code in codes else ""
    queryset = selectors.submission_list(form=code, state=state)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("form", code), ("state", state)) if v)
    return render(
        request,
        "assessments/xlsform_submissions.html",
        {"page": page, "state": state, "code": code, "codes": codes, "query": query},
    )


@collect_required
def submission_detail(request, pk):
    submission = get_object_or_404(selectors.submission_detail(), pk=pk)
    rows = []
    if submission.assessment is not None:
        answer_type = submission.instrument.answer_type
        for answer in submission.assessment.answers.all():
            rows.append(
                {
                    "answer": answer,
                    "question": item_names(answer.item, answer_type)["answer"],
                    "methods": [METHOD_LABELS.get(m, m) for m in answer.methods],
                }
            )
    return render(
        request,
        "assessments/xlsform_submission.html",
        {"submission": submission, "rows": rows},
    )


@require_POST
@review_required
def submission_finalise(request, pk):
    submission = get_object_or_404(Submission, pk=pk)
    try:
        services.assessment_submission_finalise(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessment finalised."))
    return redirect("assessments:xlsform_submission", pk=submission.pk)


@require_POST
@review_required
def submission_discard(request, pk):
    submission = get_object_or_404(Submission, pk=pk)
    try:
        services.assessment_submission_discard(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Draft assessment discarded; importing the file again will not bring it back."),
        )
    return redirect("assessments:xlsform_submission", pk=submission.pk)
