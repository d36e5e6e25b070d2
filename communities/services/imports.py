"""Importing communities and their services from CSV or XLSX (issue "Import and export").

Every row is read, matched and validated with ``full_clean()`` first; a file with any error
is refused whole with a report naming each bad row (numbered as the spreadsheet numbers it,
the header being row 1) and column. A clean file is written in one transaction: new rows in
bulk, changed rows in bulk, unchanged rows not at all, so importing a file twice changes
nothing the second time. A community is matched on its P-code within its country, else on
its country, admin areas and name; a service on its community, name and sector.
"""

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.audit import audit_diff, audit_record, audit_record_many, audit_snapshot
from accounts.models import AuditEvent, User
from communities.models import Community, Service, Stakeholder

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
BATCH_SIZE = 1000
LIST_SEPARATOR = ";"
# A leading apostrophe is how the CSV export keeps a spreadsheet from running a cell as a
# formula (see communities.exports); the import takes it off again, so a round trip is exact.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIX_PLACES = Decimal("0.000001")  # Community.latitude/longitude: decimal_places=6


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    hxl: str  # the HXL hashtag of the column (hxlstandard.org), for exports


def _codes(choices) -> str:
    return ", ".join(choices.values)


COMMUNITY_COLUMNS = [
    Column("name", True, "Name of the community", "#loc+name"),
    Column("country", True, "ISO 3166-1 alpha-3 code, e.g. GIN", "#country+code"),
    Column("admin1", True, "First administrative level", "#adm1+name"),
    Column("admin2", False, "Second administrative level", "#adm2+name"),
    Column("pcode", False, "OCHA P-code, unique within the country", "#loc+code"),
    Column("latitude", False, "Decimal degrees, -90 to 90; give it with longitude", "#geo+lat"),
    Column("longitude", False, "Decimal degrees, -180 to 180", "#geo+lon"),
    Column("population_estimate", False, "Whole number", "#population"),
    Column("area_type", True, _codes(Community.AreaType), "#loc+type"),
    Column("notes", False, "", "#meta+notes"),
]
SERVICE_COLUMNS = [
    Column("community_pcode", False, "P-code of the community", "#loc+code"),
    Column("community_country", False, "ISO alpha-3 code of the community", "#country+code"),
    Column("community_admin1", False, "Without a P-code: admin1 of the community", "#adm1+name"),
    Column("community_admin2", False, "Without a P-code: admin2 of the community", "#adm2+name"),
    Column("community_name", False, "Without a P-code: name of the community", "#loc+name"),
    Column("name", True, "Name of the service", "#service+name"),
    Column("sector", True, _codes(Service.Sector), "#sector+code"),
    Column("provider", False, "Name of a stakeholder of the community", "#org+provider"),
    Column("capacity", False, "e.g. 40 patients a day", "#capacity"),
    Column("cost", False, "e.g. free, 5,000 GNF a visit", "#value+cost"),
    Column(
        "barriers",
        False,
        f"Separated by {LIST_SEPARATOR}: {_codes(Service.Barrier)}",
        "#access+barriers",
    ),
    Column("notes", False, "", "#meta+notes"),
]
# Without a P-code, a service names its community by these columns (admin2 may be empty).
SERVICE_PLACE_COLUMNS = ["community_country", "community_admin1", "community_name"]


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as the spreadsheet numbers it (the header is row 1), or None for
    the file as a whole; ``field`` is the column, or "" for the whole row."""

    row: int | None
    field: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileError(Exception):
    def __init__(self, *errors: RowError) -> None:
        self.errors = list(errors)


class _CellError(Exception):
    pass


# --- reading the file ---


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def _file_error(message: str) -> _FileError:
    return _FileError(RowError(None, "", message))


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            f"The CSV file is not UTF-8 encoded (byte {error.start}): save it as “CSV UTF-8”."
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many locales save CSV with semicolons; the header tells which it is.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _file_error(f"The CSV file cannot be read: {error}.") from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows: list[list[str]] = []
            filled = 0
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                row = [_cell_text(v) for v in values]
                # Formatted but empty rows are kept (as []) so the numbering stays right.
                rows.append(row if any(row) else [])
                filled += any(row)
                if filled > MAX_ROWS + 2:
                    break  # read_table reports the file as too long
            return rows
        finally:
            workbook.close()
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise _file_error("The file is not a readable XLSX workbook.") from error


def _is_hxl_row(values: list[str]) -> bool:
    cells = [v for v in values if v]
    return bool(cells) and all(v.startswith("#") for v in cells)


def read_table(
    file: IO[bytes], filename: str, columns: list[Column]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The columns present and (row number, {column: text}) for each non-blank row. An HXL
    hashtag row under the header (as the exports write) is skipped and counted."""
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB; split it.")
    name = filename.lower()
    if name.endswith(".csv"):
        rows = [[_cell_text(v) for v in values] for values in _csv_rows(data)]
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise _file_error("Upload a .csv or .xlsx file made from the template.")
    if not rows or not any(rows[0]):
        raise _file_error("The file is empty: the first row must be the header of the template.")
    header = [h.lower() for h in rows[0]]
    while header and not header[-1]:
        header.pop()  # XLSX sheets often carry empty trailing columns
    known = [c.name for c in columns]
    problems = [
        RowError(1, c.name, f"The column “{c.name}” is missing.")
        for c in columns
        if c.required and c.name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name and name not in known:
            problems.append(RowError(1, name, f"“{name}” is not a column of the template."))
        elif name in seen:
            problems.append(RowError(1, name, f"The column “{name}” appears twice."))
        seen.add(name)
    if problems:
        raise _FileError(*problems)
    start = 2
    if len(rows) > 1 and _is_hxl_row(rows[1]):
        start = 3
    table = []
    for number, values in enumerate(rows[start - 1 :], start=start):
        if not any(values):
            continue
        if len(table) == MAX_ROWS:
            raise _file_error(f"The file has more than {MAX_ROWS:,} rows; split it.")
        table.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
    if not table:
        raise _file_error("The file has a header but no rows to import.")
    return [h for h in header if h], table


# --- reading cells ---


def _choice(text: str, choices, what: str) -> str:
    """A code of ``choices`` from its code or its label, whatever the capitalisation."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in {value, label.lower()}:
            return value
    raise _CellError(f"“{text}” is not {what}; use one of: {_codes(choices)}.")


def _decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise _CellError(f"“{text}” is not a number.") from error
    if not value.is_finite():
        raise _CellError(f"“{text}” is not a number.")
    # GPS readings carry more decimals than the 6 kept (about 0.1 m): round, do not refuse.
    return value.quantize(_SIX_PLACES)


def _int(text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise _CellError(f"“{text}” is not a whole number.") from error


def _barriers(text: str) -> list[str]:
    codes: list[str] = []
    for part in text.split(LIST_SEPARATOR):
        if part.strip():
            code = _choice(part, Service.Barrier, "a barrier")
            if code not in codes:
                codes.append(code)
    return codes


def _parse(
    number: int, values: dict[str, str], parsers: dict[str, Callable], errors: list[RowError]
) -> tuple[dict[str, Any], set[str]]:
    """The parsed value of every column present; the columns that could not be read."""
    parsed, bad = {}, set()
    for name, parse in parsers.items():
        if name in values:
            try:
                parsed[name] = parse(values[name])
            except _CellError as error:
                errors.append(RowError(number, name, str(error)))
                bad.add(name)
    return parsed, bad


def _validate(
    number: int,
    instance: models.Model,
    errors: list[RowError],
    *,
    before: dict | None,
    skip: set[str],
    **options: Any,
) -> None:
    """``full_clean()``, each message put on its column; fields already reported are skipped.

    A row identical to its record is not validated again: it writes nothing, and
    Community.clean() queries the table twice per row, which made re-importing a large file
    quadratic. Only new and changed rows are checked (and the file's duplicates, always)."""
    if before is not None and audit_snapshot(instance) == before:
        return
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else name
            if column not in skip:
                errors.append(RowError(number, column, " ".join(messages)))


def _place_key(country: str, admin1: str, admin2: str, name: str) -> tuple[str, ...]:
    # Matches the database's Lower() constraint (community_unique_place).
    return (country.upper(), admin1.lower(), admin2.lower(), name.lower())


def _error_order(columns: list[Column]) -> Callable[[RowError], tuple[int, int]]:
    names = [c.name for c in columns]
    return lambda e: (e.row or 0, names.index(e.field) if e.field in names else len(names))


# --- the write, shared by both imports ---


@dataclass
class _Plan:
    new: list[models.Model] = field(default_factory=list)
    changed: list[tuple[models.Model, dict]] = field(default_factory=list)
    unchanged: int = 0

    def add(self, instance: models.Model, before: dict | None) -> None:
        if before is None:
            self.new.append(instance)
            return
        changes = audit_diff(before, audit_snapshot(instance))
        if changes:
            self.changed.append((instance, changes))
        else:
            self.unchanged += 1


def _write(
    plan: _Plan, model: type[models.Model], fields: list[str], *, actor: User, filename: str
) -> ImportResult:
    try:
        with transaction.atomic():
            model.objects.bulk_create(plan.new, batch_size=BATCH_SIZE)
            # bulk_update skips auto_now, so the time of the change is set here.
            now = timezone.now()
            changed = [instance for instance, _ in plan.changed]
            for instance in changed:
                instance.updated_at = now
            if changed:
                model.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=BATCH_SIZE)
            audit_record_many(
                actor=actor, action=AuditEvent.Action.IMPORT, instances=plan.new, note=filename
            )
            for instance, changes in plan.changed:
                audit_record(
                    actor=actor,
                    action=AuditEvent.Action.UPDATE,
                    instance=instance,
                    changes=changes,
                    note=filename,
                )
    except IntegrityError:
        # Someone recorded the same place or P-code while the file was being checked.
        return ImportResult(
            [
                RowError(
                    None,
                    "",
                    "The database refused the file (a community or service was recorded "
                    "meanwhile); nothing was saved. Upload it again.",
                )
            ]
        )
    return ImportResult(created=len(plan.new), updated=len(plan.changed), unchanged=plan.unchanged)


# --- communities ---

_COMMUNITY_PARSERS: dict[str, Callable] = {
    "name": str,
    "country": str.upper,
    "admin1": str,
    "admin2": str,
    "pcode": str,
    "latitude": _decimal,
    "longitude": _decimal,
    "population_estimate": _int,
    "area_type": lambda t: _choice(t, Community.AreaType, "an area type"),
    "notes": str,
}


def _community_row(number, values, *, index, seen, errors) -> tuple[Community, dict | None]:
    """The existing community the row updates, or a new one, with the row's values set."""
    parsed, bad = _parse(number, values, _COMMUNITY_PARSERS, errors)
    country, pcode = parsed.get("country", ""), parsed.get("pcode", "")
    place = _place_key(
        country, parsed.get("admin1", ""), parsed.get("admin2", ""), parsed.get("name", "")
    )
    community = index["pcode"].get((country, pcode)) if pcode else None
    if community is None:
        community = index["place"].get(place)
        if community is not None and pcode and community.pcode:
            errors.append(
                RowError(
                    number,
                    "pcode",
                    f"This place is already registered with the P-code {community.pcode}: "
                    "give that P-code, or correct the place.",
                )
            )
            bad |= {"pcode", "name"}  # clean() would report the place as taken, on name
            community = None
    keys = (
        ((country, pcode) if pcode else None, "pcode", "P-code"),
        (place if parsed.get("name") else None, "", "place"),
        (community.pk if community is not None else None, "", "community"),
    )
    for key, column, label in keys:
        first = seen.setdefault(key, number) if key is not None else number
        if first != number:
            # One report per row: a repeated P-code is also a repeated community.
            errors.append(RowError(number, column, f"The same {label} is on row {first}."))
            break
    before = audit_snapshot(community) if community is not None else None
    community = community or Community()
    for name, value in parsed.items():
        setattr(community, name, value)
    # Community.clean() carries the rules of every constraint (P-code and place unique,
    # ranges, both coordinates or neither) and names the field; the database enforces them
    # again on write, so the constraint queries are not run twice per row.
    _validate(number, community, errors, before=before, skip=bad, validate_constraints=False)
    return community, before


@transaction.atomic
def community_import(*, actor: User | None, file: IO[bytes], filename: str) -> ImportResult:
    """Create or update a community for each row of the file, or change nothing and report
    every error. Columns left out of the file are left as they are."""
    try:
        present, rows = read_table(file, filename, COMMUNITY_COLUMNS)
    except _FileError as error:
        return ImportResult(error.errors)
    countries = {v.get("country", "").strip().upper() for _, v in rows}
    index: dict[str, dict] = {"pcode": {}, "place": {}}
    for community in Community.objects.filter(country__in=countries):
        if community.pcode:
            index["pcode"][(community.country, community.pcode)] = community
        index["place"][
            _place_key(community.country, community.admin1, community.admin2, community.name)
        ] = community
    errors: list[RowError] = []
    seen: dict = {}
    plan = _Plan()
    for number, values in rows:
        plan.add(*_community_row(number, values, index=index, seen=seen, errors=errors))
    if errors:
        return ImportResult(sorted(errors, key=_error_order(COMMUNITY_COLUMNS)))
    return _write(plan, Community, present, actor=actor, filename=filename)


# --- services ---

_SERVICE_PARSERS: dict[str, Callable] = {
    "name": str,
    "sector": lambda t: _choice(t, Service.Sector, "a sector"),
    "capacity": str,
    "cost": str,
    "barriers": _barriers,
    "notes": str,
}


def _service_index(rows: list[tuple[int, dict[str, str]]]) -> dict[str, dict]:
    """The communities the rows may name, their stakeholders and services (four queries)."""
    pcodes = {v.get("community_pcode", "") for _, v in rows} - {""}
    countries = {v.get("community_country", "").upper() for _, v in rows} - {""}
    index: dict[str, dict] = {
        "pcode": defaultdict(list),
        "place": {},
        "stakeholder": {},
        "service": {},
    }
    communities = Community.objects.filter(Q(pcode__in=pcodes) | Q(country__in=countries))
    for community in communities:
        if community.pcode:
            index["pcode"][community.pcode].append(community)
        index["place"][
            _place_key(community.country, community.admin1, community.admin2, community.name)
        ] = community
    ids = {c.pk for c in index["place"].values()}
    for stakeholder in Stakeholder.objects.filter(community__in=ids):
        index["stakeholder"][(stakeholder.community_id, stakeholder.name.lower())] = stakeholder
    for service in Service.objects.filter(community__in=ids):
        index["service"][(service.community_id, service.name.lower(), service.sector)] = service
    return index


def _service_community(values: dict[str, str], index: dict[str, dict]) -> Community:
    pcode, country = values.get("community_pcode", ""), values.get("community_country", "")
    if pcode:
        found = index["pcode"].get(pcode, [])
        if country:
            found = [c for c in found if c.country == country.upper()]
        where = f" in {country.upper()}" if country else ""
        if not found:
            raise _CellError(f"No community has the P-code {pcode}{where}.")
        if len(found) > 1:
            raise _CellError(f"The P-code {pcode} is used in several countries: give the country.")
        return found[0]
    place = [values.get(f"community_{part}", "") for part in ("admin1", "admin2", "name")]
    if not (country and place[0] and place[2]):
        raise _CellError(
            "Give the community's P-code, or its country, admin1, admin2 (if any) and name."
        )
    community = index["place"].get(_place_key(country, *place))
    if community is None:
        raise _CellError(f"No community {place[2]} is registered in {', '.join(place[:2])}.")
    return community


def _service_row(number, values, *, index, seen, errors) -> tuple[Service | None, dict | None]:
    parsed, bad = _parse(number, values, _SERVICE_PARSERS, errors)
    try:
        community = _service_community(values, index)
    except _CellError as error:
        column = "community_pcode" if values.get("community_pcode") else "community_name"
        errors.append(RowError(number, column, str(error)))
        return None, None
    provider = None
    if values.get("provider"):
        provider = index["stakeholder"].get((community.pk, values["provider"].lower()))
        if provider is None:
            errors.append(
                RowError(
                    number,
                    "provider",
                    f"{community.name} has no stakeholder named “{values['provider']}”: "
                    "record it first, or leave the provider empty.",
                )
            )
            bad.add("provider")
    key = (community.pk, parsed.get("name", "").lower(), parsed.get("sector"))
    if key in seen:
        errors.append(RowError(number, "", f"The same service is on row {seen[key]}."))
    seen.setdefault(key, number)
    service = index["service"].get(key)
    before = audit_snapshot(service) if service is not None else None
    service = service or Service(community=community)
    if "provider" in values and "provider" not in bad:
        service.provider = provider
    for name, value in parsed.items():
        setattr(service, name, value)
    # The community and provider were looked up above, so their existence queries are
    # skipped; the one uniqueness rule is the match key, checked against file and database.
    _validate(
        number,
        service,
        errors,
        before=before,
        skip=bad,
        exclude=["community", "provider", "organization"],
        validate_constraints=False,
    )
    return service, before


@transaction.atomic
def service_import(*, actor: User | None, file: IO[bytes], filename: str) -> ImportResult:
    """Create or update a service for each row of the file, in communities already
    registered, or change nothing and report every error."""
    try:
        present, rows = read_table(file, filename, SERVICE_COLUMNS)
    except _FileError as error:
        return ImportResult(error.errors)
    if "community_pcode" not in present and not set(SERVICE_PLACE_COLUMNS) <= set(present):
        return ImportResult(
            [
                RowError(
                    1,
                    "community_pcode",
                    "The column “community_pcode” is missing (or give community_country, "
                    "community_admin1, community_admin2 and community_name).",
                )
            ]
        )
    index = _service_index(rows)
    errors: list[RowError] = []
    seen: dict = {}
    plan = _Plan()
    for number, values in rows:
        service, before = _service_row(number, values, index=index, seen=seen, errors=errors)
        if service is not None:
            plan.add(service, before)
    if errors:
        return ImportResult(sorted(errors, key=_error_order(SERVICE_COLUMNS)))
    fields = [n for n in _SERVICE_PARSERS if n in present]
    fields += ["provider"] if "provider" in present else []
    return _write(plan, Service, fields, actor=actor, filename=filename)
