"""Issue 6, acceptance 2: a savings group's ledger with 20 members over a 12-month cycle
balances to the cent, and the share-out is correct. Every figure below is worked out by
hand in the comments, not computed by the code under test.

The group saves in Nigerian naira (NGN, two decimals) from 2025-01-01 to 2025-12-31:

- M1..M10 save 1,000.00 on the 1st of each month (12 x 1,000.00 = 12,000.00 each);
- M11..M18 save 1,500.50 a month (12 x 1,500.50 = 18,006.00 each);
- M19 saves 1,000.00 a month from January to June (6,000.00), then leaves on 2025-06-30
  and is paid back those savings;
- M20 joins on 2025-04-01 and saves 2,000.25 a month from April (9 x 2,000.25 = 18,002.25).
- M7's May contribution is typed as 10,000.00 and corrected by -9,000.00 two days later.

Loans (interest is recorded when paid, on top of the principal):

- L1: M1 borrows 20,000.00 on 02-10, due 05-10, guaranteed by M2 and M3; repays 10,000.00
  + 2,000.00 interest on 03-10 and 10,000.00 + 1,000.00 on 04-10.
- L2: M11 borrows 15,000.50 on 03-15, due 09-15, guaranteed by M12; repays 7,500.25 +
  1,350.05 on 06-15 and 7,500.25 + 675.20 on 09-15, the interest corrected by -0.18
  (to 675.02) on 09-16.
- L3: M5 borrows 8,000.00 on 07-01, due 08-01, guaranteed by M6; it is overdue on 10-01
  and repaid with 1,200.00 interest on 11-20.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, LedgerEntry
from projects.selectors import finance as selectors
from projects.services import finance as services
from projects.tests.factories_finance import consenting_returnee

pytestmark = pytest.mark.django_db
D = Decimal


def day(month: int, dom: int) -> datetime.date:
    return datetime.date(2025, month, dom)


@pytest.fixture
def book(case_manager):
    """The group, its 20 members (12 returnees, 8 community members) and the books up to
    and including 2025-10-01."""
    community = CommunityFactory(name="Benin City East", country="NGA")
    group = services.financial_group_create(
        actor=case_manager,
        name="Benin City East savings group",
        kind=FinancialGroup.Kind.COLLECTIVE_SAVINGS,
        community=community,
        currency="ngn",
        cycle_start=day(1, 1),
        cycle_end=day(12, 31),
    )
    m = {}
    for n in range(1, 21):
        joined = day(4, 1) if n == 20 else day(1, 1)
        if n <= 12:
            returnee = consenting_returnee(
                case_manager=case_manager,
                community=community,
                nationality="NGA",
                return_date=day(1, 1) - datetime.timedelta(days=30),
            )
            m[n] = services.member_add(
                actor=case_manager, group=group, joined_on=joined, returnee=returnee
            )
        else:
            m[n] = services.member_add(
                actor=case_manager,
                group=group,
                joined_on=joined,
                name=f"Community member {n}",
                sex="male" if n % 2 else "female",
                age_band="35-44",
            )

    def save(month):
        for n in range(1, 21):
            if n == 19 and month > 6 or n == 20 and month < 4:
                continue
            amount = {19: D("1000.00"), 20: D("2000.25")}.get(
                n, D("1000.00") if n <= 10 else D("1500.50")
            )
            if n == 7 and month == 5:
                typo = services.contribution_record(
                    actor=case_manager, group=group, member=m[7], date=day(5, 1), amount=D("10000")
                )
                services.correction_record(
                    actor=case_manager,
                    entry=typo,
                    date=day(5, 3),
                    amount=D("-9000.00"),
                    reason="Typed 10,000 for 1,000.",
                )
                continue
            services.contribution_record(
                actor=case_manager, group=group, member=m[n], date=day(month, 1), amount=amount
            )

    def repay(loan, when, principal, interest):
        return services.repayment_record(
            actor=case_manager, loan=loan, date=when, principal=D(principal), interest=D(interest)
        )

    loans = {}
    for month in range(1, 11):
        save(month)
        if month == 2:
            loans[1] = services.loan_disburse(
                actor=case_manager,
                group=group,
                borrower=m[1],
                date=day(2, 10),
                amount=D("20000.00"),
                due_date=day(5, 10),
                purpose="Sewing machines",
                guarantors=[m[2], m[3]],
            )
        if month == 3:
            repay(loans[1], day(3, 10), "10000.00", "2000.00")
            loans[2] = services.loan_disburse(
                actor=case_manager,
                group=group,
                borrower=m[11],
                date=day(3, 15),
                amount=D("15000.50"),
                due_date=day(9, 15),
                purpose="Market stall stock",
                guarantors=[m[12]],
            )
        if month == 4:
            repay(loans[1], day(4, 10), "10000.00", "1000.00")
        if month == 6:
            repay(loans[2], day(6, 15), "7500.25", "1350.05")
            services.member_leave(actor=case_manager, member=m[19], left_on=day(6, 30))
        if month == 7:
            loans[3] = services.loan_disburse(
                actor=case_manager,
                group=group,
                borrower=m[5],
                date=day(7, 1),
                amount=D("8000.00"),
                due_date=day(8, 1),
                purpose="Seeds and fertiliser",
                guarantors=[m[6]],
            )
        if month == 9:
            second = repay(loans[2], day(9, 15), "7500.25", "675.20")
            services.correction_record(
                actor=case_manager,
                entry=second,
                date=day(9, 16),
                interest=D("-0.18"),
                reason="Interest is 675.02, not 675.20.",
            )
    return {"group": group, "m": m, "loans": loans, "save": save, "repay": repay}


def test_savings_group_balances_to_the_cent_and_shares_out_exactly(book, case_manager):
    group, m, loans = book["group"], book["m"], book["loans"]
    group.refresh_from_db()
    assert group.currency == "NGN"

    # --- On 2025-10-01 -------------------------------------------------------------------
    totals = selectors.group_totals(group=group)
    # Contributions, January to October: Jan-Mar 3 x (10 x 1,000.00 + 8 x 1,500.50 +
    # 1,000.00) = 3 x 23,004.00 = 69,012.00; Apr-Jun 3 x (23,004.00 + 2,000.25) = 75,012.75;
    # Jul-Oct, M19 gone, 4 x 24,004.25 = 96,017.00. Total 240,041.75.
    assert totals.contributions == D("240041.75")
    assert totals.loans == D("43000.50")  # 20,000.00 + 15,000.50 + 8,000.00
    assert totals.principal_repaid == D("35000.50")  # L1 20,000.00 + L2 15,000.50
    assert totals.interest == D("5025.07")  # 2,000.00 + 1,000.00 + 1,350.05 + 675.02
    assert totals.share_out == D("6000.00")  # M19's savings, paid back when leaving
    # 240,041.75 - 43,000.50 + 35,000.50 + 5,025.07 - 6,000.00 = 231,066.82
    assert totals.cash == D("231066.82")
    assert totals.outstanding == D("8000.00")

    balances = {b.loan.pk: b for b in selectors.loan_balances(group=group, today=day(10, 1))}
    assert [
        (b.principal, b.repaid, b.interest, b.outstanding, b.is_overdue)
        for b in (balances[loans[n].pk] for n in (1, 2, 3))
    ] == [
        (D("20000.00"), D("20000.00"), D("3000.00"), D("0.00"), False),
        (D("15000.50"), D("15000.50"), D("2025.07"), D("0.00"), False),
        (D("8000.00"), D("0.00"), D("0.00"), D("8000.00"), True),
    ]
    row = selectors.with_aggregates(FinancialGroup.objects.filter(pk=group.pk), today=day(10, 1))
    row = row.get()
    assert (row.cash_balance, row.outstanding, row.overdue_loans) == (
        D("231066.82"),
        D("8000.00"),
        1,
    )
    assert (row.members_count, row.returnee_members, row.non_migrant_members) == (19, 12, 7)
    with pytest.raises(ValidationError, match="Loans are still outstanding"):
        services.share_out_record(actor=case_manager, group=group, date=day(10, 1))

    # --- To the end of the cycle ---------------------------------------------------------
    book["repay"](loans[3], day(11, 20), "8000.00", "1200.00")
    book["save"](11)
    book["save"](12)

    totals = selectors.group_totals(group=group)
    # 240,041.75 + 2 x 24,004.25 = 288,050.25
    assert totals.contributions == D("288050.25")
    assert totals.loans == totals.principal_repaid == D("43000.50")
    assert totals.interest == D("6225.07")  # 5,025.07 + 1,200.00
    # 288,050.25 - 43,000.50 + 43,000.50 + 6,225.07 - 6,000.00 = 288,275.32
    assert totals.cash == D("288275.32")
    # The newest ledger row's running balance is the cash.
    assert selectors.ledger_entries(group=group).first().running_balance == D("288275.32")

    by_member = selectors.member_totals(group=group)
    assert by_member[m[1].pk] == selectors.Totals(
        contributions=D("12000.00"),
        loans=D("20000.00"),
        principal_repaid=D("20000.00"),
        interest=D("3000.00"),
        share_out=D("0.00"),
    )
    assert by_member[m[7].pk].contributions == D("12000.00")  # the typo corrected
    assert by_member[m[11].pk].interest == D("2025.07")
    assert by_member[m[19].pk].contributions == by_member[m[19].pk].share_out == D("6000.00")
    assert by_member[m[20].pk].contributions == D("18002.25")

    # --- The share-out ---------------------------------------------------------------------
    # Fund 288,275.32 over the savings of the 19 members who stay: 10 x 12,000.00 + 8 x
    # 18,006.00 + 18,002.25 = 282,050.25. Exact shares (fund x savings / 282,050.25):
    #   M1..M10   12,000.00 -> 12,264.8494...  rounded down 12,264.84, remainder 0.94 cent
    #   M11..M18  18,006.00 -> 18,403.4065...  rounded down 18,403.40, remainder 0.65 cent
    #   M20       18,002.25 -> 18,399.5737...  rounded down 18,399.57, remainder 0.37 cent
    # Rounded down they sum to 122,648.40 + 147,227.20 + 18,399.57 = 288,275.17: 15 cents
    # are left, one each to the largest remainders: M1..M10 (10 cents), then M11..M15 (5
    # cents; M11..M18 tie, so the earlier members take them).
    plan = selectors.share_out_plan(group=group)
    assert (plan.fund, plan.total_savings, plan.earnings) == (
        D("288275.32"),
        D("282050.25"),
        D("6225.07"),
    )
    expected = {
        **{n: D("12264.85") for n in range(1, 11)},
        **{n: D("18403.41") for n in range(11, 16)},
        **{n: D("18403.40") for n in range(16, 19)},
        20: D("18399.57"),
    }
    assert {part.member.pk: part.share for part in plan.parts} == {
        m[n].pk: share for n, share in expected.items()
    }
    # 122,648.50 + 92,017.05 + 55,210.20 + 18,399.57 = 288,275.32
    assert sum(expected.values()) == D("288275.32")

    payments = services.share_out_record(
        actor=case_manager, group=group, date=day(12, 31), expected_fund=D("288275.32")
    )
    assert {p.member_id: p.amount for p in payments} == {
        m[n].pk: share for n, share in expected.items()
    }
    group.refresh_from_db()
    assert group.status == FinancialGroup.Status.SHARED_OUT
    totals = selectors.group_totals(group=group)
    assert totals.cash == D("0.00")
    assert totals.share_out == D("294275.32")  # 6,000.00 + 288,275.32
    # 231 contributions, 3 loans, 5 repayments, 2 corrections, 1 payment on leaving and
    # 19 share-out payments.
    assert LedgerEntry.objects.filter(group=group).count() == 261
    assert selectors.ledger_entries(group=group).first().running_balance == D("0.00")
    # The cycle is closed: nothing more is recorded.
    with pytest.raises(ValidationError, match="closed by its share-out"):
        services.contribution_record(
            actor=case_manager, group=group, member=m[1], date=day(12, 31), amount=D("1")
        )


def test_share_out_refuses_a_fund_that_changed_since_the_preview(book, case_manager):
    group, m, loans = book["group"], book["m"], book["loans"]
    book["repay"](loans[3], day(11, 20), "8000.00", "1200.00")
    before = LedgerEntry.objects.count()
    with pytest.raises(ValidationError, match="the books changed"):
        services.share_out_record(
            actor=case_manager, group=group, date=day(12, 31), expected_fund=D("1.00")
        )
    assert LedgerEntry.objects.count() == before
    group.refresh_from_db()
    assert group.status == FinancialGroup.Status.ACTIVE
    assert m  # the members are untouched
