"""Browser views of the returnee import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from reintegration import exports, selectors
from reintegration.forms_io import ReturneeImportForm
from reintegration.services import returnee_import

MAX_ERRORS_SHOWN = 500


def _kind(request) -> str:
    return "xlsx" if request.GET.get("format") == "xlsx" else "csv"


@permission_required("reintegration.add_returnee", raise_exception=True)
def import_returnees(request):
    """Upload a file; all rows are registered, or none and the errors are listed."""
    form = ReturneeImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = returnee_import(
            actor=request.user,
            file=upload,
            filename=upload.name,
            confirm_not_duplicates=form.cleaned_data["confirm_not_duplicates"],
        )
        if report.ok:
            count = report.count
            messages.success(
                request,
                ngettext(
                    "%(count)d returnee imported from %(file)s.",
                    "%(count)d returnees imported from %(file)s.",
                    count,
                )
                % {"count": count, "file": upload.name},
            )
            return redirect("reintegration:list")
    errors = report.errors if report else []
    return render(
        request,
        "reintegration/import.html",
        {
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "error_rows": len({e.row for e in errors}),
            "has_duplicates": bool(report and report.duplicates),
        },
    )


@permission_required("reintegration.add_returnee", raise_exception=True)
def import_template(request):
    return exports.template_response(_kind(request))


@permission_required("reintegration.view_returnee", raise_exception=True)
def export_returnees(request):
    """The returnees the user sees (optionally filtered as on the list page)."""
    if not exports.can_export(request.user):
        raise PermissionDenied("Partners receive records through the API only.")
    community = request.GET.get("community", "")
    queryset = selectors.returnee_list(
        user=request.user,
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        community_id=int(community) if community.isdigit() else None,
    )
    return exports.export_response(request.user, queryset, _kind(request))
