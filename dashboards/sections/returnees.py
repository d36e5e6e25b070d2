"""Returnees registered and arrivals per month, open cases, and where returnees live.

Handbook 3.3: programme managers need "the profile, needs and interests of individual
returnees, their geographic distribution upon return".
"""

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from dashboards.periods import month_label, months_between
from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from reintegration.models import Returnee

CLOSED = Returnee.CaseStatus.CLOSED


def build(scope) -> SectionResult:
    start, end = scope.filters.start, scope.filters.end
    returnees = scope.returnees
    # 1: arrivals per month of the period (by return date).
    arrivals = dict(
        returnees.filter(return_date__gte=start, return_date__lte=end)
        .annotate(month=TruncMonth("return_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    # 2: registrations per month of the period (by the day the record was created).
    registered = dict(
        returnees.filter(created_at__date__gte=start, created_at__date__lte=end)
        .annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    # 3: the stock, as of today.
    stock = returnees.aggregate(total=Count("pk"), open=Count("pk", filter=~Q(status=CLOSED)))
    # 4: by first administrative level.
    in_period = Q(return_date__gte=start, return_date__lte=end)
    places = (
        returnees.values_list("community__country", "community__admin1")
        .annotate(
            arrivals=Count("pk", filter=in_period),
            open=Count("pk", filter=~Q(status=CLOSED)),
            total=Count("pk"),
        )
        .order_by("community__country", "community__admin1")
    )
    months = months_between(start, end)
    monthly = DataTable(
        key="arrivals_by_month",
        title=_("Arrivals and registrations per month"),
        columns=[
            Column("month", _("Month")),
            Column("arrivals", _("Arrivals (return date)"), numeric=True),
            Column("registered", _("Registered (record created)"), numeric=True),
        ],
        rows=[[month_label(m), arrivals.get(m, 0), registered.get(m, 0)] for m in months],
        chart=Chart("bar", "month", ("arrivals", "registered"), ("#0d6efd", "#6c757d")),
    )
    by_place = DataTable(
        key="returnees_by_area",
        title=_("Returnees by first administrative level"),
        columns=[
            Column("country", _("Country (ISO 3166-1 alpha-3)")),
            Column("admin1", _("First administrative level")),
            Column("arrivals", _("Arrivals in the period"), numeric=True),
            Column("open", _("Open cases"), numeric=True),
            Column("total", _("Returnees"), numeric=True),
        ],
        rows=[list(row) for row in places],
    )
    return SectionResult(
        key="returnees",
        title=_("Returnees and cases"),
        source=_("Handbook 3.3: the geographic distribution of returnees upon return"),
        figures=[
            Figure("arrivals", _("Arrivals in the period"), sum(arrivals.values())),
            Figure("registered", _("Registered in the period"), sum(registered.values())),
            Figure("open_cases", _("Open cases"), stock["open"], help=_("Open or active, today.")),
            Figure("returnees", _("Returnees"), stock["total"], help=_("All registered, today.")),
        ],
        tables=[monthly, by_place],
    )


SECTION = Section(
    key="returnees",
    title=_("Returnees and cases"),
    tables=("arrivals_by_month", "returnees_by_area"),
    queries=4,
    build=build,
)
