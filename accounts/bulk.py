"""Bulk loading for the large demo dataset (``seed_demo --size large``): PostgreSQL COPY with
ids reserved up front, so rows can point at each other before they are written, and a
plain-text progress report.

COPY rather than ``bulk_create``: it is several times faster, and it writes ``created_at``
as given, where ``bulk_create`` would stamp every row with the time of the run (the
dashboards need dates spread over years). The seeders build exactly the columns a service
would have written; the database still checks every constraint and trigger.
"""

import datetime
import io
import json
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models

CHUNK = 50_000  # rows per COPY statement: bounded memory, few round trips


def scaled(base: int, scale: float) -> int:
    """``base`` rows at ``scale``, never fewer than one: a tiny run keeps every kind of row."""
    return max(1, round(base * scale))


def reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of ``count`` consecutive primary keys taken from the table's sequence."""
    if count <= 0:
        return 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = format(value, "f")
    else:
        value = str(value)
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def copy_rows(
    model: type[models.Model] | str, columns: str | Sequence[str], rows: Iterable[Sequence]
) -> int:
    """COPY ``rows`` (tuples in ``columns`` order: field names, or column names for a table
    given by name, such as an auto-created many-to-many table) into the table of ``model``.
    ``columns`` may be one space-separated string."""
    if isinstance(columns, str):
        columns = columns.split()
    defaults: list = []
    if isinstance(model, str):
        table, names = model, list(columns)
    else:
        table = model._meta.db_table
        names = [model._meta.get_field(c).column for c in columns]
        # A field the seeder does not name gets its model default, as the ORM would give it
        # (Django sets no database defaults): a field added later (the user's language,
        # issue 11) must not turn a COPY into a NOT NULL violation.
        for field in model._meta.concrete_fields:
            if field.column in names or field.null or field.primary_key:
                continue
            if field.has_default() or field.empty_strings_allowed:
                names.append(field.column)
                defaults.append(field.get_default())
    quoted = ", ".join(f'"{n}"' for n in names)
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'
    total = 0
    buffer: list[str] = []

    def flush():
        with connection.cursor() as cursor:
            cursor.copy_expert(statement, io.StringIO("".join(buffer)))
        buffer.clear()

    for row in rows:
        buffer.append("\t".join(map(_text, (*row, *defaults))) + "\n")
        total += 1
        if len(buffer) >= CHUNK:
            flush()
    if buffer:
        flush()
    return total


def analyze(models_: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics, so the first benchmark or page does not plan on an empty
    table's estimates."""
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


class Progress:
    """Counts per stage with the elapsed time, one line each: ``[  12.3s] returnees 200,000``."""

    def __init__(self, stdout, started: float | None = None):
        self.stdout = stdout
        self.started = started if started is not None else time.monotonic()
        self.counts: dict[str, int] = {}

    def done(self, label: str, count: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + count
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"  [{elapsed:7.1f}s] {label:<36} {count:>10,}")
