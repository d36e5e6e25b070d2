"""Browser pages of financial groups: personas, forms through the services, query counts
that do not grow with the data."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry
from projects.services import finance as services
from projects.tests.factories_finance import (
    FinancialGroupFactory,
    NonMigrantMemberFactory,
    consenting_returnee,
)

pytestmark = pytest.mark.django_db
JAN = datetime.date(2025, 1, 1)


def populate(actor, organization, groups, members):
    """``groups`` groups of ``members`` members, each with a contribution, and a loan with a
    guarantor and a repayment in each group."""
    community = CommunityFactory(name="Kaloum")
    made = []
    for g in range(groups):
        group = FinancialGroupFactory(
            organization=organization, community=community, name=f"Group {g:02d}"
        )
        people = [NonMigrantMemberFactory(group=group) for _ in range(members)]
        for person in people:
            services.contribution_record(
                actor=actor, group=group, member=person, date=JAN, amount=Decimal(10_000)
            )
        loan = services.loan_disburse(
            actor=actor,
            group=group,
            borrower=people[0],
            guarantors=[people[1]],
            date=JAN,
            amount=Decimal(5_000),
            due_date=datetime.date(2025, 2, 1),
            purpose="Seeds",
        )
        services.repayment_record(
            actor=actor, loan=loan, date=JAN, principal=Decimal(1_000), interest=Decimal(100)
        )
        made.append(group)
    return made


@pytest.mark.parametrize("count", [2, 30])
def test_list_page_keeps_a_constant_query_count(
    client_for, case_manager, organization, count, django_assert_num_queries
):
    populate(case_manager, organization, count, 2)
    client = client_for(case_manager)
    # 1 session, 2 user, 3-4 permissions (user's, groups'), 5 user's role groups (staff
    # check), 6 COUNT, 7 organization (user menu), 8 communities of the filter, 9 one page
    # of groups with their community and every figure as subqueries.
    with django_assert_num_queries(9):
        response = client.get("/financial-groups/", {"sort": "-cash"})
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert len(rows) == min(count, 25)
    first = rows[0]
    # 2 x 10,000 saved - 5,000 lent + 1,000 repaid + 100 interest = 16,100
    assert (first.members_count, first.cash_balance, first.outstanding, first.overdue_loans) == (
        2,
        Decimal("16100.00"),
        Decimal("4000.00"),
        1,
    )
    assert "16,100 GNF" in response.content.decode()


@pytest.mark.parametrize("members", [3, 20])
def test_group_and_ledger_pages_keep_a_constant_query_count(
    client_for, case_manager, organization, members, django_assert_num_queries
):
    (group,) = populate(case_manager, organization, 1, members)
    for _ in range(members // 3):
        returnee = consenting_returnee(case_manager=case_manager, community=group.community)
        services.member_add(actor=case_manager, group=group, joined_on=JAN, returnee=returnee)
    client = client_for(case_manager)
    # 1 session, 2 user, 3-4 permissions, 5 role groups, 6 the group with community and
    # organization, 7 members with their returnee, 8 members' totals, 9 the returnees the
    # user may see named, 10 loans with borrower, 11 their guarantees, 12 loans' sums,
    # 13 group totals, 14 organization (user menu).
    with django_assert_num_queries(14):
        response = client.get(f"/financial-groups/{group.pk}/")
    rows = response.context["members"]
    assert len(rows) == members + members // 3
    assert rows[-1].label == f"{returnee.reference} {returnee.first_name} {returnee.last_name}"
    # 1 session, 2 user, 3-4 permissions, 5 role groups, 6 the group, 7 COUNT, 8 one page of
    # entries with member, returnee, corrected entry, loan, recorder and running balance,
    # 9 organization.
    with django_assert_num_queries(9):
        response = client.get(f"/financial-groups/{group.pk}/ledger/")
    rows = response.context["rows"]
    assert len(rows) == min(members + 2, 50)
    newest = rows[0][0]
    assert (newest.kind, newest.effect, newest.running_balance) == (
        "repayment",
        Decimal("1100.00"),
        Decimal(10_000 * members - 5_000 + 1_100).quantize(Decimal("0.01")),
    )


def test_list_filters_search_and_empty_state(client_for, case_manager, organization):
    savings, self_help = populate(case_manager, organization, 2, 2)
    FinancialGroup.objects.filter(pk=self_help.pk).update(kind="self_help", name="Kolda hands")
    client = client_for(case_manager)

    def names(**params):
        return [g.name for g in client.get("/financial-groups/", params).context["page"]]

    assert names() == ["Group 00", "Kolda hands"]
    assert names(kind="self_help") == ["Kolda hands"]
    assert names(q="kolda") == ["Kolda hands"]
    assert names(sort="-name") == ["Kolda hands", "Group 00"]
    assert names(community=savings.community_id) == ["Group 00", "Kolda hands"]
    response = client.get("/financial-groups/", {"q": "nothing like it"})
    assert "No financial group matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "list_count", "detail", "record"),
    [
        ("case_manager", 1, 200, 302),
        ("colleague", 1, 200, 302),
        ("supervisor", 1, 200, 302),
        ("programme_manager", 1, 200, 302),
        ("administrator", 1, 200, 302),
        ("outsider", 0, 404, 404),
        ("partner", None, 403, 403),
    ],
)
def test_personas(
    request, client_for, case_manager, organization, persona, list_count, detail, record
):
    (group,) = populate(case_manager, organization, 1, 2)
    member = group.members.first()
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/financial-groups/")
    if list_count is None:
        assert response.status_code == 403
    else:
        assert len(response.context["page"]) == list_count
    assert client.get(f"/financial-groups/{group.pk}/").status_code == detail
    assert client.get(f"/financial-groups/{group.pk}/ledger/").status_code == detail
    before = (LedgerEntry.objects.count(), AuditEvent.objects.count())
    response = client.post(
        f"/financial-groups/{group.pk}/contributions/new/",
        {"member": member.pk, "date": "2025-01-02", "amount": "2500"},
    )
    assert response.status_code == record
    if record == 302:
        assert LedgerEntry.objects.count() == before[0] + 1
    else:
        assert (LedgerEntry.objects.count(), AuditEvent.objects.count()) == before


def test_recording_through_the_pages(client_for, programme_manager, case_manager):
    client = client_for(programme_manager)
    community = CommunityFactory(name="Ratoma Centre")
    response = client.post(
        "/financial-groups/new/",
        {
            "name": "Ratoma savings group",
            "kind": "collective_savings",
            "community": community.pk,
            "currency": "XOF",
            "cycle_start": "2025-01-01",
            "cycle_end": "2025-12-31",
        },
    )
    group = FinancialGroup.objects.get()
    assert response.status_code == 302
    assert (group.organization, group.created_by) == (
        programme_manager.organization,
        programme_manager,
    )
    returnee = consenting_returnee(case_manager=case_manager, community=community)
    base = f"/financial-groups/{group.pk}"
    assert (
        client.post(
            f"{base}/members/new/",
            {"reference": returnee.reference.lower(), "joined_on": "2025-01-01"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/members/new/",
            {"name": "Awa", "sex": "female", "age_band": "18-24", "joined_on": "2025-01-01"},
        ).status_code
        == 302
    )
    awa, ret = GroupMember.objects.get(name="Awa"), GroupMember.objects.get(returnee=returnee)
    client.post(
        f"{base}/contributions/new/", {"member": awa.pk, "date": "2025-01-05", "amount": "30000"}
    )
    response = client.post(
        f"{base}/loans/new/",
        {
            "borrower": ret.pk,
            "date": "2025-01-06",
            "amount": "40000",
            "due_date": "2025-03-01",
            "purpose": "Goats",
            "guarantors": [awa.pk],
        },
    )
    # More than the box holds: the form says so, nothing is saved.
    assert "The group has 30,000 XOF in cash on 2025-01-06" in response.content.decode()
    assert LedgerEntry.objects.count() == 1
    response = client.post(
        f"{base}/loans/new/",
        {
            "borrower": ret.pk,
            "date": "2025-01-06",
            "amount": "20000",
            "due_date": "2025-03-01",
            "purpose": "Goats",
            "guarantors": [awa.pk],
        },
    )
    assert response.status_code == 302
    loan = LedgerEntry.objects.get(kind="loan")
    assert list(loan.guarantors.all()) == [awa]
    response = client.post(
        f"{base}/repayments/new/",
        {"loan": loan.pk, "date": "2025-02-01", "principal": "25000", "interest": ""},
    )
    assert "Only 20,000 XOF is outstanding on loan #2" in response.content.decode()
    client.post(
        f"{base}/repayments/new/",
        {"loan": loan.pk, "date": "2025-02-01", "principal": "20000", "interest": "1000"},
    )
    contribution = LedgerEntry.objects.get(kind="contribution")
    client.post(
        f"{base}/entries/{contribution.pk}/correct/",
        {"date": "2025-02-02", "amount": "-5000", "reason": "She saved 25,000."},
    )
    page = client.get(f"{base}/").content.decode()
    # 30,000 - 5,000 saved - 20,000 lent + 20,000 repaid + 1,000 interest = 26,000
    assert 'data-testid="cash">26,000 XOF' in page
    assert 'data-testid="outstanding">0 XOF' in page
    # The share-out: preview first, then confirmation with the fund the user saw.
    preview = client.get(f"{base}/share-out/")
    plan = preview.context["plan"]
    assert [(p.label, p.share) for p in plan.parts] == [("Awa", Decimal(26_000))]
    response = client.post(f"{base}/share-out/", {"date": "2025-12-31", "expected_fund": "26000"})
    assert "This field is required." in response.content.decode()  # the confirmation
    group.refresh_from_db()
    assert group.status == "active"
    client.post(
        f"{base}/share-out/", {"date": "2025-12-31", "expected_fund": "26000", "confirm": "on"}
    )
    group.refresh_from_db()
    assert group.status == "shared_out"
    assert LedgerEntry.objects.filter(kind="share_out").get().amount == Decimal(26_000)


def test_leaving_editing_and_the_share_out_preview(client_for, case_manager, organization):
    (group,) = populate(case_manager, organization, 1, 3)
    client = client_for(case_manager)
    base = f"/financial-groups/{group.pk}"
    saver = group.members.order_by("pk").last()  # neither borrower nor guarantor
    page = client.get(f"{base}/members/{saver.pk}/leave/").content.decode()
    assert "Their savings of 10,000 GNF are paid back to them" in page
    response = client.post(f"{base}/members/{saver.pk}/leave/", {"left_on": "2025-01-02"})
    assert "This field is required." in response.content.decode()  # the confirmation
    saver.refresh_from_db()
    assert saver.left_on is None
    response = client.post(
        f"{base}/members/{saver.pk}/leave/", {"left_on": "2025-01-02", "confirm": "on"}
    )
    assert response.status_code == 302
    saver.refresh_from_db()
    assert saver.left_on == datetime.date(2025, 1, 2)
    payout = LedgerEntry.objects.get(kind="share_out")
    assert (payout.member, payout.amount) == (saver, Decimal("10000.00"))

    form = {
        "name": group.name,
        "kind": group.kind,
        "community": group.community_id,
        "currency": "XOF",
        "cycle_start": "2025-01-01",
        "cycle_end": "2025-12-31",
    }
    response = client.post(f"{base}/edit/", form)
    assert "Money is already recorded in this currency" in response.content.decode()
    response = client.post(f"{base}/edit/", {**form, "currency": "GNF", "name": "Renamed"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.currency) == ("Renamed", "GNF")

    page = client.get(f"{base}/share-out/").content.decode()
    assert "The share-out waits until every loan is repaid." in page
    assert "4,000 GNF, due 2025-02-01" in page
    page = client.get(f"{base}/repayments/new/").content.decode()
    assert "4,000 GNF outstanding" in page
