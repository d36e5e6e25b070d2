"""The map's data: communities with their latest band and arrivals in the last 12 months."""

import pycountry
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import CommunityScore
from assessments.providers import months_before
from dashboards.tables import BAND_COLOURS, Column, DataTable

RECENT_MONTHS = 12  # as the Altai criterion 1 counts returns


def map_data(scope) -> dict:
    """Two queries whatever the number of communities: the communities with their latest
    band, and the user's returnees' arrivals counted per community."""
    since = months_before(scope.today, RECENT_MONTHS)
    latest = CommunityScore.objects.filter(community=OuterRef("pk")).order_by("-computed_at", "-id")
    # 1: the communities of the filters, each with its latest band.
    communities = list(
        scope.communities.annotate(band=Subquery(latest.values("band")[:1]))
        .order_by("country", "admin1", "name", "pk")
        .values(
            "pk", "name", "country", "admin1", "admin2", "pcode", "latitude", "longitude", "band"
        )
    )
    # 2: arrivals in the window, per community, of the returnees the user may see.
    arrivals = dict(
        scope.returnees.filter(return_date__gte=since, return_date__lte=scope.today)
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    bands = dict(CommunityScore.Band.choices)
    url = reverse("dashboards:community", args=[0])  # reversed once, not per community
    points, rows = [], []
    for c in communities:
        count = arrivals.get(c["pk"], 0)
        band = c["band"] or ""
        rows.append(
            [
                c["name"],
                c["pcode"],
                c["country"],
                c["admin1"],
                c["admin2"],
                bands.get(band, _("Not scored yet")),
                count,
                c["latitude"],
                c["longitude"],
            ]
        )
        if c["latitude"] is None:
            continue
        points.append(
            {
                "id": c["pk"],
                "name": c["name"],
                "place": ", ".join(p for p in (c["admin2"], c["admin1"], c["country"]) if p),
                "pcode": c["pcode"],
                "lat": float(c["latitude"]),
                "lon": float(c["longitude"]),
                "band": band,
                "band_label": bands.get(band, _("Not scored yet")),
                "colour": BAND_COLOURS.get(band, BAND_COLOURS[""]),
                "arrivals": count,
                "url": url.replace("/0/", f"/{c['pk']}/"),
            }
        )
    table = DataTable(
        key="communities",
        title=_("Communities, band and arrivals in the last %(months)s months")
        % {"months": RECENT_MONTHS},
        columns=[
            Column("name", _("Community")),
            Column("pcode", _("P-code")),
            Column("country", _("Country (ISO 3166-1 alpha-3)")),
            Column("admin1", _("First administrative level")),
            Column("admin2", _("Second administrative level")),
            Column("band", _("Band")),
            Column(
                "arrivals",
                _("Arrivals since %(date)s") % {"date": f"{since:%Y-%m-%d}"},
                numeric=True,
            ),
            Column("latitude", _("Latitude"), numeric=True),
            Column("longitude", _("Longitude"), numeric=True),
        ],
        rows=rows,
    )
    return {
        "points": points,
        "table": table,
        "since": since,
        "without_location": len(communities) - len(points),
        "countries": sorted({_numeric(c["country"]) for c in communities} - {""}),
        "legend": [
            (bands.get(value, _("Not scored yet")), BAND_COLOURS[value])
            for value in [*CommunityScore.Band.values, ""]
        ],
    }


def _numeric(alpha3: str) -> str:
    """ISO 3166-1 numeric code, which the Natural Earth shapes of world-atlas are keyed by."""
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.numeric if country else ""
