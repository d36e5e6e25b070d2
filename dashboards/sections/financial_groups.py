"""Financial support groups (handbook 3.3.3: "enhancing the productive use of the local
communities' and returning migrants' capacity of savings, access to credit and use of
remittances"): savings and loans outstanding, in each group's own currency.

Amounts are Decimal and never added across currencies: every money figure and row names
its ISO 4217 currency. Savings are the contributions of groups whose cycle is running (a
shared-out cycle has paid its savings back); loans outstanding are principal lent less
principal repaid, corrections included (``projects.selectors.finance``).
"""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from projects.access_finance import groups_for_user
from projects.models import FinancialGroup
from projects.models.finance import ZERO
from projects.selectors.finance import with_aggregates

ACTIVE = FinancialGroup.Status.ACTIVE
MONEY_NOTE = _(
    "Each currency is its own row: amounts in different currencies are never added. "
    "Running cycles only; a shared-out cycle has paid its savings back."
)


def _groups(queryset, today) -> list[FinancialGroup]:
    """The groups with their members and totals: one query (subqueries per group)."""
    return list(with_aggregates(queryset.order_by("name", "pk"), today=today))


def _money_figures(by_currency: dict[str, dict]) -> list[Figure]:
    figures = []
    for currency, row in sorted(by_currency.items()):
        figures.append(
            Figure(
                f"savings_{currency}",
                _("Savings (%(currency)s)") % {"currency": currency},
                row["savings"],
                unit=currency,
            )
        )
        figures.append(
            Figure(
                f"outstanding_{currency}",
                _("Loans outstanding (%(currency)s)") % {"currency": currency},
                row["outstanding"],
                unit=currency,
            )
        )
    return figures


def _by_currency(groups: list[FinancialGroup]) -> dict[str, dict]:
    totals: dict[str, dict] = defaultdict(
        lambda: {"groups": 0, "members": 0, "savings": ZERO, "outstanding": ZERO, "overdue": 0}
    )
    for group in groups:
        if group.status != ACTIVE:
            continue
        row = totals[group.currency]
        row["groups"] += 1
        row["members"] += group.members_count
        row["savings"] += Decimal(group.contributions_total)
        row["outstanding"] += Decimal(group.outstanding)
        row["overdue"] += group.overdue_loans
    return dict(totals)


def currency_table(by_currency: dict[str, dict]) -> DataTable:
    return DataTable(
        key="savings_by_currency",
        title=_("Savings and loans outstanding, by currency"),
        columns=[
            Column("currency", _("Currency (ISO 4217)")),
            Column("groups", _("Running groups"), numeric=True),
            Column("members", _("Members"), numeric=True),
            Column("savings", _("Savings (contributions)"), numeric=True),
            Column("outstanding", _("Loans outstanding"), numeric=True),
            Column("overdue", _("Overdue loans"), numeric=True),
        ],
        rows=[
            [c, r["groups"], r["members"], r["savings"], r["outstanding"], r["overdue"]]
            for c, r in sorted(by_currency.items())
        ],
        note=MONEY_NOTE + " No chart: one scale cannot hold several currencies.",
    )


def build(scope) -> SectionResult:
    queryset = groups_for_user(scope.user).filter(community__in=scope.communities.values("pk"))
    # 1: every group of the places with its aggregates.
    groups = _groups(queryset, scope.today)
    by_currency = _by_currency(groups)
    kinds = {value: [0, 0, 0] for value in FinancialGroup.Kind.values}
    for group in groups:
        if group.status == ACTIVE:
            kinds[group.kind][0] += 1
            kinds[group.kind][1] += group.returnee_members
            kinds[group.kind][2] += group.non_migrant_members
    by_kind = DataTable(
        key="financial_groups_by_kind",
        title=_("Running financial support groups by kind, and their members"),
        columns=[
            Column("kind", _("Kind (handbook 3.3.3)")),
            Column("groups", _("Groups"), numeric=True),
            Column("returnees", _("Returnee members"), numeric=True),
            Column("non_migrants", _("Non-migrant members"), numeric=True),
        ],
        rows=[[label, *kinds[value]] for value, label in FinancialGroup.Kind.choices],
        chart=Chart("stacked", "kind", ("returnees", "non_migrants"), ("#0d6efd", "#fd7e14")),
    )
    running = [g for g in groups if g.status == ACTIVE]
    return SectionResult(
        key="financial_groups",
        title=_("Financial support groups"),
        source=_("Handbook 3.3.3: community financial support activities"),
        figures=[
            Figure("groups", _("Running groups"), len(running)),
            Figure("members", _("Members"), sum(g.members_count for g in running)),
            *_money_figures(by_currency),
        ],
        tables=[currency_table(by_currency), by_kind],
        note=MONEY_NOTE,
    )


SECTION = Section(
    key="financial_groups",
    title=_("Financial support groups"),
    tables=("savings_by_currency", "financial_groups_by_kind"),
    queries=1,
    build=build,
)


def build_community(scope) -> SectionResult:
    # 1: the community's groups with their aggregates.
    groups = _groups(groups_for_user(scope.user).filter(community=scope.community), scope.today)
    by_currency = _by_currency(groups)
    table = DataTable(
        key="financial_groups",
        title=_("Financial support groups in the community"),
        columns=[
            Column("name", _("Group")),
            Column("kind", _("Kind")),
            Column("status", _("Cycle")),
            Column("currency", _("Currency")),
            Column("returnees", _("Returnee members"), numeric=True),
            Column("non_migrants", _("Non-migrant members"), numeric=True),
            Column("savings", _("Savings (contributions)"), numeric=True),
            Column("outstanding", _("Loans outstanding"), numeric=True),
            Column("overdue", _("Overdue loans"), numeric=True),
        ],
        rows=[
            [
                g.name,
                g.get_kind_display(),
                g.get_status_display(),
                g.currency,
                g.returnee_members,
                g.non_migrant_members,
                Decimal(g.contributions_total),
                Decimal(g.outstanding),
                g.overdue_loans,
            ]
            for g in groups
        ],
        chart=Chart("stacked", "name", ("returnees", "non_migrants"), ("#0d6efd", "#fd7e14")),
        note=_("The chart shows members; amounts stay in the table, each in its group's currency."),
    )
    return SectionResult(
        key="financial_groups",
        title=_("Financial support groups"),
        source=_("Handbook 3.3.3: community financial support activities"),
        figures=[
            Figure("groups", _("Running groups"), sum(g.status == ACTIVE for g in groups)),
            *_money_figures(by_currency),
        ],
        tables=[table, currency_table(by_currency)],
    )


COMMUNITY_SECTION = Section(
    key="financial_groups",
    title=_("Financial support groups"),
    tables=("financial_groups", "savings_by_currency"),
    queries=1,
    build=build_community,
)
