"""The financial groups API: partners get aggregates only, staff of the group's
organization the members, loans and ledger; constant query counts; the schema."""

import datetime

import pytest
from django.core.management import call_command

from projects.services import finance as services
from projects.tests.factories_finance import consenting_returnee
from projects.tests.test_finance_views import populate

pytestmark = pytest.mark.django_db
URL = "/api/v1/financial-groups/"
JAN = datetime.date(2025, 1, 1)
AGGREGATE_KEYS = {
    "id",
    "name",
    "kind",
    "community",
    "organization",
    "currency",
    "cycle_start",
    "cycle_end",
    "status",
    "members_count",
    "returnee_members",
    "non_migrant_members",
    "totals",
    "cash_balance",
    "outstanding",
    "overdue_loans",
}


@pytest.fixture
def group(case_manager, organization):
    (group,) = populate(case_manager, organization, 1, 2)
    returnee = consenting_returnee(case_manager=case_manager, community=group.community)
    services.member_add(actor=case_manager, group=group, joined_on=JAN, returnee=returnee)
    return group


def test_partners_get_aggregates_only(client_for, partner, group):
    client = client_for(partner)
    (row,) = client.get(URL).json()["results"]
    assert set(row) == AGGREGATE_KEYS
    assert row == {
        "id": group.pk,
        "name": "Group 00",
        "kind": "collective_savings",
        "community": {
            "id": group.community_id,
            "name": "Kaloum",
            # The factory's sequence numbers these two.
            "pcode": group.community.pcode,
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": group.community.admin2,
        },
        "organization": "Lead Organization",
        "currency": "GNF",
        "cycle_start": "2025-01-01",
        "cycle_end": "2025-12-31",
        "status": "active",
        "members_count": 3,
        "returnee_members": 1,
        "non_migrant_members": 2,
        "totals": {
            "contributions": "20000.00",
            "loans": "5000.00",
            "principal_repaid": "1000.00",
            "interest": "100.00",
            "share_out": "0.00",
        },
        "cash_balance": "16100.00",
        "outstanding": "4000.00",
        "overdue_loans": 1,
    }
    detail = client.get(f"{URL}{group.pk}/").json()
    assert set(detail) == AGGREGATE_KEYS  # no members, no loans
    assert client.get(f"{URL}{group.pk}/ledger/").status_code == 404


def test_staff_of_the_organization_get_members_loans_and_ledger(client_for, colleague, group):
    client = client_for(colleague)
    detail = client.get(f"{URL}{group.pk}/").json()
    assert set(detail) == AGGREGATE_KEYS | {"notes", "members", "loans"}
    first = detail["members"][0]
    assert {k: first[k] for k in ("contributions", "borrowed", "outstanding", "savings")} == {
        "contributions": "10000.00",
        "borrowed": "5000.00",
        "outstanding": "4000.00",
        "savings": "10000.00",
    }
    returnee_row = detail["members"][-1]
    assert returnee_row["name"] is None and returnee_row["returnee_reference"].startswith("RET-")
    (loan,) = detail["loans"]
    assert (loan["principal"], loan["repaid"], loan["interest"], loan["is_overdue"]) == (
        "5000.00",
        "1000.00",
        "100.00",
        True,
    )
    assert loan["guarantors"] == [detail["members"][1]["id"]]
    ledger = client.get(f"{URL}{group.pk}/ledger/").json()["results"]
    assert [(e["kind"], e["cash_effect"], e["running_balance"]) for e in ledger] == [
        ("repayment", "1100.00", "16100.00"),
        ("loan", "-5000.00", "15000.00"),
        ("contribution", "10000.00", "20000.00"),
        ("contribution", "10000.00", "10000.00"),
    ]


def test_outsiders_see_nothing(client_for, outsider, group):
    client = client_for(outsider)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{group.pk}/").status_code == 404
    assert client.get(f"{URL}{group.pk}/ledger/").status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_lists_keep_a_constant_query_count(
    client_for, case_manager, partner, organization, count, django_assert_num_queries
):
    populate(case_manager, organization, count, 2)
    # 1 session, 2 user, 3 role groups, 4 COUNT, 5 one page of groups with community,
    # organization and every figure as subqueries.
    for user in (case_manager, partner):
        client = client_for(user)
        with django_assert_num_queries(5):
            response = client.get(URL, {"page_size": 100})
        assert len(response.json()["results"]) == count


def test_filters(client_for, partner, case_manager, organization):
    populate(case_manager, organization, 2, 2)
    client = client_for(partner)
    assert len(client.get(URL, {"kind": "self_help"}).json()["results"]) == 0
    assert len(client.get(URL, {"kind": "collective_savings"}).json()["results"]) == 2
    assert client.get(URL, {"ordering": "-name"}).json()["results"][0]["name"] == "Group 01"


def test_schema_documents_the_endpoints_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), "--fail-on-warn", "--validate")
    schema = out.read_text()
    assert "/api/v1/financial-groups/{id}/ledger/" in schema
    assert "FinancialGroupKindEnum" in schema


@pytest.mark.parametrize("members", [3, 20])
def test_staff_detail_keeps_a_constant_query_count(
    client_for, case_manager, organization, members, django_assert_num_queries
):
    (group,) = populate(case_manager, organization, 1, members)
    client = client_for(case_manager)
    # 1 session, 2 user, 3 role groups, 4 the group with its figures, 5 members with their
    # returnee, 6 members' totals, 7 loans with borrower, 8 their guarantees, 9 loans' sums.
    # (No returnee among the members: the query of the visible ones is skipped.)
    with django_assert_num_queries(9):
        response = client.get(f"{URL}{group.pk}/")
    assert len(response.json()["members"]) == members
