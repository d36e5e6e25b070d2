"""The service import: one service created or updated per row, in a registered community."""

from collections import defaultdict
from collections.abc import Callable
from typing import IO

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from accounts.audit import audit_snapshot
from accounts.models import User
from communities.models import Community, Service, Stakeholder
from communities.services.imports.columns import (
    LIST_SEPARATOR,
    SERVICE_COLUMNS,
    SERVICE_PLACE_COLUMNS,
)
from communities.services.imports.common import (
    CellError,
    FileError,
    ImportResult,
    Plan,
    RowError,
    choice,
    parse,
    place_key,
    read_rows,
    sorted_errors,
    validate,
    write,
)


def _barriers(text: str) -> list[str]:
    codes: list[str] = []
    for part in text.split(LIST_SEPARATOR):
        if part.strip():
            code = choice(
                part,
                Service.Barrier,
                gettext("“%(text)s” is not a barrier; use one of: %(codes)s."),
            )
            if code not in codes:
                codes.append(code)
    return codes


_PARSERS: dict[str, Callable] = {
    "name": str,
    "sector": lambda t: choice(
        t, Service.Sector, gettext("“%(text)s” is not a sector; use one of: %(codes)s.")
    ),
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
            place_key(community.country, community.admin1, community.admin2, community.name)
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
        if not found and country:
            raise CellError(
                gettext("No community has the P-code %(pcode)s in %(country)s.")
                % {"pcode": pcode, "country": country.upper()}
            )
        if not found:
            raise CellError(gettext("No community has the P-code %(pcode)s.") % {"pcode": pcode})
        if len(found) > 1:
            raise CellError(
                gettext("The P-code %(pcode)s is used in several countries: give the country.")
                % {"pcode": pcode}
            )
        return found[0]
    place = [values.get(f"community_{part}", "") for part in ("admin1", "admin2", "name")]
    if not (country and place[0] and place[2]):
        raise CellError(
            gettext(
                "Give the community's P-code, or its country, admin1, admin2 (if any) and name."
            )
        )
    community = index["place"].get(place_key(country, *place))
    if community is None:
        raise CellError(
            gettext("No community %(name)s is registered in %(where)s.")
            % {"name": place[2], "where": ", ".join(place[:2])}
        )
    return community


def _service_row(number, values, *, index, seen, errors) -> tuple[Service | None, dict | None]:
    parsed, bad = parse(number, values, _PARSERS, errors)
    try:
        community = _service_community(values, index)
    except CellError as error:
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
                    gettext(
                        "%(community)s has no stakeholder named “%(provider)s”: "
                        "record it first, or leave the provider empty."
                    )
                    % {"community": community.name, "provider": values["provider"]},
                )
            )
            bad.add("provider")
    key = (community.pk, parsed.get("name", "").lower(), parsed.get("sector"))
    if key in seen:
        errors.append(
            RowError(
                number, "", gettext("The same service is on row %(row)s.") % {"row": seen[key]}
            )
        )
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
    validate(
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
        present, rows = read_rows(file, filename, SERVICE_COLUMNS)
    except FileError as error:
        return ImportResult(error.errors)
    if "community_pcode" not in present and not set(SERVICE_PLACE_COLUMNS) <= set(present):
        return ImportResult(
            [
                RowError(
                    1,
                    "community_pcode",
                    gettext(
                        "The column “community_pcode” is missing (or give community_country, "
                        "community_admin1, community_admin2 and community_name)."
                    ),
                )
            ]
        )
    index = _service_index(rows)
    errors: list[RowError] = []
    seen: dict = {}
    plan = Plan()
    for number, values in rows:
        service, before = _service_row(number, values, index=index, seen=seen, errors=errors)
        if service is not None:
            plan.add(service, before)
    if errors:
        return ImportResult(sorted_errors(errors, SERVICE_COLUMNS))
    fields = [n for n in _PARSERS if n in present]
    fields += ["provider"] if "provider" in present else []
    return write(plan, Service, fields, actor=actor, filename=filename)
