"""The columns of the community and service templates, shared by the imports and exports."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Service

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: "str | Promise"  # read by people: translated lazily
    hxl: str  # the HXL hashtag of the column (hxlstandard.org), for exports


def codes(choices) -> str:
    return ", ".join(choices.values)


COMMUNITY_COLUMNS = [
    Column("name", True, _("Name of the community"), "#loc+name"),
    Column("country", True, _("ISO 3166-1 alpha-3 code, e.g. GIN"), "#country+code"),
    Column("admin1", True, _("First administrative level"), "#adm1+name"),
    Column("admin2", False, _("Second administrative level"), "#adm2+name"),
    Column("pcode", False, _("OCHA P-code, unique within the country"), "#loc+code"),
    Column("latitude", False, _("Decimal degrees, -90 to 90; give it with longitude"), "#geo+lat"),
    Column("longitude", False, _("Decimal degrees, -180 to 180"), "#geo+lon"),
    Column("population_estimate", False, _("Whole number"), "#population"),
    Column("area_type", True, codes(Community.AreaType), "#loc+type"),
    Column("notes", False, "", "#meta+notes"),
]
SERVICE_COLUMNS = [
    Column("community_pcode", False, _("P-code of the community"), "#loc+code"),
    Column("community_country", False, _("ISO alpha-3 code of the community"), "#country+code"),
    Column("community_admin1", False, _("Without a P-code: admin1 of the community"), "#adm1+name"),
    Column("community_admin2", False, _("Without a P-code: admin2 of the community"), "#adm2+name"),
    Column("community_name", False, _("Without a P-code: name of the community"), "#loc+name"),
    Column("name", True, _("Name of the service"), "#service+name"),
    Column("sector", True, codes(Service.Sector), "#sector+code"),
    Column("provider", False, _("Name of a stakeholder of the community"), "#org+provider"),
    Column("capacity", False, _("e.g. 40 patients a day"), "#capacity"),
    Column("cost", False, _("e.g. free, 5,000 GNF a visit"), "#value+cost"),
    Column(
        "barriers",
        False,
        format_lazy(
            _("Separated by {separator}: {codes}"),
            separator=LIST_SEPARATOR,
            codes=codes(Service.Barrier),
        ),
        "#access+barriers",
    ),
    Column("notes", False, "", "#meta+notes"),
]
# Without a P-code, a service names its community by these columns (admin2 may be empty).
SERVICE_PLACE_COLUMNS = ["community_country", "community_admin1", "community_name"]
