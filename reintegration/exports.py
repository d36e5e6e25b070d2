"""Exports of the registry and the import template, in CSV and XLSX.

CSV is streamed. Without sensitive columns (``shows_sensitive_columns``), PostgreSQL writes
the rows (``export_copy``: COPY in keyset chunks, the same bytes as below). With them, rows
are produced from a server-side cursor as plain values (``CHUNK_SIZE`` returnees at a time,
their skills and needs in one query each per chunk, no model instances), the sensitive ones
filled and logged per row, and written to the response as they come, so memory does not
grow with the registry. XLSX cannot be streamed (a workbook is a zip archive): openpyxl's
write-only mode writes the rows to a temporary file on disk, which is then sent with
FileResponse; memory stays bounded, disk holds the file until it is sent."""

import csv
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext

from accounts.models import AccessLogEntry, Role, User
from config.tabular import safe_text, xlsx_file
from reintegration import access, export_copy
from reintegration.import_format import COLUMN_NAMES, COLUMNS, LIST_SEPARATOR
from reintegration.models import Returnee, ReturneeNeed, ReturneeSkill

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


# The values a row needs, in the export's column order; the returnee's own pk first (for its
# skills and needs) and the fields can_see_sensitive reads last.
_VALUES = [
    "pk",
    "reference",
    "status",
    "case_manager__username",
    "first_name",
    "last_name",
    "sex",
    "gender",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "languages",
    "phone",
    "community__pcode",
    "return_date",
    "countries_lived",
    "months_abroad",
    "return_kind",
    "education_level",
    "occupation_before",
    "occupation_abroad",
    "vulnerabilities",
    "interested_in_collective_projects",
    "life_plans",
    "consent__given_on",
    "consent__withdrawn_on",
]
_ACCESS_VALUES = ["organization_id", "case_manager_id", "case_manager__supervisor_id"]
# Positions in _VALUES of the JSON lists written as "a;b" and of the yes/no column.
_LISTS = [_VALUES.index(name) for name in ("languages", "countries_lived", "vulnerabilities")]
_INTERESTED = _VALUES.index("interested_in_collective_projects")
_SKILLS_AT = _VALUES.index("life_plans") + 1


@dataclass(frozen=True)
class _AccessFacts:
    """What access.can_see_sensitive reads of a returnee, without building the model."""

    organization_id: int
    case_manager_id: int | None
    supervisor_id: int | None

    @property
    def case_manager(self):
        return self  # can_see_sensitive reads returnee.case_manager.supervisor_id


def export_chunks(queryset: QuerySet[Returnee], *, sensitive: bool) -> Iterator[list[tuple]]:
    """The returnees as value tuples (``_VALUES``, then with ``sensitive`` the access facts
    and the sensitive fields), ``CHUNK_SIZE`` at a time from a server-side cursor."""
    names = list(_VALUES)
    if sensitive:
        names += [*_ACCESS_VALUES, *Returnee.SENSITIVE_FIELDS]
    rows = queryset.order_by("pk").values_list(*names).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        yield chunk


def _items(chunk: list[tuple]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The chunk's skills and needs as the import writes them: one query each."""
    ids = [values[0] for values in chunk]
    skills: dict[int, list[str]] = defaultdict(list)
    for returnee_id, code, level, years in (
        ReturneeSkill.objects.filter(returnee_id__in=ids)
        .order_by("returnee_id", "sector__code")
        .values_list("returnee_id", "sector__code", "level", "years_experience")
    ):
        skills[returnee_id].append(f"{code}:{level}:{years}")
    needs: dict[int, list[str]] = defaultdict(list)
    for returnee_id, level, description in (
        ReturneeNeed.objects.filter(returnee_id__in=ids)
        .order_by("returnee_id", "level", "pk")
        .values_list("returnee_id", "level", "description")
    ):
        needs[returnee_id].append(f"{level}:{description}")
    return skills, needs


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _row(values: tuple, skills: list[str], needs: list[str]) -> list:
    """One returnee in the import format, plus the case columns (no sensitive ones)."""
    row = list(values[1 : len(_VALUES)])
    for index in _LISTS:
        row[index - 1] = LIST_SEPARATOR.join(row[index - 1] or [])
    row[_INTERESTED - 1] = _yes_no(row[_INTERESTED - 1])
    row[2] = row[2] or ""  # no case manager
    row[_SKILLS_AT - 1 : _SKILLS_AT - 1] = [
        LIST_SEPARATOR.join(skills),
        LIST_SEPARATOR.join(needs),
    ]
    return row


def export_rows(user: User, queryset: QuerySet[Returnee]) -> Iterator[list]:
    """The header, then one row per returnee. Sensitive values are filled only where
    access.can_see_sensitive allows, and each such read is written to the access log."""
    yield export_columns(user)
    with_sensitive = shows_sensitive_columns(user)
    content_type = ContentType.objects.get_for_model(Returnee)
    width = len(_VALUES)
    for chunk in export_chunks(queryset, sensitive=with_sensitive):
        skills, needs = _items(chunk)
        shown: list[AccessLogEntry] = []
        for values in chunk:
            row = _row(values, skills.get(values[0], []), needs.get(values[0], []))
            if with_sensitive:
                facts = _AccessFacts(*values[width : width + len(_ACCESS_VALUES)])
                secrets = values[width + len(_ACCESS_VALUES) :]
                visible = access.can_see_sensitive(user, facts)  # type: ignore[arg-type]
                row += list(secrets) if visible else [""] * len(secrets)
                fields = [f for f, v in zip(Returnee.SENSITIVE_FIELDS, secrets, strict=True) if v]
                if visible and fields:
                    # Built as accounts.audit.access_log_record does, written in bulk per chunk.
                    shown.append(
                        AccessLogEntry(
                            user=user,
                            user_repr=user.username,
                            content_type=content_type,
                            object_id=str(values[0]),
                            fields=sorted(fields),
                            purpose="export",
                        )
                    )
            yield row
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


def csv_response(lines: Iterable[str | bytes], stem: str) -> StreamingHttpResponse:
    """The CSV ``lines``, already written (csv_lines, or PostgreSQL's COPY), as a download."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
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


def _copied_csv(user: User, queryset: QuerySet[Returnee]) -> Iterator[str | bytes]:
    yield from csv_lines([export_columns(user)])
    yield from export_copy.copy_rows(queryset)


def export_response(user: User, queryset: QuerySet[Returnee], kind: str) -> HttpResponse:
    """XLSX, or CSV. Without sensitive columns (nothing to decrypt, no access to check or
    log per row) PostgreSQL writes the CSV rows itself (export_copy), the same bytes."""
    if kind == "xlsx":
        return xlsx_response({"returnees": export_rows(user, queryset)}, "returnees")
    if not shows_sensitive_columns(user) and connections[queryset.db].vendor == "postgresql":
        return csv_response(_copied_csv(user, queryset), "returnees")
    return csv_response(csv_lines(export_rows(user, queryset)), "returnees")


def template_response(kind: str) -> HttpResponse:
    """The import template: the header row; the XLSX adds a sheet explaining each column."""
    if kind == "xlsx":
        # The guide is read by people: its header and help are in their language; the
        # column names stay the machine names of the import format.
        guide = [[gettext("column"), gettext("required"), gettext("how to fill it in")]] + [
            [name, gettext("yes") if required else "", str(help_text)]
            for name, required, help_text in COLUMNS
        ]
        return xlsx_response(
            {"returnees": [COLUMN_NAMES], "columns": guide}, "returnee-import-template"
        )
    response = HttpResponse(csv_lines([COLUMN_NAMES]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="returnee-import-template.csv"'
    return response
