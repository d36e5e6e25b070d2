"""In Chromium, end to end: a programme manager creates a savings group, adds a returnee
and a community member, records a contribution and a guaranteed loan, and reads the
balances; a loan larger than the cash is refused on the page."""

import datetime
from decimal import Decimal

import pytest

from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, LedgerEntry
from projects.tests.factories_finance import consenting_returnee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()


def test_create_a_group_add_members_and_record_money(
    page, login_page, programme_manager, case_manager
):
    community = CommunityFactory(name="Kaloum", country="GIN")
    returnee = consenting_returnee(
        case_manager=case_manager, community=community, first_name="Mariama"
    )
    login_page("programme-manager")
    page.get_by_role("link", name="Financial groups").first.click()
    assert "No financial group has been created yet." in page.locator("main").inner_text()
    page.get_by_role("link", name="New financial group").first.click()
    page.get_by_label("Name").fill("Kaloum women's savings group")
    page.get_by_label("Collective saving scheme and microsavings programme").check()
    page.get_by_label("Community where the group meets").select_option(label=str(community))
    page.get_by_label("Currency").select_option("GNF")
    page.get_by_label("Cycle start").fill((TODAY - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Cycle end").fill((TODAY + datetime.timedelta(days=355)).isoformat())
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("group-name").inner_text() == "Kaloum women's savings group"

    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Returnee of this community").select_option(label=str(returnee))
    page.get_by_label("Joined on").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Community member's name").fill("Fanta Camara")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Age band").select_option("35-44")
    page.get_by_label("Joined on").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("member-balance").inner_text() == (
        "2 active: 1 returnee, 1 community member"
    )

    page.get_by_role("link", name="Record a contribution").click()
    page.get_by_label("Member").select_option(label="Fanta Camara")
    page.get_by_label("Amount saved").fill("50000")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("cash").inner_text() == "50,000 GNF"

    label = f"{returnee.reference} Mariama {returnee.last_name}"
    page.get_by_role("link", name="Record a loan").click()
    page.get_by_label("Borrower").select_option(label=label)
    page.get_by_label("Amount lent").fill("60000")
    page.get_by_label("Due date").fill((TODAY + datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Purpose").fill("Sewing machine")
    page.get_by_label("Fanta Camara").check()
    page.get_by_role("button", name="Save").click()
    assert "The group has 50,000 GNF in cash" in page.locator("main").inner_text()
    page.get_by_label("Amount lent").fill("20000")
    page.get_by_role("button", name="Save").click()

    assert page.get_by_test_id("cash").inner_text() == "30,000 GNF"
    assert page.get_by_test_id("contributions").inner_text() == "50,000 GNF"
    assert page.get_by_test_id("outstanding").inner_text() == "20,000 GNF"
    borrower_row = page.locator(f"[data-member='{label}']")
    assert borrower_row.locator("[data-col=outstanding]").inner_text() == "20,000"
    saver_row = page.locator("[data-member='Fanta Camara']")
    assert saver_row.locator("[data-col=savings]").inner_text() == "50,000"
    assert "Fanta Camara" in page.get_by_test_id("loans").inner_text()

    page.get_by_role("link", name="Open the ledger").click()
    assert [
        page.locator(f"[data-sequence='{n}'] [data-col=running]").inner_text() for n in (2, 1)
    ] == ["30,000", "50,000"]

    group = FinancialGroup.objects.get()
    assert (group.organization, group.currency) == (programme_manager.organization, "GNF")
    loan = LedgerEntry.objects.get(kind="loan")
    assert (loan.amount, loan.member.returnee, [g.name for g in loan.guarantors.all()]) == (
        Decimal("20000.00"),
        returnee,
        ["Fanta Camara"],
    )
