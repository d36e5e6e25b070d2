"""Browser views of the community profile's field data collection: the XLSForm for
KoboToolbox / ODK, the import of its submissions as draft profiles, and their list."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.xlsform import profile as profile_form
from communities.xlsform.common import known_country
from communities.xlsform.models import ProfileSubmission
from communities.xlsform.selectors import STATE_FILTERS, profile_submission_list
from communities.xlsform.upload import SubmissionsUploadForm
from config.xlsform import XLSX_TYPE

# Programme managers (and administrators) record profiles: they collect and import them.
profiles_required = permission_required(
    ["communities.add_communityprofile", "communities.change_communityprofile"],
    raise_exception=True,
)


@profiles_required
def profile_xlsform(request):
    exported_at = timezone.now()
    country = known_country(request.GET.get("country", ""))
    form = profile_form.profile_xlsform(country=country, exported_at=exported_at)
    suffix = f"-{country}" if country else ""
    return FileResponse(
        form.file(),
        as_attachment=True,
        filename=f"{profile_form.FORM_ID}{suffix}-{form.version}.xlsx",
        content_type=XLSX_TYPE,
    )


@profiles_required
def profile_submissions_import(request):
    form = SubmissionsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = profile_form.profile_submissions_import(
            actor=request.user,
            file=upload,
            filename=upload.name,
            approved_only=form.cleaned_data["approved_only"],
        )
    return render(
        request,
        "communities/xlsform_import.html",
        {
            "form": form,
            "result": result,
            "form_id": profile_form.FORM_ID,
            "version": profile_form.FORM_VERSION,
        },
    )


@profiles_required
def profile_submissions(request):
    state = request.GET.get("state", "")
    state = state if state in STATE_FILTERS else ""
    page = Paginator(profile_submission_list(state=state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/xlsform_submissions.html",
        {"page": page, "state": state, "query": f"state={state}" if state else ""},
    )


@require_POST
@profiles_required
def profile_submission_discard(request, pk):
    submission = get_object_or_404(ProfileSubmission, pk=pk)
    try:
        profile_form.profile_submission_discard(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Draft profile of %(subject)s discarded; importing the file "
                "again will not bring it back."
            )
            % {"subject": submission.subject_label},
        )
    return redirect("communities:xlsform_profile_submissions")
