"""Every dashboard table downloads as CSV or XLSX, in the columns the page shows.

CSV goes through ``communities.exports.csv_lines`` (a byte-order mark for Excel, and a cell
starting with = + - @ gets a leading apostrophe so no spreadsheet runs it as a formula);
XLSX through ``config.tabular.xlsx_file`` (a text starting with "=" is written as text).
"""

import datetime

from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise

from communities.exports import CSV_TYPE, XLSX_TYPE, csv_lines
from config.tabular import xlsx_file
from dashboards.tables import DataTable

FORMATS = ("csv", "xlsx")


def table_rows(table: DataTable) -> list[list]:
    """The header and rows, translated labels made plain strings (openpyxl writes only
    str, numbers and dates)."""
    return [
        [str(value) if isinstance(value, Promise) else value for value in row]
        for row in [table.header, *table.rows]
    ]


def table_response(table: DataTable, *, fmt: str, stem: str) -> HttpResponse:
    name = f"{stem}-{table.key.replace('_', '-')}-{datetime.date.today():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        # A sheet title has at most 31 characters.
        return FileResponse(
            xlsx_file({table.key[:31]: table_rows(table)}),
            as_attachment=True,
            filename=name,
            content_type=XLSX_TYPE,
        )
    response = HttpResponse("".join(csv_lines(table_rows(table))), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
