"""Balances derived from the ledger entries.

An entry's "base kind" is its own kind, or for a correction the kind of the entry it
corrects; a total is the sum of the entries of one base kind, so corrections fold into what
they correct. The group's cash is contributions - loans + principal repaid + interest -
share-out payments.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce

from projects.models.finance import ZERO, FinancialGroup, LedgerEntry, LoanGuarantor

Kind = LedgerEntry.Kind


class MoneyTotalField(DecimalField):
    """The output of a sum or a signed amount, read back to the cent. PostgreSQL sums
    NUMERIC exactly; SQLite (the embedded default) keeps decimals as REAL, and Django
    quantizes only plain columns, so a computed value would come back as, say,
    -1.455E-11 instead of 0.00. Every computed amount goes through this field."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value).quantize(ZERO)


# Sums may exceed one entry's 14 digits.
TOTAL = MoneyTotalField(max_digits=20, decimal_places=2)
# name -> (base kind, field summed)
TOTALS = {
    "contributions": (Kind.CONTRIBUTION, "amount"),
    "loans": (Kind.LOAN, "amount"),
    "principal_repaid": (Kind.REPAYMENT, "amount"),
    "interest": (Kind.REPAYMENT, "interest"),
    "share_out": (Kind.SHARE_OUT, "amount"),
}


def of_kind(kind: str, prefix: str = "") -> Q:
    """Entries of base kind ``kind``: the entries themselves and their corrections."""
    return Q(**{f"{prefix}kind": kind}) | Q(**{f"{prefix}corrects__kind": kind})


def cash_effect():
    """The signed change an entry makes to the group's cash."""
    return Case(
        When(of_kind(Kind.CONTRIBUTION), then=F("amount")),
        When(of_kind(Kind.REPAYMENT), then=F("amount") + F("interest")),
        When(of_kind(Kind.LOAN) | of_kind(Kind.SHARE_OUT), then=-F("amount")),
        default=Value(ZERO),
        output_field=TOTAL,
    )


def zero_if_null(expression):
    return Coalesce(expression, Value(ZERO), output_field=TOTAL)


def _sums() -> dict:
    return {
        name: zero_if_null(Sum(field, filter=of_kind(kind)))
        for name, (kind, field) in TOTALS.items()
    }


@dataclass(frozen=True)
class Totals:
    contributions: Decimal = ZERO
    loans: Decimal = ZERO
    principal_repaid: Decimal = ZERO
    interest: Decimal = ZERO
    share_out: Decimal = ZERO

    @property
    def cash(self) -> Decimal:
        return (
            self.contributions - self.loans + self.principal_repaid + self.interest
        ) - self.share_out

    @property
    def outstanding(self) -> Decimal:
        return self.loans - self.principal_repaid


def group_totals(*, group: FinancialGroup) -> Totals:
    """The group's totals by kind (one query)."""
    return Totals(**LedgerEntry.objects.filter(group=group).aggregate(**_sums()))


def member_totals(*, group: FinancialGroup) -> dict[int, Totals]:
    """Each member's totals by kind, keyed by member id (one query)."""
    rows = (
        LedgerEntry.objects.filter(group=group).order_by().values("member_id").annotate(**_sums())
    )
    return {row.pop("member_id"): Totals(**row) for row in rows}


def cash_available(*, group: FinancialGroup, on_date: datetime.date) -> Decimal:
    """The most cash an entry dated ``on_date`` may take out: the lowest running balance
    from that date on, so that no day of the books, before or after any back-dated entry,
    shows less than nothing in the box (one query)."""
    rows = (
        LedgerEntry.objects.filter(group=group)
        .annotate(effect=cash_effect())
        .order_by("date", "sequence")
        .values_list("date", "effect")
    )
    balance, lowest = ZERO, None
    for date, effect in rows:
        if date > on_date and lowest is None:
            lowest = balance  # the balance at the end of on_date
        balance += effect
        if date > on_date:
            lowest = min(lowest, balance)
    return balance if lowest is None else lowest


def entry_effective(*, entry: LedgerEntry) -> tuple[Decimal, Decimal]:
    """An entry's amount and interest with its corrections applied (one query)."""
    row = LedgerEntry.objects.filter(Q(pk=entry.pk) | Q(corrects=entry)).aggregate(
        amount=zero_if_null(Sum("amount")), interest=zero_if_null(Sum("interest"))
    )
    return row["amount"], row["interest"]


def loan_outstanding(*, loan: LedgerEntry) -> Decimal:
    """Principal lent, corrected, less principal repaid, corrected (one query)."""
    row = LedgerEntry.objects.filter(Q(pk=loan.pk) | Q(loan=loan)).aggregate(
        principal=zero_if_null(Sum("amount", filter=of_kind(Kind.LOAN))),
        repaid=zero_if_null(Sum("amount", filter=of_kind(Kind.REPAYMENT))),
    )
    return row["principal"] - row["repaid"]


@dataclass(frozen=True)
class LoanBalance:
    loan: LedgerEntry
    principal: Decimal
    repaid: Decimal
    interest: Decimal
    is_overdue: bool

    @property
    def outstanding(self) -> Decimal:
        return self.principal - self.repaid


def loan_balances(*, group: FinancialGroup, today: datetime.date | None = None) -> list:
    """Every loan with its corrected principal, repayments and interest; overdue when its
    due date has passed with principal outstanding (three queries)."""
    today = today or datetime.date.today()
    loans = list(
        LedgerEntry.objects.filter(group=group, kind=Kind.LOAN)
        .select_related("member__returnee")
        .prefetch_related(Prefetch("guarantees", queryset=LoanGuarantor.objects.order_by("pk")))
        .order_by("date", "sequence")
    )
    sums = {
        row["loan_id"]: row
        for row in LedgerEntry.objects.filter(group=group, loan__isnull=False)
        .order_by()
        .values("loan_id")
        .annotate(
            corrections=zero_if_null(Sum("amount", filter=Q(corrects__kind=Kind.LOAN))),
            repaid=zero_if_null(Sum("amount", filter=of_kind(Kind.REPAYMENT))),
            interest=zero_if_null(Sum("interest", filter=of_kind(Kind.REPAYMENT))),
        )
    }
    balances = []
    for loan in loans:
        row = sums.get(loan.pk, {})
        principal = loan.amount + row.get("corrections", ZERO)
        repaid = row.get("repaid", ZERO)
        balances.append(
            LoanBalance(
                loan=loan,
                principal=principal,
                repaid=repaid,
                interest=row.get("interest", ZERO),
                is_overdue=loan.due_date < today and principal > repaid,
            )
        )
    return balances


def ledger_entries(*, group: FinancialGroup) -> QuerySet[LedgerEntry]:
    """The ledger, newest first, each entry with its cash effect and the running balance
    of the cash after it (in date order, then recording order)."""
    return (
        LedgerEntry.objects.filter(group=group)
        .select_related("member__returnee", "corrects", "loan", "recorded_by")
        .annotate(
            effect=cash_effect(),
            running_balance=Window(
                expression=Sum(cash_effect(), output_field=TOTAL),
                order_by=[F("date").asc(), F("sequence").asc()],
                output_field=TOTAL,
            ),
        )
        .order_by("-date", "-sequence")
    )
