"""What the community and service imports share: reading the file, reading cells,
validating a row, and the write."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.audit import audit_diff, audit_record, audit_record_many, audit_snapshot
from accounts.models import AuditEvent, User
from communities.hooks import communities_changed
from communities.services.imports.columns import Column, codes
from config.tabular import MAX_FILE_BYTES, RowError, TableError, read_table

MAX_ROWS = 20_000
BATCH_SIZE = 1000
_SIX_PLACES = Decimal("0.000001")  # Community.latitude/longitude: decimal_places=6

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "ImportResult", "RowError"]


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class FileError(Exception):
    """The file is refused as a whole; ``errors`` says why (the header's, on row 1)."""

    def __init__(self, *errors: RowError) -> None:
        self.errors = list(errors)


class CellError(Exception):
    pass


# --- reading the file ---


def read_rows(
    file: IO[bytes], filename: str, columns: list[Column]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The columns present and (row number, {column: text}) for each non-blank row. An HXL
    hashtag row under the header (as the exports write) is skipped and counted."""
    try:
        table = read_table(
            file,
            filename,
            max_rows=MAX_ROWS,
            max_bytes=MAX_FILE_BYTES,
            skip_hxl=True,
            unescape_formulas=True,  # communities.exports escapes them
        )
        _check_header(table.header, columns)
        rows = table.records()
    except TableError as error:
        raise FileError(RowError(None, "", str(error))) from error
    if not rows:
        raise FileError(RowError(None, "", gettext("The file has a header but no rows to import.")))
    return table.columns, rows


def _check_header(header: list[str], columns: list[Column]) -> None:
    known = [c.name for c in columns]
    problems = [
        RowError(1, c.name, gettext("The column “%(name)s” is missing.") % {"name": c.name})
        for c in columns
        if c.required and c.name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name and name not in known:
            problems.append(
                RowError(
                    1, name, gettext("“%(name)s” is not a column of the template.") % {"name": name}
                )
            )
        elif name in seen:
            problems.append(
                RowError(1, name, gettext("The column “%(name)s” appears twice.") % {"name": name})
            )
        seen.add(name)
    if problems:
        raise FileError(*problems)


# --- reading cells ---


def choice(text: str, choices, message: str) -> str:
    """A code of ``choices`` from its code or its label (English, or the language of the
    request), whatever the capitalisation. ``message`` is the refusal, with %(text)s and
    %(codes)s."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        with translation.override("en"):
            english = str(label).lower()
        if wanted in {value, english, str(label).lower()}:
            return value
    raise CellError(message % {"text": text, "codes": codes(choices)})


def decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise CellError(gettext("“%(text)s” is not a number.") % {"text": text}) from error
    if not value.is_finite():
        raise CellError(gettext("“%(text)s” is not a number.") % {"text": text})
    # GPS readings carry more decimals than the 6 kept (about 0.1 m): round, do not refuse.
    try:
        return value.quantize(_SIX_PLACES)
    except InvalidOperation as error:  # more digits than any coordinate or count has
        raise CellError(gettext("“%(text)s” is too large a number.") % {"text": text}) from error


def whole_number(text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise CellError(gettext("“%(text)s” is not a whole number.") % {"text": text}) from error


def parse(
    number: int, values: dict[str, str], parsers: dict[str, Callable], errors: list[RowError]
) -> tuple[dict[str, Any], set[str]]:
    """The parsed value of every column present; the columns that could not be read."""
    parsed, bad = {}, set()
    for name, parser in parsers.items():
        if name in values:
            try:
                parsed[name] = parser(values[name])
            except CellError as error:
                errors.append(RowError(number, name, str(error)))
                bad.add(name)
    return parsed, bad


def validate(
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


def place_key(country: str, admin1: str, admin2: str, name: str) -> tuple[str, ...]:
    # Matches the database's Lower() constraint (community_unique_place).
    return (country.upper(), admin1.lower(), admin2.lower(), name.lower())


def sorted_errors(errors: list[RowError], columns: list[Column]) -> list[RowError]:
    """By row, then in the order of the template's columns (the whole row's last)."""
    names = [c.name for c in columns]
    return sorted(
        errors,
        key=lambda e: (e.row or 0, names.index(e.field) if e.field in names else len(names)),
    )


# --- the write ---


@dataclass
class Plan:
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


def write(
    plan: Plan, model: type[models.Model], fields: list[str], *, actor: User, filename: str
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
                    gettext(
                        "The database refused the file (a community or service was recorded "
                        "meanwhile); nothing was saved. Upload it again."
                    ),
                )
            ]
        )
    # New or changed communities and services are evidence for the suitability scores.
    communities_changed(
        getattr(instance, "community_id", None) or instance.pk
        for instance in [*plan.new, *(i for i, _ in plan.changed)]
    )
    return ImportResult(created=len(plan.new), updated=len(plan.changed), unchanged=plan.unchanged)
