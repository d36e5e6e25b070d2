"""The programme overview: every figure and table against a hand count of tests/data.py."""

import datetime

import pytest

from dashboards.periods import add_months, month_label
from dashboards.tests import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


# Counted in test_project_sections.py; the full-page checks here leave them out.
NEW_SECTIONS = ("projects", "peer_support", "financial_groups")


def figures(response) -> dict:
    return {
        f"{s['result'].key}.{f.key}": f.value
        for s in response.context["sections"]
        for f in s["result"].figures
    }


def old_figures(response) -> dict:
    return {k: v for k, v in figures(response).items() if k.split(".")[0] not in NEW_SECTIONS}


def table(response, section: str, key: str) -> list[list]:
    for s in response.context["sections"]:
        if s["result"].key == section:
            return s["result"].table(key).rows
    raise AssertionError(f"no section {section}")


def months_back(today, rows: dict[int, int]) -> dict[str, int]:
    return {month_label(add_months(today, -k)): n for k, n in rows.items()}


def test_programme_manager_overview(client_for, programme_manager, programme):
    response = client_for(programme_manager).get("/dashboards/")
    assert response.status_code == 200
    assert old_figures(response) == {
        # r1, r2, r4, r5, r6 returned in the last 12 months; r3 13 months ago; o1 is not ours.
        "returnees.arrivals": 5,
        # All six were registered in the period (r6 two months ago, the others today).
        "returnees.registered": 6,
        "returnees.open_cases": 5,  # r3 is closed
        "returnees.returnees": 6,
        # ref1..ref5 were made in the period; ref6 500 days ago; "other" is o1's.
        "referrals.referrals_made": 5,
        "referrals.completion_rate": 33.3,  # ref1 completed, of ref1, ref3, ref5 ended
        "referrals.median_days_to_acceptance": 4.0,  # ref1 2, ref2 4, ref5 6 days
        "referrals.open_referrals": 3,  # ref2, ref4, ref6
        "referrals.overdue_follow_ups": 2,  # ref2, ref6
        "suitability.communities": 4,
        "suitability.favourable_communities": 1,  # Kaloum's latest
        "suitability.unscored_communities": 1,  # Pikine
        "children.child_returnees": 2,  # r4 (10), r5 (estimated 16)
        "children.household_children": 4,  # r1's two, r2's, r6's; o1's is not ours
        "children.school_enrolment_rate": 66.7,  # 2 enrolled of 3 recorded
    }
    today = programme.today
    by_month = {row[0]: row[1:] for row in table(response, "returnees", "arrivals_by_month")}
    assert len(by_month) == 12
    assert list(by_month)[0] == month_label(add_months(today, -11))
    expected_arrivals = months_back(today, {0: 1, 1: 2, 2: 1, 3: 1})
    expected_registered = months_back(today, {0: 5, 2: 1})
    assert {m: v[0] for m, v in by_month.items() if v[0]} == expected_arrivals
    assert {m: v[1] for m, v in by_month.items() if v[1]} == expected_registered
    assert table(response, "returnees", "returnees_by_area") == [
        ["GIN", "Conakry", 3, 3, 4],
        ["GIN", "Kankan", 1, 1, 1],
        ["SEN", "Dakar", 1, 1, 1],
    ]
    assert table(response, "referrals", "referrals_by_status") == [
        ["Proposed", 1],
        ["Accepted", 1],
        ["Declined", 1],
        ["In progress", 0],
        ["Completed", 1],
        ["Dropped", 1],
    ]
    assert table(response, "suitability", "communities_by_band") == [
        ["Favourable", 1],
        ["Conditional", 1],
        ["Unfavourable", 0],
        ["Insufficient evidence", 1],
        ["Not scored yet", 1],
    ]
    assert table(response, "children", "school_enrolment") == [
        ["Enrolled in school", 1, 1, 0, 2],
        ["Not enrolled", 0, 1, 0, 1],
        ["Not recorded", 0, 0, 1, 1],
    ]


def test_an_administrator_counts_every_organization(client_for, administrator, programme):
    response = client_for(administrator).get("/dashboards/")
    found = figures(response)
    assert (found["returnees.arrivals"], found["returnees.registered"]) == (6, 7)
    assert (found["returnees.open_cases"], found["returnees.returnees"]) == (6, 7)
    assert found["referrals.referrals_made"] == 6
    assert found["referrals.completion_rate"] == 50.0  # ref1 and other, of four ended
    assert found["referrals.median_days_to_acceptance"] == 3.0  # 1, 2, 4, 6 days
    assert found["children.household_children"] == 5


def test_another_organization_sees_only_its_own(client_for, outsider, programme):
    found = figures(client_for(outsider).get("/dashboards/"))
    assert (found["returnees.arrivals"], found["returnees.returnees"]) == (1, 1)
    assert (found["referrals.referrals_made"], found["referrals.open_referrals"]) == (1, 0)
    assert found["children.household_children"] == 1
    # Communities are shared by the whole programme.
    assert found["suitability.communities"] == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Guinea: r1..r5 (arrivals r1, r2, r4, r5); Kaloum, Kankan, Nowhere.
        ("country=GIN", {"arrivals": 4, "returnees": 5, "communities": 3, "unscored": 0}),
        # Conakry: Kaloum and Nowhere; r1..r4.
        (
            "country=GIN&admin1=Conakry",
            {"arrivals": 3, "returnees": 4, "communities": 2, "unscored": 0},
        ),
        ("country=SEN", {"arrivals": 1, "returnees": 1, "communities": 1, "unscored": 1}),
    ],
)
def test_place_filters(client_for, programme_manager, programme, query, expected):
    found = figures(client_for(programme_manager).get(f"/dashboards/?{query}"))
    assert {
        "arrivals": found["returnees.arrivals"],
        "returnees": found["returnees.returnees"],
        "communities": found["suitability.communities"],
        "unscored": found["suitability.unscored_communities"],
    } == expected


def test_the_period_filter(client_for, programme_manager, programme):
    today = programme.today
    start = add_months(today, -2)
    end = add_months(today, -1) + datetime.timedelta(days=27)
    response = client_for(programme_manager).get(f"/dashboards/?start={start}&end={end}")
    found = figures(response)
    # Returned two or one month ago: r2, r4 (last month), r6 (two months ago).
    assert found["returnees.arrivals"] == 3
    assert found["returnees.registered"] == 1  # r6
    # No referral was made that long ago except ref6 (500 days): none in the period...
    # ...unless the period reaches back 5 to 20 days, which it does only in part:
    made = {
        name: today - datetime.timedelta(days=days)
        for name, days in {"ref1": 10, "ref2": 5, "ref3": 3, "ref4": 1, "ref5": 20}.items()
    }
    assert found["referrals.referrals_made"] == sum(start <= d <= end for d in made.values())
    # Stocks do not depend on the period.
    assert (found["returnees.open_cases"], found["referrals.overdue_follow_ups"]) == (5, 2)
    assert [row[0] for row in table(response, "returnees", "arrivals_by_month")] == [
        month_label(add_months(today, -2)),
        month_label(add_months(today, -1)),
    ]


def test_invalid_filters_are_reported_and_the_defaults_used(
    client_for, programme_manager, programme
):
    response = client_for(programme_manager).get("/dashboards/?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 200
    assert "The end of the period must come after its start." in response.content.decode()
    assert figures(response)["returnees.arrivals"] == 5


def test_empty_programme_shows_zeros_and_unknowns(client_for, programme_manager):
    found = figures(client_for(programme_manager).get("/dashboards/"))
    assert found["returnees.arrivals"] == 0
    assert found["referrals.completion_rate"] is None
    assert found["referrals.median_days_to_acceptance"] is None
    assert found["children.school_enrolment_rate"] is None
