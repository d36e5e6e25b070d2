"""Importing returnees from a CSV or XLSX file: every row is checked, and a file with any
error is refused whole with a row-by-row report (issue "Import and export").

The file is streamed and handled ``CHUNK_SIZE`` rows at a time inside one transaction: each
chunk is checked with a fixed number of set-based queries (its communities, its likely
duplicates) and written in bulk, so memory does not grow with the file and a bad row in the
last chunk still rolls back the first. A file with errors is read to its end, so the report
lists every error, and then nothing is kept.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.audit import audit_record_many
from accounts.models import AuditEvent, User
from communities.hooks import communities_changed
from communities.models import Community, Sector
from config.tabular import RowError, TableError, open_table
from reintegration.import_format import COLUMN_NAMES, COLUMNS, LIST_SEPARATOR, check_header
from reintegration.models import Consent, Returnee, ReturneeNeed, ReturneeSkill
from reintegration.services.import_duplicates import (
    check_duplicates_in_chunk,
    create_file_rows_table,
    drop_file_rows_table,
    remember_file_rows,
)
from reintegration.services.returnees import _prepare, reserve_references

MAX_ROWS = 100_000
# 100,000 rows of the template with skills and needs fill about 30 MB.
MAX_FILE_BYTES = 64 * 2**20
# Rows checked and written together: one query per chunk for its communities, one for its
# likely duplicates, one INSERT per table.
CHUNK_SIZE = 2000
_TEXT = [
    "first_name",
    "last_name",
    "sex",
    "gender",
    "nationality",
    "phone",
    "return_kind",
    "education_level",
    "occupation_before",
    "occupation_abroad",
    "life_plans",
]
_LISTS = ["languages", "countries_lived", "vulnerabilities"]


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    count: int = 0  # returnees registered
    # How many of the errors are likely duplicates (importable once confirmed).
    duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _CellError(Exception):
    pass


# --- reading one row ---


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as error:
        raise _CellError(
            gettext("%(value)s is not a date written as YYYY-MM-DD.") % {"value": repr(text)}
        ) from error


def _int(text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise _CellError(
            gettext("%(value)s is not a whole number.") % {"value": repr(text)}
        ) from error


def _yes_no(text: str) -> bool | None:
    answer = text.lower()
    if answer in {"", "yes", "no", "y", "n", "true", "false"}:
        return None if not answer else answer in {"yes", "y", "true"}
    raise _CellError(
        gettext("%(value)s: write yes, no, or leave it empty.") % {"value": repr(text)}
    )


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _skills(text: str, sectors: dict[str, Sector]) -> list[ReturneeSkill]:
    skills, problems = [], []
    for part in _list(text):
        code, level, years = [*part.split(":"), "", ""][:3]
        sector = sectors.get(code.strip().upper())
        try:
            if sector is None:
                raise _CellError(
                    gettext("unknown sector code %(code)s.") % {"code": repr(code.strip())}
                )
            skill = ReturneeSkill(
                sector=sector, level=level.strip().lower(), years_experience=_int(years) or 0
            )
            skill.full_clean(exclude=["returnee", "sector"], validate_constraints=False)
            skills.append(skill)
        except (_CellError, ValidationError) as error:
            message = _flatten(error) if isinstance(error, ValidationError) else str(error)
            problems.append(f"{part!r}: {message}")
    if len({s.sector_id for s in skills}) != len(skills):
        problems.append(gettext("The same skill is listed twice."))
    if problems:
        raise _CellError(" ".join(problems))
    return skills


def _needs(text: str) -> list[ReturneeNeed]:
    needs, problems = [], []
    for part in _list(text):
        level, _, description = part.partition(":")
        need = ReturneeNeed(level=level.strip().lower(), description=description.strip())
        try:
            need.full_clean(exclude=["returnee"], validate_constraints=False)
            needs.append(need)
        except ValidationError as error:
            problems.append(f"{part!r}: {_flatten(error)}")
    if problems:
        raise _CellError(" ".join(problems))
    return needs


def _flatten(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return " ".join(error.messages)


@dataclass
class _Row:
    number: int
    returnee: Returnee
    skills: list[ReturneeSkill]
    needs: list[ReturneeNeed]
    consent_given_on: datetime.date | None


def _community(values: dict[str, str], communities: dict[str, list[Community]], by_id: dict):
    if values.get("community_pcode"):
        found = communities.get(values["community_pcode"], [])
        if len(found) > 1:
            countries = ", ".join(sorted(c.country for c in found))
            raise _CellError(
                gettext(
                    "P-code %(pcode)s is used in several countries (%(countries)s); "
                    "give community_id instead."
                )
                % {"pcode": repr(values["community_pcode"]), "countries": countries}
            )
        if not found:
            raise _CellError(
                gettext("No community has the P-code %(pcode)s.")
                % {"pcode": repr(values["community_pcode"])}
            )
        return found[0]
    if values.get("community_id"):
        community = by_id.get(values["community_id"])
        if community is None:
            raise _CellError(
                gettext("No community has the id %(id)s.") % {"id": repr(values["community_id"])}
            )
        return community
    raise _CellError(gettext("Give the community's P-code."))


def _build_row(number, values, *, actor, lookups, errors) -> _Row:
    """The row as unsaved objects; every problem found is appended to ``errors``."""
    kwargs: dict[str, Any] = {name: values.get(name, "") for name in _TEXT}
    kwargs.update({name: _list(values.get(name, "")) for name in _LISTS})
    parsed = {
        "date_of_birth": lambda t: _date(t),
        "return_date": lambda t: _date(t),
        "estimated_age": lambda t: _int(t),
        "months_abroad": lambda t: _int(t),
        "interested_in_collective_projects": lambda t: _yes_no(t),
        "community_pcode": lambda t: _community(values, *lookups["communities"]),
        "skills": lambda t: _skills(t, lookups["sectors"]),
        "needs": lambda t: _needs(t),
        "consent_given_on": lambda t: _date(t),
    }
    cells: dict[str, Any] = {}
    bad = set()
    for name, parse in parsed.items():
        try:
            cells[name] = parse(values.get(name, "").strip())
        except _CellError as error:
            errors.append(RowError(number, name, str(error)))
            bad.add(name)
    for name in ("sex", "gender", "return_kind", "education_level"):
        kwargs[name] = kwargs[name].lower()
    kwargs["vulnerabilities"] = [v.lower() for v in kwargs["vulnerabilities"]]
    returnee = Returnee(
        organization_id=actor.organization_id,
        case_manager=actor,
        registered_by=actor,
        community=cells.get("community_pcode"),
        **kwargs,
        **{
            k: cells.get(k)
            for k in ("date_of_birth", "return_date", "estimated_age", "months_abroad")
        },
        interested_in_collective_projects=cells.get("interested_in_collective_projects"),
    )
    _prepare(returnee)
    try:
        # The foreign keys are the importer, its organization and a community looked up
        # above, so their per-row existence queries are skipped; the check constraints are
        # the same rules as Returnee.clean() (and the database still enforces them).
        returnee.full_clean(
            exclude=["reference", "organization", "community", "case_manager", "registered_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else name
            if column not in bad:
                errors.append(RowError(number, column, " ".join(messages)))
    consent_on = cells.get("consent_given_on")
    if consent_on and consent_on > datetime.date.today():
        errors.append(
            RowError(number, "consent_given_on", gettext("Consent cannot be dated in the future."))
        )
    return _Row(number, returnee, cells.get("skills") or [], cells.get("needs") or [], consent_on)


# --- the service ---


def _communities(raw_rows: list[tuple[int, dict[str, str]]]) -> tuple[dict, dict]:
    """The chunk's communities, by P-code and by id: one query each, when used."""
    pcodes = {v.get("community_pcode", "").strip() for _, v in raw_rows} - {""}
    ids = {v.get("community_id", "").strip() for _, v in raw_rows} - {""}
    by_pcode: dict[str, list[Community]] = defaultdict(list)
    for community in Community.objects.filter(pcode__in=pcodes) if pcodes else []:
        by_pcode[community.pcode].append(community)
    by_id = {}
    numeric = {int(i) for i in ids if i.isdigit()}
    for community in Community.objects.filter(pk__in=numeric) if numeric else []:
        by_id[str(community.pk)] = community
    return by_pcode, by_id


def _chunks(records: Iterable, size: int) -> Iterator[list]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Refused(Exception):
    """Raised inside the transaction to roll it back; carries the report."""

    def __init__(self, errors: list[RowError], duplicates: int = 0):
        super().__init__()
        self.errors = errors
        self.duplicates = duplicates


def returnee_import(
    *,
    actor: User,
    file: IO[bytes],
    filename: str,
    confirm_not_duplicates: bool = False,
) -> ImportReport:
    """Register every row of the file as a returnee of the actor's organization, assigned
    to the actor, or nothing at all: the report lists every error found."""
    if not actor.organization_id:
        return ImportReport(
            [RowError(None, "", gettext("Your account belongs to no organization."))]
        )
    try:
        with transaction.atomic():
            count = _import(actor, file, filename, check_duplicates=not confirm_not_duplicates)
    except TableError as error:
        return ImportReport([RowError(None, "", str(error))])
    except _Refused as refused:
        return ImportReport(sorted(refused.errors, key=_error_order), duplicates=refused.duplicates)
    return ImportReport(count=count)


def _import(actor: User, file: IO[bytes], filename: str, *, check_duplicates: bool) -> int:
    """The rows, chunk by chunk, in the caller's transaction; raises _Refused on errors."""
    with open_table(file, filename, max_rows=MAX_ROWS, max_bytes=MAX_FILE_BYTES) as table:
        check_header(table.header)
        sectors = {s.code.upper(): s for s in Sector.objects.all()}
        if check_duplicates:
            create_file_rows_table()
        errors: list[RowError] = []
        count = duplicates = 0
        communities: set[int] = set()
        for raw_rows in _chunks(table.records(), CHUNK_SIZE):
            count += len(raw_rows)
            lookups = {"communities": _communities(raw_rows), "sectors": sectors}
            rows, valid = [], []
            for number, values in raw_rows:
                before = len(errors)
                rows.append(_build_row(number, values, actor=actor, lookups=lookups, errors=errors))
                if len(errors) == before:
                    valid.append(rows[-1])
            if check_duplicates:
                before = len(errors)
                check_duplicates_in_chunk(rows, actor.organization_id, errors)
                duplicates += len(errors) - before
            # Once the file is refused, rows are still written (to be rolled back) only so
            # that later rows can be told they duplicate them.
            if valid and (check_duplicates or not errors):
                _write(valid, actor=actor, filename=filename)
                communities.update(row.returnee.community_id for row in valid)
                if check_duplicates:
                    remember_file_rows(valid)
    if not count:
        raise _Refused([RowError(None, "", gettext("The file has no returnee rows."))])
    if errors:
        raise _Refused(errors, duplicates)
    if check_duplicates:
        drop_file_rows_table()
    # New returnees are evidence for their communities' suitability scores.
    communities_changed(communities)
    return count


def _error_order(error: RowError) -> tuple[int, int]:
    column = COLUMN_NAMES.index(error.field) if error.field in COLUMN_NAMES else len(COLUMNS)
    return error.row or 0, column


def _write(rows: list[_Row], *, actor: User, filename: str) -> None:
    """One chunk in bulk: references per return year (a block each, under the counter's
    lock), returnees, their items, consents, one audit event per returnee and consent."""
    by_year: dict[int, list[Returnee]] = defaultdict(list)
    for row in rows:
        by_year[row.returnee.return_date.year].append(row.returnee)
    for year, returnees in sorted(by_year.items()):
        for returnee, reference in zip(
            returnees, reserve_references(year, len(returnees)), strict=True
        ):
            returnee.reference = reference
    returnees = [row.returnee for row in rows]
    Returnee.objects.bulk_create(returnees, batch_size=CHUNK_SIZE)
    skills, needs, consents = [], [], []
    for row in rows:
        for item in (*row.skills, *row.needs):
            item.returnee = row.returnee
        skills.extend(row.skills)
        needs.extend(row.needs)
        if row.consent_given_on:
            consents.append(
                Consent(
                    returnee=row.returnee,
                    given_on=row.consent_given_on,
                    recorded_by=actor,
                    case_management=True,
                )
            )
    ReturneeSkill.objects.bulk_create(skills, batch_size=2 * CHUNK_SIZE)
    ReturneeNeed.objects.bulk_create(needs, batch_size=2 * CHUNK_SIZE)
    Consent.objects.bulk_create(consents, batch_size=CHUNK_SIZE)
    for instances in (returnees, consents):
        audit_record_many(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            instances=instances,
            note=filename,
            batch_size=CHUNK_SIZE,
        )
