"""The CSV export without sensitive columns, written by PostgreSQL (``COPY ... TO STDOUT``).

A programme manager's export (and any export where ``exports.shows_sensitive_columns`` is
false) needs no decryption and no per-row access check, so PostgreSQL can produce the CSV
itself, several times faster than formatting it in Python (benchmarks/export_returnees.py).
The file is the one the Python path writes, byte for byte: the same header, values, formula
escaping (``config.tabular.safe_text``, expressed in SQL below), quoting (an empty value is
written bare, never as ``""``) and ``\\r\\n`` line endings (COPY ends rows with ``\\n``; a
newline inside a quoted value is kept as it is, as Python's csv writer keeps it).

Streaming: copy_expert writes a whole statement into a file object before it returns, so the
returnees are copied ``CHUNK_SIZE`` at a time in primary-key order (keyset pagination: one
cheap query finds the chunk's last id, one COPY writes the chunk into a buffer, which is
sent), and memory does not grow with the registry. The chunks are read in one REPEATABLE
READ, READ ONLY transaction, so the file is one consistent snapshot, as the single
server-side cursor of the Python path is.
"""

import contextlib
import functools
import io
from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import QuerySet

from accounts.models import User
from communities.models import Community, Sector
from config.tabular import FORMULA_START
from reintegration.import_format import LIST_SEPARATOR
from reintegration.models import Consent, Returnee, ReturneeNeed, ReturneeSkill

CHUNK_SIZE = 5000

# Python's \d (config.tabular._NUMBER_LIKE) is any Unicode decimal digit (category Nd), not
# only 0-9: a phone typed in Arabic-Indic or Adlam digits is number-like too. PostgreSQL's
# [[:digit:]] depends on the database's locale, so the ranges are spelled out: each start
# below begins ten digits, and U+1D7CE-U+1D7FF are the mathematical digits (Unicode 14, the
# tables of Python 3.11; a test checks them against the running Python's \d).
_TEN_DIGITS_FROM = (
    *(0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6),
    *(0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0),
    *(0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0),
    *(0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0),
    *(0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50),
    *(0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0),
)
DIGIT_RANGES = tuple(sorted([(s, s + 9) for s in _TEN_DIGITS_FROM] + [(0x1D7CE, 0x1D7FF)]))


def _literal(text: str) -> str:
    """A constant of this module as an SQL string literal (E'' so tab and CR are escapes)."""
    escaped = text.replace("\\", "\\\\").replace("'", "''")
    return "E'" + escaped.replace("\t", "\\t").replace("\r", "\\r") + "'"


def _number_like_regex() -> str:
    """config.tabular._NUMBER_LIKE, ``[+-]?[\\d .()/-]*`` as a full match, for PostgreSQL."""
    digits = "".join(f"{chr(a)}-{chr(b)}" for a, b in DIGIT_RANGES)
    return f"^[+-]?[{digits} .()/-]*$"


def _safe(column: str) -> str:
    """config.tabular.safe_text of a text column, and NULL for "" so COPY writes it bare."""
    starts = ", ".join(_literal(c) for c in FORMULA_START)
    return (
        f"NULLIF(CASE WHEN left({column}, 1) IN ({starts}) "
        f"AND {column} !~ {_literal(_number_like_regex())} "
        f"THEN '''' || {column} ELSE {column} END, '')"
    )


def _day(column: str) -> str:
    # str(date) in Python; to_char does not depend on the session's DateStyle.
    return f"to_char({column}, 'YYYY-MM-DD')"


def _joined(column: str) -> str:
    """A JSON list as the Python path writes it: its items joined with ';', in order."""
    return (
        f"(SELECT string_agg(item, {_literal(LIST_SEPARATOR)} ORDER BY position) "  # noqa: S608
        f"FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof({column}) = 'array' "
        f"THEN {column} END) WITH ORDINALITY AS items(item, position))"
    )


@functools.cache
def select_sql() -> str:
    """The SELECT of the export's rows (exports.export_columns without sensitive ones), with
    ``{ids}`` where the SQL of the chunk's returnee ids goes and ``{range}`` where the
    chunk's id range goes: on its own, PostgreSQL hash-joins the ids to a scan of the whole
    table, chunk after chunk; with the range, it reads the chunk's rows by primary key.

    The inner query gathers the values (skills and needs as exports._items orders them); it
    ends with OFFSET 0 so PostgreSQL does not fold it into the outer one, which would copy
    each list's subquery into the three places _safe names its column."""
    sep = _literal(LIST_SEPARATOR)
    t = {
        model: model._meta.db_table
        for model in (Returnee, Community, User, Consent, ReturneeSkill, ReturneeNeed, Sector)
    }
    # Constants of this module and table names only: nothing a user typed.
    inner = f"""
        SELECT r.id, r.reference, r.status, u.username AS case_manager, r.first_name,
            r.last_name, r.sex, r.gender, r.date_of_birth, r.estimated_age, r.nationality,
            {_joined("r.languages")} AS languages, r.phone, c.pcode, r.return_date,
            {_joined("r.countries_lived")} AS countries_lived, r.months_abroad,
            r.return_kind, r.education_level, r.occupation_before, r.occupation_abroad,
            {_joined("r.vulnerabilities")} AS vulnerabilities,
            CASE r.interested_in_collective_projects WHEN true THEN 'yes' WHEN false THEN 'no'
                END AS interested,
            r.life_plans,
            (SELECT string_agg(s.code || ':' || k.level || ':' || k.years_experience, {sep}
                               ORDER BY s.code)
               FROM {t[ReturneeSkill]} k JOIN {t[Sector]} s ON s.id = k.sector_id
              WHERE k.returnee_id = r.id) AS skills,
            (SELECT string_agg(n.level || ':' || n.description, {sep} ORDER BY n.level, n.id)
               FROM {t[ReturneeNeed]} n WHERE n.returnee_id = r.id) AS needs,
            co.given_on, co.withdrawn_on
        FROM {t[Returnee]} r
        JOIN {t[Community]} c ON c.id = r.community_id
        LEFT JOIN {t[User]} u ON u.id = r.case_manager_id
        LEFT JOIN {t[Consent]} co ON co.returnee_id = r.id
        WHERE r.id IN ({{ids}}){{range}}
        OFFSET 0"""  # noqa: S608
    columns = [
        _safe("reference"),
        _safe("status"),
        _safe("case_manager"),
        _safe("first_name"),
        _safe("last_name"),
        _safe("sex"),
        _safe("gender"),
        _day("date_of_birth"),
        "estimated_age",
        _safe("nationality"),
        _safe("languages"),
        _safe("phone"),
        _safe("pcode"),
        _day("return_date"),
        _safe("countries_lived"),
        "months_abroad",
        _safe("return_kind"),
        _safe("education_level"),
        _safe("occupation_before"),
        _safe("occupation_abroad"),
        _safe("vulnerabilities"),
        "interested",
        _safe("life_plans"),
        _safe("skills"),
        _safe("needs"),
        _day("given_on"),
        _day("withdrawn_on"),
    ]
    return f"SELECT {', '.join(columns)} FROM ({inner}) e ORDER BY e.id"  # noqa: S608


def _crlf(data: bytes) -> bytes:
    """COPY's rows end with \\n, Python's csv writer's with \\r\\n. A \\n inside a value is
    inside quotes (COPY quotes any value holding one), and a quoted value's own quotes are
    doubled, so splitting at the quotes leaves the unquoted text at the even places: only
    there does \\n end a row."""
    if b'"' not in data:
        return data.replace(b"\n", b"\r\n")
    parts = data.split(b'"')
    parts[::2] = [part.replace(b"\n", b"\r\n") for part in parts[::2]]
    return b'"'.join(parts)


def copy_rows(queryset: QuerySet[Returnee]) -> Iterator[bytes]:
    """The queryset's returnees as CSV rows (no header), ``CHUNK_SIZE`` at a time."""
    connection = connections[queryset.db]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=queryset.db, savepoint=False):
        if outermost:  # else the caller's transaction (and its isolation) holds
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        ids = queryset.order_by("pk").values_list("pk", flat=True)
        last = None
        while True:
            rest = ids if last is None else ids.filter(pk__gt=last)
            # The chunk's last id: an index range of CHUNK_SIZE entries, no row built.
            bound = next(iter(rest[CHUNK_SIZE - 1 : CHUNK_SIZE]), None)
            chunk = rest if bound is None else rest.filter(pk__lte=bound)
            sql, params = chunk.order_by().query.sql_with_params()
            buffer = io.BytesIO()
            with connection.cursor() as cursor:
                # COPY takes no parameters: psycopg2 binds them into the text as execute does.
                ids_sql = cursor.mogrify(sql, params).decode()
                # The range first: the ids' SQL may hold any text a user searched for.
                select = (
                    select_sql().replace("{range}", _range(last, bound)).replace("{ids}", ids_sql)
                )
                copy = f"COPY ({select}) TO STDOUT (FORMAT csv)"
                with _logged(cursor, copy), connection.wrap_database_errors:
                    cursor.cursor.copy_expert(copy, buffer)
            if data := buffer.getvalue():
                yield _crlf(data)
            if bound is None:
                return
            last = bound


def _range(last: int | None, bound: int | None) -> str:
    """``AND`` the conditions on r.id of the chunk after ``last`` up to ``bound``."""
    conditions = []
    if last is not None:
        conditions.append(f" AND r.id > {int(last)}")
    if bound is not None:
        conditions.append(f" AND r.id <= {int(bound)}")
    return "".join(conditions)


def _logged(cursor, sql: str):
    """Lists the COPY among the queries (connection.queries, CaptureQueriesContext) as
    Django lists its own when it records them: it does not instrument copy_expert."""
    if hasattr(cursor, "debug_sql"):
        return cursor.debug_sql(sql)
    return contextlib.nullcontext()
