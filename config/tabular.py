"""Reading and writing the CSV and XLSX tables of the imports and exports.

One reader serves every import (communities, services, returnees): it refuses what cannot
be read as a table with a ``TableError`` saying why, and numbers each row as the spreadsheet
numbers it (the header is row 1), blank rows and a skipped HXL row included, so a report can
point at a row. Checking the header against a template is the importer's business.

Layer 0 (DESIGN.md): this module imports no app.
"""

import csv
import datetime
import io
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 2**20
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); the
# exports put a leading apostrophe before it, which makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... but a phone number such as +224 620 ... is left alone.
_NUMBER_LIKE = re.compile(r"[+-]?[\d .()/-]*")


def safe_text(value: Any) -> Any:
    """``value`` as an export writes it: a text a spreadsheet would run as a formula gets a
    leading apostrophe (``cell_text(..., unescape_formulas=True)`` takes it off again)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _NUMBER_LIKE.fullmatch(value)
    ):
        return "'" + value
    return value


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as the spreadsheet numbers it (the header is row 1), or None for
    the file as a whole; ``field`` is the column, or "" for the whole row."""

    row: int | None
    field: str
    message: str


class TableError(Exception):
    """The file as a whole cannot be read as a table; the message says why, to its uploader."""


def cell_text(value: Any, *, unescape_formulas: bool = False) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole floats without ".0", spaces stripped.

    With ``unescape_formulas``, the apostrophe an export put before a formula-like text is
    taken off again, so an exported file imports back exactly."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if unescape_formulas and text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_START:
        return text[1:]
    return text


@dataclass
class Table:
    """A file read as text: ``header`` lower-cased (a column without a name is ""), and the
    rows under it (and under the HXL row, if skipped), the first numbered ``first_row``."""

    header: list[str]
    rows: list[list[str]]
    first_row: int
    max_rows: int

    @property
    def columns(self) -> list[str]:
        """The named columns, in file order."""
        return [name for name in self.header if name]

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """(spreadsheet row number, {column: text}) for each non-blank row."""
        records: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(self.rows, start=self.first_row):
            if not any(values):
                continue
            if len(records) == self.max_rows:
                raise TableError(
                    _("The file has more than %(count)s rows; split it.")
                    % {"count": number_format(self.max_rows, force_grouping=True)}
                )
            records.append((number, {h: v for h, v in zip(self.header, values, strict=False) if h}))
        return records


def read_table(
    file: IO[bytes],
    filename: str,
    *,
    max_rows: int,
    max_bytes: int = MAX_FILE_BYTES,
    skip_hxl: bool = False,
    unescape_formulas: bool = False,
) -> Table:
    """The .csv or .xlsx ``file`` (by the ending of ``filename``) as a ``Table``.

    A CSV file is UTF-8, with or without a byte-order mark, separated by commas, semicolons
    or tabs (whichever the header uses most); an XLSX file is read from its first sheet. With
    ``skip_hxl``, an HXL hashtag row under the header (hxlstandard.org) is skipped."""
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TableError(
            _("The file is larger than %(size)s MB; split it.") % {"size": max_bytes // 2**20}
        )
    name = filename.lower()
    if name.endswith(".csv"):
        rows = [[cell_text(v, unescape_formulas=unescape_formulas) for v in r] for r in _csv(data)]
    elif name.endswith(".xlsx"):
        rows = _xlsx(data, max_rows=max_rows, unescape_formulas=unescape_formulas)
    else:
        raise TableError(_("Upload a .csv or .xlsx file made from the template."))
    if not rows or not any(rows[0]):
        raise TableError(_("The file is empty: the first row must be the header of the template."))
    header = [h.lower() for h in rows[0]]
    while header and not header[-1]:
        header.pop()  # XLSX sheets often carry empty trailing columns
    start = 2
    if skip_hxl and len(rows) > 1 and _is_hxl_row(rows[1]):
        start = 3
    return Table(header=header, rows=rows[start - 1 :], first_row=start, max_rows=max_rows)


@dataclass
class TableStream:
    """A file read row by row: like ``Table``, but ``records()`` can be iterated once and
    holds one row at a time, so memory does not grow with the file."""

    header: list[str]
    rows: Iterator[list[str]]
    first_row: int
    max_rows: int

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(spreadsheet row number, {column: text}) for each non-blank row."""
        count = 0
        for number, values in enumerate(self.rows, start=self.first_row):
            if not any(values):
                continue
            count += 1
            if count > self.max_rows:
                raise TableError(
                    _("The file has more than %(count)s rows; split it.")
                    % {"count": number_format(self.max_rows, force_grouping=True)}
                )
            yield number, {h: v for h, v in zip(self.header, values, strict=False) if h}


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)  # Django's UploadedFile knows it
    if size is None:
        position = file.seek(0, io.SEEK_END)
        file.seek(0)
        size = position
    return size


@contextmanager
def open_table(
    file: IO[bytes],
    filename: str,
    *,
    max_rows: int,
    max_bytes: int = MAX_FILE_BYTES,
    skip_hxl: bool = False,
    unescape_formulas: bool = False,
) -> Iterator[TableStream]:
    """``read_table`` as a stream over a seekable ``file``: the rows are read as
    ``records()`` is iterated (a CSV through csv.reader, an XLSX through openpyxl's read-only
    mode), and a problem found on the way raises ``TableError`` then."""
    if _size(file) > max_bytes:
        raise TableError(
            _("The file is larger than %(size)s MB; split it.") % {"size": max_bytes // 2**20}
        )
    name = filename.lower()
    if name.endswith(".csv"):
        opened = _csv_stream(file, unescape_formulas=unescape_formulas)
    elif name.endswith(".xlsx"):
        opened = _xlsx_stream(file, unescape_formulas=unescape_formulas)
    else:
        raise TableError(_("Upload a .csv or .xlsx file made from the template."))
    with opened as rows:
        first = next(rows, None)
        if not first or not any(first):
            raise TableError(
                _("The file is empty: the first row must be the header of the template.")
            )
        header = [h.lower() for h in first]
        while header and not header[-1]:
            header.pop()  # XLSX sheets often carry empty trailing columns
        start = 2
        if skip_hxl:
            second = next(rows, None)
            if second is not None and _is_hxl_row(second):
                start = 3
            elif second is not None:
                rows = itertools.chain([second], rows)
        yield TableStream(header=header, rows=rows, first_row=start, max_rows=max_rows)


@contextmanager
def _csv_stream(file: IO[bytes], *, unescape_formulas: bool) -> Iterator[Iterator[list[str]]]:
    # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
    text = io.TextIOWrapper(getattr(file, "file", file), encoding="utf-8-sig", newline="")
    try:
        yield _csv_rows(text, unescape_formulas=unescape_formulas)
    finally:
        text.detach()  # the upload is the caller's to close


def _csv_rows(text: io.TextIOWrapper, *, unescape_formulas: bool) -> Iterator[list[str]]:
    line = 1
    try:
        first_line = text.readline()
        # Spreadsheets in many locales save CSV with semicolons; the header tells which it is.
        delimiter = max([",", ";", "\t"], key=first_line.count)
        reader = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
        for values in reader:
            line = reader.line_num
            yield [cell_text(v, unescape_formulas=unescape_formulas) for v in values]
    except UnicodeDecodeError as error:
        raise TableError(
            _("The CSV file is not UTF-8 encoded (after line %(line)s): save it as “CSV UTF-8”.")
            % {"line": line}
        ) from error
    except csv.Error as error:
        raise TableError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error


@contextmanager
def _xlsx_stream(file: IO[bytes], *, unescape_formulas: bool) -> Iterator[Iterator[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(getattr(file, "file", file), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise TableError(_("The file is not a readable XLSX workbook.")) from error
    try:
        yield _xlsx_rows(sheet, unescape_formulas=unescape_formulas)
    finally:
        workbook.close()


def _xlsx_rows(sheet, *, unescape_formulas: bool) -> Iterator[list[str]]:
    try:
        for values in sheet.iter_rows(values_only=True):
            row = [cell_text(v, unescape_formulas=unescape_formulas) for v in values]
            # Formatted but empty rows are kept (as []) so the numbering stays right.
            yield row if any(row) else []
    except Exception as error:
        raise TableError(_("The file is not a readable XLSX workbook.")) from error


def _csv(data: bytes) -> list[list[str]]:
    try:
        # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("The CSV file is not UTF-8 encoded (byte %(byte)s): save it as “CSV UTF-8”.")
            % {"byte": error.start}
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many locales save CSV with semicolons; the header tells which it is.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise TableError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from error


def _xlsx(data: bytes, *, max_rows: int, unescape_formulas: bool) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows: list[list[str]] = []
            filled = 0
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                row = [cell_text(v, unescape_formulas=unescape_formulas) for v in values]
                # Formatted but empty rows are kept (as []) so the numbering stays right.
                rows.append(row if any(row) else [])
                filled += any(row)
                if filled > max_rows + 2:
                    break  # header, HXL row and one too many: Table.records() refuses it
            return rows
        finally:
            workbook.close()
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise TableError(_("The file is not a readable XLSX workbook.")) from error


def _is_hxl_row(values: list[str]) -> bool:
    cells = [v for v in values if v]
    return bool(cells) and all(v.startswith("#") for v in cells)


def xlsx_file(sheets: dict[str, Iterable[list[Any]]]) -> IO[bytes]:
    """A workbook of ``sheets`` ({title: rows}) built in write-only mode, so memory stays
    flat, into a temporary file, rewound; the caller closes it (FileResponse does, once
    sent), which deletes it. A text starting with "=" stays text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, Promise):
                    # A translatable label (gettext_lazy), in the language of the request.
                    value = str(value)
                cell = WriteOnlyCell(sheet, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, see above
    workbook.save(file)
    file.seek(0)
    return file
