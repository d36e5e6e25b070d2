"""Referrals by status, completion rate, median days to acceptance, overdue follow-ups.

DESIGN.md, Referrals: proposed -> accepted | declined -> in progress -> completed | dropped,
"a follow-up date makes it show up as overdue".
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from dashboards.sections.registry import Section
from dashboards.sql import median_duration
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from reintegration.models import Referral, ReferralStatusChange

Status = Referral.Status
ENDED = (Status.COMPLETED, Status.DECLINED, Status.DROPPED)


def build(scope) -> SectionResult:
    start, end = scope.filters.start, scope.filters.end
    made = scope.referrals.filter(created_at__date__gte=start, created_at__date__lte=end)
    # 1: the referrals made in the period, by their status today.
    by_status = dict(made.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    # 2: median time from a referral being made to its acceptance.
    accepted = ReferralStatusChange.objects.filter(
        to_status=Status.ACCEPTED, referral__in=made.values("pk")
    ).annotate(wait=F("changed_at") - F("referral__created_at"))
    median = median_duration(accepted, "wait")
    # 3: open referrals and those overdue today, whenever they were made.
    today = scope.today
    open_now = Q(status__in=Referral.OPEN_STATUSES)
    stock = scope.referrals.aggregate(
        open=Count("pk", filter=open_now),
        overdue=Count("pk", filter=open_now & Q(follow_up_date__lt=today)),
    )
    completed = by_status.get(Status.COMPLETED, 0)
    ended = sum(by_status.get(s, 0) for s in ENDED)
    table = DataTable(
        key="referrals_by_status",
        title=_("Referrals made in the period, by status today"),
        columns=[Column("status", _("Status")), Column("referrals", _("Referrals"), numeric=True)],
        rows=[[label, by_status.get(value, 0)] for value, label in Status.choices],
        chart=Chart("bar", "status", ("referrals",), ("#0d6efd",)),
    )
    return SectionResult(
        key="referrals",
        title=_("Referrals"),
        source=_("DESIGN.md, Referrals (handbook 3.4: referrals to services)"),
        figures=[
            Figure("referrals_made", _("Referrals made in the period"), sum(by_status.values())),
            Figure(
                "completion_rate",
                _("Completion rate"),
                round(100 * completed / ended, 1) if ended else None,
                unit="%",
                help=_(
                    "Completed, of the referrals of the period that ended "
                    "(completed, declined or dropped)."
                ),
            ),
            Figure(
                "median_days_to_acceptance",
                _("Median days to acceptance"),
                round(median.total_seconds() / 86400, 1) if median is not None else None,
                unit=_("days"),
                help=_(
                    "From the referral being made to its acceptance, for the referrals of "
                    "the period that were accepted."
                ),
            ),
            Figure("open_referrals", _("Open referrals"), stock["open"], help=_("Today.")),
            Figure(
                "overdue_follow_ups",
                _("Overdue follow-ups"),
                stock["overdue"],
                help=_("Open referrals whose follow-up date has passed, today."),
            ),
        ],
        tables=[table],
    )


SECTION = Section(
    key="referrals",
    title=_("Referrals"),
    tables=("referrals_by_status",),
    queries=3,
    build=build,
)
