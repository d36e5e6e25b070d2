"""The sections of one community's dashboard: arrivals over time, suitability history with
the ratings of each Altai criterion, and the profile's indicators with their trend."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from assessments import selectors as assessment_selectors
from assessments.models import CommunityScore
from assessments.providers import months_before
from communities.models import CommunityProfile, ProfileEntry
from communities.selectors import IndicatorChange, profile_compare
from dashboards.periods import add_months, month_label, months_between
from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from reintegration.models import Returnee

ARRIVAL_MONTHS = 24  # the arrivals chart: two years, so a seasonal pattern shows
RECENT_MONTHS = 12  # "arrivals in the last 12 months", as the Altai criterion 1 counts


def build_arrivals(scope) -> SectionResult:
    today = scope.today
    first = add_months(today, 1 - ARRIVAL_MONTHS)
    recent = months_before(today, RECENT_MONTHS)
    # 1: arrivals per month over two years.
    monthly = dict(
        scope.returnees.filter(return_date__gte=first, return_date__lte=today)
        .annotate(month=TruncMonth("return_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    # 2: the stock.
    stock = scope.returnees.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status=Returnee.CaseStatus.CLOSED)),
        recent=Count("pk", filter=Q(return_date__gte=recent, return_date__lte=today)),
    )
    table = DataTable(
        key="arrivals_by_month",
        title=_("Arrivals per month, last %(months)s months") % {"months": ARRIVAL_MONTHS},
        columns=[Column("month", _("Month")), Column("arrivals", _("Arrivals"), numeric=True)],
        rows=[[month_label(m), monthly.get(m, 0)] for m in months_between(first, today)],
        chart=Chart("bar", "month", ("arrivals",), ("#0d6efd",)),
    )
    return SectionResult(
        key="arrivals",
        title=_("Arrivals"),
        source=_("Handbook 3.3: the geographic distribution of returnees upon return"),
        figures=[
            Figure(
                "arrivals_12_months",
                _("Arrivals in the last %(months)s months") % {"months": RECENT_MONTHS},
                stock["recent"],
                help=_("Since %(date)s.") % {"date": f"{recent:%Y-%m-%d}"},
            ),
            Figure("returnees", _("Returnees"), stock["total"]),
            Figure("open_cases", _("Open cases"), stock["open"]),
        ],
        tables=[table],
    )


SCORE_HISTORY_LIMIT = 60  # the newest scores shown; the API serves the whole history


def build_suitability(scope) -> SectionResult:
    community = scope.community
    # 1: the score history (the selector leaves out the criteria), the latest scores.
    history = list(
        assessment_selectors.score_history(community=community).order_by("-computed_at", "-id")[
            :SCORE_HISTORY_LIMIT
        ]
    )[::-1]
    # 2: the latest score, with its criteria.
    latest = assessment_selectors.latest_score(community=community)
    bands = dict(CommunityScore.Band.choices)
    history_table = DataTable(
        key="score_history",
        title=_("Suitability score over time"),
        columns=[
            Column("computed", _("Computed")),
            Column("score", _("Score (0-100)"), numeric=True),
            Column("coverage", _("Coverage %"), numeric=True),
            Column("band", _("Band")),
        ],
        rows=[
            [f"{s.computed_at:%Y-%m-%d %H:%M}", s.score, s.coverage, bands.get(s.band, s.band)]
            for s in history
        ],
        chart=Chart("line", "computed", ("score", "coverage"), ("#0d6efd", "#6c757d"), y_max=100),
    )
    criteria = latest.criteria if latest else []
    criteria_table = DataTable(
        key="criteria",
        title=_("Altai criteria in the latest score (0 not met to 3 fully met)"),
        columns=[
            Column("code", _("Criterion")),
            Column("text", _("Text")),
            Column("rating", _("Rating"), numeric=True),
            Column("source", _("Rated by")),
        ],
        rows=[[c["code"], c["text"], c["rating"], c.get("source", "")] for c in criteria],
        chart=Chart("bar", "code", ("rating",), ("#198754",), y_max=3),
        note=_("An empty rating is unknown: evidence is missing, never counted as zero."),
    )
    return SectionResult(
        key="suitability",
        title=_("Suitability for community-based projects"),
        source=_("Handbook 3.2: the Altai criteria"),
        figures=[
            Figure("band", _("Band"), bands.get(latest.band) if latest else None),
            Figure("score", _("Score"), latest.score if latest else None),
            Figure("coverage", _("Coverage"), latest.coverage if latest else None, unit="%"),
            Figure(
                "scored_at",
                _("Scored"),
                f"{latest.computed_at:%Y-%m-%d}" if latest else None,
            ),
        ],
        tables=[history_table, criteria_table],
    )


def _rating(entry) -> int | None:
    return entry.rating if entry is not None else None


def build_profile(scope) -> SectionResult:
    # 1 + 2: the two latest final profiles, and their entries with the indicators.
    profiles = list(
        CommunityProfile.objects.filter(
            community=scope.community, status=CommunityProfile.Status.FINAL
        )
        .order_by("-profile_date", "-id")
        .prefetch_related(
            Prefetch("entries", queryset=ProfileEntry.objects.select_related("indicator"))
        )[:2]
    )
    if len(profiles) == 2:
        changes = profile_compare(older=profiles[1], newer=profiles[0])
    else:  # one profile, or none: its indicators without a trend
        changes = [
            IndicatorChange(
                indicator=entry.indicator.name,
                group=entry.indicator.get_group_display(),
                before=None,
                after=entry,
            )
            for profile in profiles
            for entry in sorted(profile.entries.all(), key=lambda e: e.indicator.order)
        ]
    latest = profiles[0] if profiles else None
    previous = profiles[1] if len(profiles) > 1 else None
    table = DataTable(
        key="profile_indicators",
        title=_("Profile indicators (1 serious concern to 5 strong asset)"),
        columns=[
            Column("indicator", _("Indicator")),
            Column("group", _("Group")),
            Column(
                "previous",
                _("Previous (%(date)s)") % {"date": previous.profile_date}
                if previous
                else _("Previous"),
                numeric=True,
            ),
            Column(
                "latest",
                _("Latest (%(date)s)") % {"date": latest.profile_date} if latest else _("Latest"),
                numeric=True,
            ),
            Column("trend", _("Trend")),
        ],
        rows=[
            [
                c.indicator,
                c.group,
                _rating(c.before),
                _rating(c.after),
                c.direction if previous else "—",
            ]
            for c in changes
        ],
        chart=Chart("bar", "indicator", ("previous", "latest"), ("#adb5bd", "#0d6efd"), y_max=5),
        note=_("An empty rating is unknown. Only final profiles are compared."),
    )
    directions = [c.direction for c in changes] if previous else []
    rated = sum(1 for c in changes if _rating(c.after) is not None)
    return SectionResult(
        key="profile",
        title=_("Community profile"),
        source=_("Handbook 3.2.1: the 20 indicators of the community profile"),
        figures=[
            Figure(
                "profile_date",
                _("Latest final profile"),
                f"{latest.profile_date}" if latest else None,
            ),
            Figure(
                "indicators_rated",
                _("Indicators rated"),
                rated if latest else None,
                unit=_("of %(count)s") % {"count": len(changes) or 20},
            ),
            Figure(
                "indicators_better",
                _("Better than before"),
                directions.count("better") if previous else None,
            ),
            Figure(
                "indicators_worse",
                _("Worse than before"),
                directions.count("worse") if previous else None,
            ),
        ],
        tables=[table],
    )


ARRIVALS = Section("arrivals", _("Arrivals"), ("arrivals_by_month",), 2, build_arrivals)
SUITABILITY = Section(
    "suitability",
    _("Suitability for community-based projects"),
    ("score_history", "criteria"),
    2,
    build_suitability,
)
PROFILE = Section("profile", _("Community profile"), ("profile_indicators",), 2, build_profile)
