"""Communities by suitability band: each community's latest score against the Altai
criteria (handbook 3.2), "not scored" where it has none."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from assessments.models import CommunityScore
from assessments.selectors import scores_latest_only
from dashboards.sections.registry import Section
from dashboards.tables import BAND_COLOURS, Chart, Column, DataTable, Figure, SectionResult

NOT_SCORED = _("Not scored yet")


def build(scope) -> SectionResult:
    communities = scope.communities
    # 1: how many communities the filters cover.
    total = communities.count()
    # 2: their latest scores, counted by band.
    latest = scores_latest_only(
        CommunityScore.objects.filter(community__in=communities.values("pk")).order_by()
    )
    bands = dict(latest.values_list("band").annotate(n=Count("pk")).values_list("band", "n"))
    scored = sum(bands.values())
    rows = [[label, bands.get(value, 0)] for value, label in CommunityScore.Band.choices]
    rows.append([NOT_SCORED, total - scored])
    colours = tuple(BAND_COLOURS[value] for value in CommunityScore.Band.values) + ("#e9ecef",)
    table = DataTable(
        key="communities_by_band",
        title=_("Communities by suitability band (latest score)"),
        columns=[Column("band", _("Band")), Column("communities", _("Communities"), numeric=True)],
        rows=rows,
        chart=Chart("doughnut", "band", ("communities",), colours),
    )
    return SectionResult(
        key="suitability",
        title=_("Suitability of communities"),
        source=_("Handbook 3.2: the Altai criteria for community-based projects"),
        figures=[
            Figure("communities", _("Communities"), total),
            Figure(
                "favourable_communities",
                _("Favourable"),
                bands.get(CommunityScore.Band.FAVOURABLE, 0),
                help=_("Communities whose latest score is in the favourable band."),
            ),
            Figure("unscored_communities", _("Not scored yet"), total - scored),
        ],
        tables=[table],
    )


SECTION = Section(
    key="suitability",
    title=_("Suitability of communities"),
    tables=("communities_by_band",),
    queries=2,
    build=build,
)
