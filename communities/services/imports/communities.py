"""The community import: one community created or updated per row."""

from collections.abc import Callable
from typing import IO

from django.db import transaction
from django.utils.translation import gettext

from accounts.audit import audit_snapshot
from accounts.models import User
from communities.models import Community
from communities.services.imports.columns import COMMUNITY_COLUMNS
from communities.services.imports.common import (
    FileError,
    ImportResult,
    Plan,
    RowError,
    choice,
    decimal,
    parse,
    place_key,
    read_rows,
    sorted_errors,
    validate,
    whole_number,
    write,
)

_PARSERS: dict[str, Callable] = {
    "name": str,
    "country": str.upper,
    "admin1": str,
    "admin2": str,
    "pcode": str,
    "latitude": decimal,
    "longitude": decimal,
    "population_estimate": whole_number,
    "area_type": lambda t: choice(
        t, Community.AreaType, gettext("“%(text)s” is not an area type; use one of: %(codes)s.")
    ),
    "notes": str,
}


def _community_row(number, values, *, index, seen, errors) -> tuple[Community, dict | None]:
    """The existing community the row updates, or a new one, with the row's values set."""
    parsed, bad = parse(number, values, _PARSERS, errors)
    country, pcode = parsed.get("country", ""), parsed.get("pcode", "")
    place = place_key(
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
                    gettext(
                        "This place is already registered with the P-code %(pcode)s: "
                        "give that P-code, or correct the place."
                    )
                    % {"pcode": community.pcode},
                )
            )
            bad |= {"pcode", "name"}  # clean() would report the place as taken, on name
            community = None
    keys = (
        (
            (country, pcode) if pcode else None,
            "pcode",
            gettext("The same P-code is on row %(row)s."),
        ),
        (place if parsed.get("name") else None, "", gettext("The same place is on row %(row)s.")),
        (
            community.pk if community is not None else None,
            "",
            gettext("The same community is on row %(row)s."),
        ),
    )
    for key, column, message in keys:
        first = seen.setdefault(key, number) if key is not None else number
        if first != number:
            # One report per row: a repeated P-code is also a repeated community.
            errors.append(RowError(number, column, message % {"row": first}))
            break
    before = audit_snapshot(community) if community is not None else None
    community = community or Community()
    for name, value in parsed.items():
        setattr(community, name, value)
    # Community.clean() carries the rules of every constraint (P-code and place unique,
    # ranges, both coordinates or neither) and names the field; the database enforces them
    # again on write, so the constraint queries are not run twice per row.
    validate(number, community, errors, before=before, skip=bad, validate_constraints=False)
    return community, before


@transaction.atomic
def community_import(*, actor: User | None, file: IO[bytes], filename: str) -> ImportResult:
    """Create or update a community for each row of the file, or change nothing and report
    every error. Columns left out of the file are left as they are."""
    try:
        present, rows = read_rows(file, filename, COMMUNITY_COLUMNS)
    except FileError as error:
        return ImportResult(error.errors)
    countries = {v.get("country", "").strip().upper() for _, v in rows}
    index: dict[str, dict] = {"pcode": {}, "place": {}}
    for community in Community.objects.filter(country__in=countries):
        if community.pcode:
            index["pcode"][(community.country, community.pcode)] = community
        index["place"][
            place_key(community.country, community.admin1, community.admin2, community.name)
        ] = community
    errors: list[RowError] = []
    seen: dict = {}
    plan = Plan()
    for number, values in rows:
        plan.add(*_community_row(number, values, index=index, seen=seen, errors=errors))
    if errors:
        return ImportResult(sorted_errors(errors, COMMUNITY_COLUMNS))
    return write(plan, Community, present, actor=actor, filename=filename)
