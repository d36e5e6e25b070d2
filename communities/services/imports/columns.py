"""The columns of the community and service templates, shared by the imports and exports."""

from dataclasses import dataclass

from communities.models import Community, Service

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    hxl: str  # the HXL hashtag of the column (hxlstandard.org), for exports


def codes(choices) -> str:
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
    Column("area_type", True, codes(Community.AreaType), "#loc+type"),
    Column("notes", False, "", "#meta+notes"),
]
SERVICE_COLUMNS = [
    Column("community_pcode", False, "P-code of the community", "#loc+code"),
    Column("community_country", False, "ISO alpha-3 code of the community", "#country+code"),
    Column("community_admin1", False, "Without a P-code: admin1 of the community", "#adm1+name"),
    Column("community_admin2", False, "Without a P-code: admin2 of the community", "#adm2+name"),
    Column("community_name", False, "Without a P-code: name of the community", "#loc+name"),
    Column("name", True, "Name of the service", "#service+name"),
    Column("sector", True, codes(Service.Sector), "#sector+code"),
    Column("provider", False, "Name of a stakeholder of the community", "#org+provider"),
    Column("capacity", False, "e.g. 40 patients a day", "#capacity"),
    Column("cost", False, "e.g. free, 5,000 GNF a visit", "#value+cost"),
    Column(
        "barriers",
        False,
        f"Separated by {LIST_SEPARATOR}: {codes(Service.Barrier)}",
        "#access+barriers",
    ),
    Column("notes", False, "", "#meta+notes"),
]
# Without a P-code, a service names its community by these columns (admin2 may be empty).
SERVICE_PLACE_COLUMNS = ["community_country", "community_admin1", "community_name"]
