"""Exports of the registry and the import template, in CSV and XLSX.

CSV is streamed: rows are produced from a chunked iterator (``CHUNK_SIZE`` returnees and
their prefetched skills and needs at a time) and written to the response as they come, so
memory does not grow with the registry. XLSX cannot be streamed (a workbook is a zip
archive): openpyxl's write-only mode writes the rows to a temporary file on disk, which is
then sent with FileResponse; memory stays bounded, disk holds the file until it is sent.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from accounts.models import AccessLogEntry, Role, User
from config.tabular import safe_text, xlsx_file
from reintegration import access
from reintegration.import_format import COLUMN_NAMES, COLUMNS, LIST_SEPARATOR
from reintegration.models import Returnee, ReturneeSkill

CHUNK_SIZE = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CASE_COLUMNS = ["reference", "status", "case_manager"]
EXTRA_COLUMNS = ["consent_withdrawn_on"]


def can_export(user: User) -> bool:
    """Staff who read the registry; partners only ever get pseudonymised API records."""
    return user.has_perm("reintegration.view_returnee") and user.has_role(
        Role.ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER, Role.PROGRAMME_MANAGER
    )


def shows_sensitive_columns(user: User) -> bool:
    # Only these roles can ever see a sensitive field; per row, can_see_sensitive decides.
    return user.has_role(Role.ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER)


def export_columns(user: User) -> list[str]:
    columns = [*CASE_COLUMNS, *COLUMN_NAMES, *EXTRA_COLUMNS]
    if shows_sensitive_columns(user):
        columns += list(Returnee.SENSITIVE_FIELDS)
    return columns


def export_queryset(queryset: QuerySet[Returnee]) -> Iterator[Returnee]:
    """The returnees with everything a row needs, fetched ``CHUNK_SIZE`` at a time
    (Django runs the prefetches once per chunk)."""
    return (
        queryset.select_related("community", "case_manager", "consent")
        .prefetch_related(
            Prefetch("skills", queryset=ReturneeSkill.objects.select_related("sector")), "needs"
        )
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _consent(returnee: Returnee):
    try:
        return returnee.consent
    except Returnee.consent.RelatedObjectDoesNotExist:
        return None


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _row(returnee: Returnee, sensitive: bool | None) -> list:
    """One returnee in the import format, plus the case columns; ``sensitive`` is None when
    the columns are absent, False when they are present but must stay empty."""
    consent = _consent(returnee)
    row = [
        returnee.reference,
        returnee.status,
        returnee.case_manager.username if returnee.case_manager else "",
        returnee.first_name,
        returnee.last_name,
        returnee.sex,
        returnee.gender,
        returnee.date_of_birth,
        returnee.estimated_age,
        returnee.nationality,
        LIST_SEPARATOR.join(returnee.languages or []),
        returnee.phone,
        returnee.community.pcode,
        returnee.return_date,
        LIST_SEPARATOR.join(returnee.countries_lived or []),
        returnee.months_abroad,
        returnee.return_kind,
        returnee.education_level,
        returnee.occupation_before,
        returnee.occupation_abroad,
        LIST_SEPARATOR.join(returnee.vulnerabilities or []),
        _yes_no(returnee.interested_in_collective_projects),
        returnee.life_plans,
        LIST_SEPARATOR.join(
            f"{s.sector.code}:{s.level}:{s.years_experience}" for s in returnee.skills.all()
        ),
        LIST_SEPARATOR.join(f"{n.level}:{n.description}" for n in returnee.needs.all()),
        consent.given_on if consent else None,
        consent.withdrawn_on if consent else None,
    ]
    if sensitive is not None:
        row += [getattr(returnee, f) if sensitive else "" for f in Returnee.SENSITIVE_FIELDS]
    return row


def export_rows(user: User, queryset: QuerySet[Returnee]) -> Iterator[list]:
    """The header, then one row per returnee. Sensitive values are filled only where
    access.can_see_sensitive allows, and each such read is written to the access log."""
    yield export_columns(user)
    with_sensitive = shows_sensitive_columns(user)
    content_type = ContentType.objects.get_for_model(Returnee)
    shown: list[AccessLogEntry] = []
    for returnee in export_queryset(queryset):
        sensitive = None
        if with_sensitive:
            sensitive = access.can_see_sensitive(user, returnee)
        yield _row(returnee, sensitive)
        fields = [f for f in Returnee.SENSITIVE_FIELDS if getattr(returnee, f)]
        if sensitive and fields:
            # Built as accounts.audit.access_log_record does, written in bulk per chunk.
            shown.append(
                AccessLogEntry(
                    user=user,
                    user_repr=user.username,
                    content_type=content_type,
                    object_id=str(returnee.pk),
                    fields=sorted(fields),
                    purpose="export",
                )
            )
            if len(shown) >= CHUNK_SIZE:
                AccessLogEntry.objects.bulk_create(shown)
                shown = []
    if shown:
        AccessLogEntry.objects.bulk_create(shown)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_text(v) for v in row])


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{datetime.date.today():%Y-%m-%d}.{extension}"


def csv_response(rows: Iterable[list], stem: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(sheets: dict[str, Iterable[list]], stem: str) -> FileResponse:
    # FileResponse closes the temporary file (deleting it) once it is sent.
    return FileResponse(
        xlsx_file(sheets),
        as_attachment=True,
        filename=_filename(stem, "xlsx"),
        content_type=XLSX_TYPE,
    )


def export_response(user: User, queryset: QuerySet[Returnee], kind: str) -> HttpResponse:
    if kind == "xlsx":
        return xlsx_response({"returnees": export_rows(user, queryset)}, "returnees")
    return csv_response(export_rows(user, queryset), "returnees")


def template_response(kind: str) -> HttpResponse:
    """The import template: the header row; the XLSX adds a sheet explaining each column."""
    if kind == "xlsx":
        guide = [["column", "required", "how to fill it in"]] + [
            [name, "yes" if required else "", help_text] for name, required, help_text in COLUMNS
        ]
        return xlsx_response(
            {"returnees": [COLUMN_NAMES], "columns": guide}, "returnee-import-template"
        )
    response = HttpResponse(csv_lines([COLUMN_NAMES]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="returnee-import-template.csv"'
    return response
