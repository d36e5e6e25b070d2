"""Exports of communities and services, and the import templates, in CSV and XLSX.

The columns are the import's (communities.services.imports), so an exported file imports
back unchanged; ``hxl=True`` adds the HXL hashtag row under the header, which partners'
tools read and the import skips. Rows come from ``.iterator(chunk_size=CHUNK_SIZE)``, so
memory stays flat however many communities there are: CSV is produced line by line for a
StreamingHttpResponse; XLSX (a zip archive, which cannot be streamed) is written by
openpyxl's write-only mode into a temporary file on disk.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from communities import selectors
from communities.models import Community, Service
from communities.services.imports import (
    COMMUNITY_COLUMNS,
    LIST_SEPARATOR,
    SERVICE_COLUMNS,
    Column,
)
from config.tabular import FORMULA_START

CHUNK_SIZE = 2000
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = {"communities": COMMUNITY_COLUMNS, "services": SERVICE_COLUMNS}

# What each service column is read from (the import's columns, in order).
_SERVICE_FIELDS = [
    "community__pcode",
    "community__country",
    "community__admin1",
    "community__admin2",
    "community__name",
    "name",
    "sector",
    "provider__name",
    "capacity",
    "cost",
    "barriers",
    "notes",
]


def _header(columns: list[Column], hxl: bool) -> Iterator[list[str]]:
    yield [c.name for c in columns]
    if hxl:
        yield [c.hxl for c in columns]


def community_rows(queryset: QuerySet[Community], *, hxl: bool = False) -> Iterator[list[Any]]:
    """The header (and HXL row), then one row per community in the import's columns."""
    yield from _header(COMMUNITY_COLUMNS, hxl)
    fields = [c.name for c in COMMUNITY_COLUMNS]
    # values_list leaves out community_list's profile annotations, which the file lacks.
    rows = queryset.order_by("country", "admin1", "admin2", "name", "pk").values_list(*fields)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield list(row)


def service_export_list(**filters: Any) -> QuerySet[Service]:
    """The services of the communities that selectors.community_list(**filters) returns.

    A selector kept here rather than in selectors.py (owned by the pages' work): the same
    filters as the community list page, through a subquery, in one query."""
    communities = selectors.community_list(**filters).values("pk")
    return selectors.service_list().filter(community__in=communities)


def service_rows(queryset: QuerySet[Service], *, hxl: bool = False) -> Iterator[list[Any]]:
    """The header (and HXL row), then one row per service, its community named by P-code
    and place (one query: the community and provider come joined)."""
    yield from _header(SERVICE_COLUMNS, hxl)
    rows = queryset.order_by(
        "community__country", "community__admin1", "community__name", "sector", "name", "pk"
    ).values_list(*_SERVICE_FIELDS)
    barriers = _SERVICE_FIELDS.index("barriers")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        values = list(row)
        values[barriers] = LIST_SEPARATOR.join(values[barriers] or [])
        yield values


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    # A spreadsheet runs a cell starting with = + - @ as a formula ("CSV injection"); a
    # leading apostrophe keeps it text, and the import takes it off again.
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV text, one line at a time, for a StreamingHttpResponse. It starts with a byte-order
    mark so that Excel reads accented place names as UTF-8 (the import accepts it)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])


def template_sheets(kind: str) -> dict[str, list[list[str]]]:
    """The import template: the header row, and an "Instructions" sheet for the XLSX."""
    columns = TEMPLATES[kind]
    # Read by people, so in their language; column names and hashtags stay machine names.
    guide = [
        [
            gettext("column"),
            gettext("required"),
            gettext("allowed values or how to fill it in"),
            gettext("HXL hashtag"),
        ]
    ]
    guide += [[c.name, gettext("yes") if c.required else "", str(c.help), c.hxl] for c in columns]
    if kind == "services":
        guide.append(
            [
                "",
                "",
                gettext(
                    "Name the community by community_pcode, or by community_country, "
                    "community_admin1, community_admin2 and community_name."
                ),
                "",
            ]
        )
    guide.append(
        ["", "", gettext("An optional column left out of the file keeps what is recorded."), ""]
    )
    return {kind: [[c.name for c in columns]], "Instructions": guide}


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{datetime.date.today():%Y-%m-%d}.{extension}"
