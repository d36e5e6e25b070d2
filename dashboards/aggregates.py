"""Counts of returnees for partners, with small-cell suppression (issue 8).

The counts cover every organization's returnees (they are the programme's statistics, which
partners receive instead of records), grouped by any of: community, sex, age band, need
(level of reintegration) and period of return (month, quarter or year).

The suppression rule (docs/partner-guide.md repeats it):

1. **Primary.** A count from 1 to ``threshold - 1`` (``AGGREGATE_SMALL_CELL_THRESHOLD``, 5 by
   default) is returned suppressed: no number, ``suppressed: true``. Empty combinations are
   not listed at all (their count is 0, which discloses no one).
2. **Complementary.** Every total of the table along one dimension (a *line*: the cells that
   share their values on all the other dimensions) is treated as known, since the same query
   grouped by one dimension fewer returns it. In every line whose total is at least the
   threshold, the suppressed cells are either none, or at least two that hold at least the
   threshold together; otherwise the smallest other cell of the line (ties by its place in the
   table) is suppressed as well. This repeats until every line of every dimension holds. A line
   whose total is below the threshold needs nothing: that total is itself a small cell,
   suppressed wherever it is published.
3. The grand total is returned, suppressed if below the threshold.

So no suppressed count can be recomputed by subtracting the visible cells of a line from its
total. A returnee with needs at several levels counts once under each, so the need
dimension does not add up to the total; it is suppressed by the same rule, which there is
only more cautious. Filters narrow the table to a year, a country or a community; the same
rule applies within each answer.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear

from communities.selectors import COMMUNITY_REF_FIELDS
from dashboards.sections.children import years_before
from reintegration.api.serializers import AGE_BANDS, OLDEST_AGE_BAND
from reintegration.models import Returnee, ReturneeNeed

DIMENSIONS = ("community", "sex", "age_band", "need", "period")
GRANULARITIES = ("month", "quarter", "year")
NO_NEED = "none"
_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
_COMMUNITY_FIELDS = COMMUNITY_REF_FIELDS


@dataclass(frozen=True)
class AggregateQuery:
    by: tuple[str, ...]
    granularity: str = "month"
    year: int | None = None
    country: str = ""
    community: int | None = None


@dataclass(frozen=True)
class Cell:
    key: tuple  # one value per dimension of ``by``, in its order
    count: int | None  # None when suppressed
    suppressed: bool


@dataclass(frozen=True)
class AggregateResult:
    query: AggregateQuery
    threshold: int
    cells: list[Cell]
    total: int | None
    total_suppressed: bool
    communities: dict[int, dict]  # id -> {id, name, pcode, country, admin1, admin2}


def age_band_expression(today: datetime.date) -> Case:
    """The pseudonymised record's age bands (``reintegration.api.serializers.AGE_BANDS``),
    from the date of birth or else the estimated age, as ``Returnee.age_on`` reads them."""
    whens = []
    for upper, label in AGE_BANDS:
        born_after = years_before(today, upper + 1)
        whens.append(
            When(
                Q(date_of_birth__gt=born_after)
                | Q(date_of_birth__isnull=True, estimated_age__lte=upper),
                then=Value(label),
            )
        )
    return Case(*whens, default=Value(OLDEST_AGE_BAND), output_field=CharField())


def period_label(day: datetime.date | datetime.datetime, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


def _counts(query: AggregateQuery, today: datetime.date) -> tuple[dict[tuple, int], int]:
    """{cell key: count} and the number of distinct returnees: two queries."""
    returnees = Returnee.objects.order_by()
    if query.year:
        returnees = returnees.filter(return_date__year=query.year)
    if query.country:
        returnees = returnees.filter(community__country=query.country)
    if query.community:
        returnees = returnees.filter(community_id=query.community)
    fields = {
        "community": F("community_id"),
        "sex": F("sex"),
        "age_band": age_band_expression(today),
        "need": F("needs__level"),
        "period": _TRUNC[query.granularity]("return_date"),
    }
    names = {dim: f"dim_{dim}" for dim in query.by}
    rows = (
        returnees.annotate(**{names[d]: fields[d] for d in query.by})
        .values_list(*names.values())
        # A returnee with two needs of one level is one returnee of that level.
        .annotate(n=Count("pk", distinct="need" in query.by))
        .values_list(*names.values(), "n")
    )
    cells: dict[tuple, int] = {}
    for *values, n in rows:
        key = []
        for dim, value in zip(query.by, values, strict=True):
            if dim == "period":
                value = period_label(value, query.granularity)
            elif dim == "need" and value is None:
                value = NO_NEED
            key.append(value)
        cells[tuple(key)] = cells.get(tuple(key), 0) + n
    return cells, returnees.count()


def suppress(cells: dict[tuple, int], *, threshold: int) -> set[tuple]:
    """The keys to suppress: primary, then complementary until every line holds (rule above).
    Pure, so the rule is tested on its own with exact tables."""
    suppressed = {key for key, n in cells.items() if 0 < n < threshold}
    dims = len(next(iter(cells))) if cells else 0
    changed = bool(suppressed)
    while changed:
        changed = False
        for d in range(dims):
            lines: dict[tuple, list[tuple]] = defaultdict(list)
            for key in cells:
                lines[key[:d] + key[d + 1 :]].append(key)
            for members in lines.values():
                if _line_holds(members, cells, suppressed, threshold):
                    continue
                visible = [k for k in members if k not in suppressed and cells[k] > 0]
                if visible:
                    suppressed.add(min(visible, key=lambda k: (cells[k], _sort_key(k))))
                    changed = True
    return suppressed


def _line_holds(members, cells, suppressed, threshold) -> bool:
    if sum(cells[k] for k in members) < threshold:
        return True  # the line's own total is a small cell, suppressed where published
    hidden = [k for k in members if k in suppressed]
    return not hidden or (len(hidden) >= 2 and sum(cells[k] for k in hidden) >= threshold)


def _sort_key(key: tuple) -> tuple:
    """Numbers (community ids) before texts, each in its own order."""
    return tuple((0, value, "") if isinstance(value, int) else (1, 0, str(value)) for value in key)


def returnee_aggregates(
    query: AggregateQuery, *, today: datetime.date | None = None, threshold: int | None = None
) -> AggregateResult:
    """The suppressed table of ``query`` (three queries at most: cells, total, and the
    communities' names and codes when grouped by community)."""
    today = today or datetime.date.today()
    threshold = threshold or settings.AGGREGATE_SMALL_CELL_THRESHOLD
    counts, total = _counts(query, today)
    hidden = suppress(counts, threshold=threshold)
    cells = [
        Cell(key=key, count=None if key in hidden else n, suppressed=key in hidden)
        for key, n in sorted(counts.items(), key=lambda item: _sort_key(item[0]))
    ]
    communities: dict[int, dict] = {}
    if "community" in query.by:
        from communities.models import Community

        position = query.by.index("community")
        ids = {cell.key[position] for cell in cells}
        communities = {
            row["id"]: row
            for row in Community.objects.filter(pk__in=ids).values(*_COMMUNITY_FIELDS)
        }
    small = 0 < total < threshold
    return AggregateResult(
        query=query,
        threshold=threshold,
        cells=cells,
        total=None if small else total,
        total_suppressed=small,
        communities=communities,
    )


NEED_LEVELS = tuple(ReturneeNeed.Level.values) + (NO_NEED,)


def dimension_values(dim: str) -> Iterable[str]:
    """The values a dimension can take, for the documentation of the API."""
    return {
        "sex": [value for value, _ in Returnee._meta.get_field("sex").choices],
        "age_band": [label for _, label in AGE_BANDS] + [OLDEST_AGE_BAND],
        "need": list(NEED_LEVELS),
    }.get(dim, [])
