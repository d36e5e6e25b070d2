"""Browser views of the community and service import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from communities import exports, selectors
from communities.forms_io import ImportForm
from communities.models import Community
from communities.services import community_import, service_import
from config.tabular import xlsx_file

MAX_ERRORS_SHOWN = 500
IMPORTS = {
    "communities": (
        gettext_lazy("Import communities"),
        # The outcome, as one sentence per kind for translators.
        gettext_lazy(
            "%(file)s: %(created)s communities created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ),
        community_import,
        "import_communities",
    ),
    "services": (
        gettext_lazy("Import services"),
        gettext_lazy(
            "%(file)s: %(created)s services created, %(updated)s updated, %(unchanged)s unchanged."
        ),
        service_import,
        "import_services",
    ),
}


def _format(request) -> str:
    return "xlsx" if request.GET.get("format") == "xlsx" else "csv"


def _import(request, kind: str):
    """Upload a file: every row is written, or none and each error is listed."""
    title, outcome, run_import, url_name = IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = run_import(actor=request.user, file=upload, filename=upload.name)
        if result.ok:
            messages.success(
                request,
                outcome
                % {
                    "file": upload.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect(f"communities:{url_name}")
        errors = result.errors
    return render(
        request,
        "communities/import.html",
        {
            "title": title,
            "kind": kind,
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "error_rows": len({e.row for e in errors} - {None}),
        },
    )


@permission_required(
    ["communities.add_community", "communities.change_community"], raise_exception=True
)
def import_communities(request):
    return _import(request, "communities")


@permission_required(
    ["communities.add_service", "communities.change_service"], raise_exception=True
)
def import_services(request):
    return _import(request, "services")


@permission_required("communities.add_community", raise_exception=True)
def import_template(request):
    """?kind=communities|services&format=csv|xlsx: the header row of the import; the XLSX
    adds an "Instructions" sheet with the allowed values of each column."""
    kind = "services" if request.GET.get("kind") == "services" else "communities"
    sheets = exports.template_sheets(kind)
    name = f"{kind}-import-template"
    if _format(request) == "xlsx":
        file = xlsx_file(sheets)
        return FileResponse(
            file, as_attachment=True, filename=f"{name}.xlsx", content_type=exports.XLSX_TYPE
        )
    response = HttpResponse(exports.csv_lines(sheets[kind]), content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _filters(request) -> dict:
    """The community list page's filters, read from the same query parameters."""
    area_type = request.GET.get("area_type", "")
    return {
        "country": request.GET.get("country", "").strip(),
        "admin1": request.GET.get("admin1", "").strip(),
        "area_type": area_type if area_type in Community.AreaType.values else "",
        "due_for_review": {"yes": True, "no": False}.get(request.GET.get("due", "")),
        "search": request.GET.get("q", "").strip(),
    }


def _export(request, stem: str, rows) -> HttpResponse:
    if _format(request) == "xlsx":
        return FileResponse(
            xlsx_file({stem: rows}),
            as_attachment=True,
            filename=exports.filename(stem, "xlsx"),
            content_type=exports.XLSX_TYPE,
        )
    response = StreamingHttpResponse(exports.csv_lines(rows), content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(stem, "csv")}"'
    return response


@permission_required("communities.view_community", raise_exception=True)
def export_communities(request):
    """The communities of the list page's filters; ?format=xlsx, ?hxl=1 for the HXL row."""
    queryset = selectors.community_list(**_filters(request))
    return _export(
        request, "communities", exports.community_rows(queryset, hxl=request.GET.get("hxl") == "1")
    )


@permission_required(
    ["communities.view_community", "communities.view_service"], raise_exception=True
)
def export_services(request):
    """The services of the communities of the list page's filters."""
    queryset = exports.service_export_list(**_filters(request))
    return _export(
        request, "services", exports.service_rows(queryset, hxl=request.GET.get("hxl") == "1")
    )
