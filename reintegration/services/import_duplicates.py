"""Likely duplicates of the rows of a returnee import, a chunk at a time: the rule of
find_possible_duplicates (same normalised name, birth year and community, or same phone),
set-based: one query per chunk for the registry and the file's earlier rows."""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext

from config.tabular import RowError
from reintegration.models import Returnee


class _DuplicateIndex:
    """Same normalised name, birth year and community, or same phone; an estimated age
    matches a birth year give or take one, as in find_possible_duplicates."""

    def __init__(self) -> None:
        self.by_name: dict[tuple, list[tuple[str, datetime.date | None, int | None]]] = defaultdict(
            list
        )
        self.by_phone: dict[str, str] = {}

    def add(self, label: str, name, community_id, date_of_birth, estimated_age, phone) -> None:
        self.by_name[(name, community_id)].append((label, date_of_birth, estimated_age))
        if phone:
            self.by_phone.setdefault(phone, label)

    def match(self, returnee: Returnee) -> tuple[str, str] | None:
        year = returnee.birth_year
        this_year = datetime.date.today().year
        for label, born, age in self.by_name.get(
            (returnee.name_normalized, returnee.community_id), []
        ):
            if (
                year is None
                or (born is not None and born.year == year)
                or (born is None and age is not None and abs(this_year - age - year) <= 1)
            ):
                return label, gettext("same name, birth year and community")
        if returnee.phone and returnee.phone in self.by_phone:
            return self.by_phone[returnee.phone], gettext("same phone number")
        return None


# The rows of this file already written, by their row number, so a later chunk can say
# "row N of this file" without the import keeping every row in memory. A temporary table,
# created and dropped inside the import's transaction (rolled back with it).
_FILE_ROWS = "reintegration_import_rows"


def check_duplicates_in_chunk(rows: list, organization_id: int, errors: list[RowError]) -> None:
    """The chunk's rows (``number``, unsaved ``returnee``) against the registry and the
    file's earlier rows: one query; each likely duplicate is appended to ``errors``."""
    names = {row.returnee.name_normalized for row in rows}
    phones = {row.returnee.phone for row in rows} - {""}
    candidates = (
        Returnee.objects.filter(organization_id=organization_id)
        .filter(Q(name_normalized__in=names) | Q(phone__in=phones))
        .annotate(
            file_row=RawSQL(  # noqa: S611 - constant names, no user input
                f"SELECT row_number FROM {_FILE_ROWS} "  # noqa: S608
                f"WHERE returnee_id = {Returnee._meta.db_table}.id",
                [],
            )
        )
        .order_by("file_row", "-return_date", "-id")
        .values_list(
            "reference",
            "file_row",
            "name_normalized",
            "community_id",
            "date_of_birth",
            "estimated_age",
            "phone",
        )
    )
    registry, in_file = _DuplicateIndex(), _DuplicateIndex()
    for reference, file_row, *rest in candidates:
        if file_row is None:
            registry.add(reference, *rest)
        else:
            in_file.add(str(file_row), *rest)
    for row in rows:
        r = row.returnee
        found = registry.match(r)
        where = (
            gettext("%(reference)s, already registered") % {"reference": found[0]} if found else ""
        )
        if not found:
            found = in_file.match(r)
            where = gettext("row %(row)s of this file") % {"row": found[0]} if found else ""
        if found:
            errors.append(
                RowError(
                    row.number,
                    "",
                    gettext("Likely duplicate of %(where)s (%(why)s).")
                    % {"where": where, "why": found[1]},
                )
            )
        in_file.add(
            str(row.number),
            r.name_normalized,
            r.community_id,
            r.date_of_birth,
            r.estimated_age,
            r.phone,
        )


def create_file_rows_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_FILE_ROWS} "
            "(returnee_id bigint PRIMARY KEY, row_number integer NOT NULL)"
        )


def drop_file_rows_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {_FILE_ROWS}")


def remember_file_rows(rows: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_FILE_ROWS} (returnee_id, row_number) VALUES "  # noqa: S608
            + ", ".join(["(%s, %s)"] * len(rows)),
            [value for row in rows for value in (row.returnee.pk, row.number)],
        )
