"""The returnee import file: its columns and how a CSV or XLSX file is read. Shared by
the import service and the template download in exports.py."""

import csv
import datetime
import io
from collections.abc import Iterator
from typing import IO, Any

from reintegration.models import Returnee, ReturneeNeed, SkillLevel

LIST_SEPARATOR = ";"


def _choices(choices) -> str:
    return ", ".join(value for value, _ in choices)


# The columns of the template, in order: (name, required, how to fill it in). The sensitive
# fields (Returnee.SENSITIVE_FIELDS) are deliberately absent: they are typed in the record by
# the assigned case manager, never carried around in a spreadsheet.
COLUMNS: list[tuple[str, bool, str]] = [
    ("first_name", True, "Given name(s)"),
    ("last_name", True, "Family name"),
    ("sex", True, _choices(Returnee._meta.get_field("sex").choices)),
    ("gender", False, _choices(Returnee.Gender.choices)),
    ("date_of_birth", False, "YYYY-MM-DD; give it or estimated_age"),
    ("estimated_age", False, "Whole years, when the date of birth is not known"),
    ("nationality", True, "ISO 3166-1 alpha-3 code, e.g. GIN"),
    ("languages", False, "Separated by ;, e.g. Pular;French"),
    ("phone", False, "e.g. +224 620 00 00 00"),
    ("community_pcode", True, "OCHA P-code of the community of return"),
    ("return_date", True, "YYYY-MM-DD"),
    ("countries_lived", False, "ISO alpha-3 codes separated by ;, e.g. LBY;NER"),
    ("months_abroad", False, "Whole months"),
    ("return_kind", True, _choices(Returnee.ReturnKind.choices)),
    ("education_level", False, _choices(Returnee.Education.choices)),
    ("occupation_before", False, "Occupation before migrating"),
    ("occupation_abroad", False, ""),
    ("vulnerabilities", False, "Separated by ;: " + _choices(Returnee.Vulnerability.choices)),
    ("interested_in_collective_projects", False, "yes, no or empty (not asked yet)"),
    ("life_plans", False, ""),
    (
        "skills",
        False,
        "SECTORCODE:level:years separated by ;, e.g. C-TAILORING:advanced:6; levels: "
        + _choices(SkillLevel.choices),
    ),
    (
        "needs",
        False,
        "level:description separated by ;, e.g. economic:Start-up capital; levels: "
        + _choices(ReturneeNeed.Level.choices),
    ),
    (
        "consent_given_on",
        False,
        "YYYY-MM-DD; records consent to registration and case management",
    ),
]
COLUMN_NAMES = [name for name, _, _ in COLUMNS]
REQUIRED = {name for name, required, _ in COLUMNS if required}
# Accepted but not in the template: a community by its id when it has no P-code.
OPTIONAL_COLUMNS = {"community_id"}


class ImportFileError(Exception):
    """The file as a whole cannot be read as the template."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(file: IO[bytes]) -> Iterator[list[str]]:
    # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The CSV file is not UTF-8 encoded; save it as “CSV UTF-8”."
        ) from error
    except csv.Error as error:
        raise ImportFileError(f"The CSV file cannot be read: {error}.") from error
    finally:
        text.detach()


def _xlsx_rows(file: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not XLSX
        raise ImportFileError("The file is not a readable XLSX workbook.") from error
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    finally:
        workbook.close()


def read_rows(file: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: text}) for each non-blank row after the header."""
    name = filename.lower()
    if name.endswith(".csv"):
        rows = _csv_rows(file)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(file)
    else:
        raise ImportFileError("Upload a .csv or .xlsx file made from the template.")
    header = [h.strip().lower() for h in next(rows, [])]
    while header and not header[-1]:
        header.pop()  # XLSX sheets often carry empty trailing columns
    missing = [c for c in REQUIRED if c not in header]
    if "community_id" in header:
        missing = [c for c in missing if c != "community_pcode"]
    unknown = [h for h in header if h and h not in COLUMN_NAMES and h not in OPTIONAL_COLUMNS]
    if not header:
        raise ImportFileError("The file is empty.")
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(sorted(missing))}")
    if unknown:
        problems.append(
            f"column(s) that cannot be imported: {', '.join(unknown)} "
            "(sensitive fields and case details are entered in the record, not imported)"
        )
    if problems:
        raise ImportFileError("The header row does not match the template: " + "; ".join(problems))
    for number, values in enumerate(rows, start=2):
        if not any(_cell_text(v) for v in values):
            continue
        yield number, {h: _cell_text(v) for h, v in zip(header, values, strict=False) if h}
