"""The projects, peer-support and financial-group sections against a hand count of
tests/data_projects.py (and the returnees of tests/data.py)."""

import datetime
from decimal import Decimal

import pytest

from dashboards.tests import data
from dashboards.tests.test_overview_figures import NEW_SECTIONS, figures, table
from projects.catalogues import STEPS

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


def new_figures(response) -> dict:
    return {k: v for k, v in figures(response).items() if k.split(".")[0] in NEW_SECTIONS}


def test_overview_sections(client_for, programme_manager, programme):
    response = client_for(programme_manager).get("/dashboards/")
    assert new_figures(response) == {
        "projects.projects": 3,  # P1, P2, P3; PO is the other organization's
        "projects.open_projects": 2,  # P1 active, P2 proposed; P3 completed
        # r1, r2, Aissatou (P1; r4 left), Mamadou, Fatou, Ibrahima (P2), r6 (P3).
        "projects.participants": 7,
        "projects.returnee_share": 42.9,  # 3 of 7
        "projects.women_share": 42.9,  # r1, Aissatou, Fatou
        # Returned in the last 12 months: r1, r2, r4, r5, r6; reached: r1 (mentor and
        # group), r2 (group), r4 (network group).
        "peer_support.coverage": 60.0,
        "peer_support.events": 2,  # E1, E2; E3 is older than the period, EO not ours
        "peer_support.event_participants": 26,  # 20 + 6
        "peer_support.non_returnee_share": 85,  # 22 of 26
        "peer_support.peer_groups": 1,
        "peer_support.mentorships": 1,  # r1's; r3's is completed
        "peer_support.trained_mentors": 1,
        "peer_support.network_groups": 1,
        "financial_groups.groups": 2,  # G1, G2; G3 shared out, GO not ours
        "financial_groups.members": 4,  # r1, r3, Kadiatou (Binta left); Moussa
        "financial_groups.savings_GNF": Decimal("200000.00"),
        "financial_groups.outstanding_GNF": Decimal("50000.00"),  # 80000 lent, 30000 repaid
        "financial_groups.savings_XOF": Decimal("5000.50"),
        "financial_groups.outstanding_XOF": Decimal("2000.00"),
    }
    assert table(response, "projects", "projects_by_approach") == [
        ["Supporting collective groups of returnees", 2],
        ["Starting a new community-based project", 1],
        ["Integrating returnees into existing projects", 0],
    ]
    assert table(response, "projects", "projects_by_kind") == [
        ["Collective income-generating activity", 2],
        ["Community-based local development and livelihood activity", 1],
        ["Community financial support activity", 0],
        ["Access to social services (section 3.4)", 0],
        ["Psychosocial activity (section 3.5)", 0],
    ]
    steps = table(response, "projects", "projects_by_step")
    assert [row[0] for row in steps] == [f"{s.number}. {s.label}" for s in STEPS] + [
        "Lifecycle completed"
    ]
    assert [row[1] for row in steps] == [0, 0, 1, 0, 0, 0, 0, 0, 1]  # P1 at step 3; P3 done
    assert table(response, "projects", "participants_by_gender") == [
        ["Returnees", 1, 2, 0, 3],  # r1; r2, r6
        ["Non-migrants", 2, 2, 0, 4],  # Aissatou, Fatou; Mamadou, Ibrahima
    ]
    assert table(response, "peer_support", "peer_support_coverage") == [
        ["A mentorship (3.5.2)", 1, 20.0],
        ["A peer-support group (3.5.2)", 2, 40.0],
        ["A community network group (3.5.3)", 1, 20.0],
        ["Any of them", 3, 60.0],
    ]
    assert table(response, "peer_support", "event_participants") == [
        ["Returnees", 4],
        ["Family members", 3],
        ["Community members", 16],
        ["Opinion leaders", 2],
        ["Local authorities", 1],
    ]
    assert table(response, "peer_support", "peer_support_by_community") == [
        ["Kaloum", "GIN", 1, 20, 80, 1, 1, 1],
        ["Pikine", "SEN", 1, 6, 100, 0, 0, 0],
    ]
    assert table(response, "financial_groups", "savings_by_currency") == [
        ["GNF", 1, 3, Decimal("200000.00"), Decimal("50000.00"), 0],
        ["XOF", 1, 1, Decimal("5000.50"), Decimal("2000.00"), 1],  # Moussa's loan is overdue
    ]
    assert table(response, "financial_groups", "financial_groups_by_kind") == [
        ["Collective investment scheme", 0, 0, 0],
        ["Group-based microcredit scheme", 1, 0, 1],
        ["Collective saving scheme and microsavings programme", 1, 2, 1],
        ["Self-help group", 0, 0, 0],
    ]


def test_an_administrator_counts_every_organization(client_for, administrator, programme):
    found = new_figures(client_for(administrator).get("/dashboards/"))
    assert (found["projects.projects"], found["projects.participants"]) == (4, 8)  # PO, o1
    assert found["peer_support.events"] == 3  # EO too
    assert found["peer_support.event_participants"] == 35
    assert found["financial_groups.savings_GNF"] == Decimal("200999.00")  # GO's 999


def test_the_place_filter(client_for, programme_manager, programme):
    response = client_for(programme_manager).get("/dashboards/?country=SEN")
    found = new_figures(response)
    assert (found["projects.projects"], found["projects.participants"]) == (1, 1)  # P3, r6
    assert found["peer_support.coverage"] == 0.0  # r6 is in no group
    assert found["peer_support.events"] == 1  # E2
    assert found["financial_groups.groups"] == 0  # G3 is shared out
    assert "financial_groups.savings_XOF" not in found
    assert table(response, "peer_support", "peer_support_by_community") == [
        ["Pikine", "SEN", 1, 6, 100, 0, 0, 0]
    ]


def test_community_sections(client_for, programme_manager, programme):
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.kaloum.pk}/")
    assert new_figures(response) == {
        "projects.projects": 2,  # P1, P2 (PO is not ours)
        "projects.open_projects": 2,
        # Participants r1, r2 / Aissatou, Mamadou, Fatou, Ibrahima; G1 members r1, r3 /
        # Kadiatou: 4 returnees, 5 non-migrants.
        "projects.people": 9,
        "projects.returnee_share": 44.4,
        "peer_support.coverage": 100.0,  # r1, r2, r4 all reached
        "peer_support.peer_groups": 1,
        "peer_support.network_groups": 1,
        "financial_groups.groups": 1,
        "financial_groups.savings_GNF": Decimal("200000.00"),
        "financial_groups.outstanding_GNF": Decimal("50000.00"),
    }
    step_3 = f"3. {STEPS[2].label}"
    assert table(response, "projects", "community_projects") == [
        [
            "Kaloum market garden",
            "Starting a new community-based project",
            "Community-based local development and livelihood activity",
            "—",
            "Proposed",
            0,
            3,
        ],
        [
            "Kaloum tailoring",
            "Supporting collective groups of returnees",
            "Collective income-generating activity",
            step_3,
            "Under implementation",
            2,
            1,
        ],
    ]
    assert table(response, "projects", "benefit_balance") == [
        ["Project participants", 2, 4, 6],
        ["Financial support group members", 2, 1, 3],
        ["All", 4, 5, 9],
    ]
    sections = {s["result"].key: s["result"] for s in response.context["sections"]}
    assert sections["projects"].warnings == []
    today = programme.today
    assert table(response, "peer_support", "peer_groups") == [
        [
            "Kaloum circle",
            "Returnee peer support (3.5.2)",
            "Mixed",
            f"{today - datetime.timedelta(days=60):%Y-%m-%d}",
            "Planned",
            2,
            0,
        ]
    ]
    assert table(response, "peer_support", "network_groups") == [
        ["Kaloum theatre", "Theatre", f"{today - datetime.timedelta(days=20):%Y-%m-%d}", "Yes", 1]
    ]
    assert table(response, "financial_groups", "financial_groups") == [
        [
            "Kaloum savings",
            "Collective saving scheme and microsavings programme",
            "Active",
            "GNF",
            2,
            1,
            Decimal("200000.00"),
            Decimal("50000.00"),
            0,
        ]
    ]
    html = response.content.decode()
    assert "Still to come" not in html


def test_a_lopsided_community_is_warned(client_for, programme_manager, programme):
    # Kankan: no project; G2's only member, Moussa, is a non-migrant.
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.kankan.pk}/")
    sections = {s["result"].key: s["result"] for s in response.context["sections"]}
    warning = (
        "100% of the people counted are non-migrants (more than 75%): check that benefits are "
        "not seen as disproportionate (handbook 3.2.1, conflict-sensitive lens)."
    )
    assert sections["projects"].warnings == [warning]
    assert warning in response.content.decode()
    assert table(response, "projects", "benefit_balance")[-1] == ["All", 0, 1, 1]
    assert table(response, "financial_groups", "financial_groups")[0][3:] == [
        "XOF",
        0,
        1,
        Decimal("5000.50"),
        Decimal("2000.00"),
        1,
    ]


def test_pikine_is_balanced_and_keeps_its_shared_out_group(
    client_for, programme_manager, programme
):
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.pikine.pk}/")
    found = new_figures(response)
    # r6 in P3; Awa still a member of the shared-out G3: one returnee, one non-migrant.
    assert (found["projects.people"], found["projects.returnee_share"]) == (2, 50.0)
    assert found["financial_groups.groups"] == 0
    assert [row[2] for row in table(response, "financial_groups", "financial_groups")] == [
        "Cycle closed by its share-out"
    ]
    assert table(response, "financial_groups", "savings_by_currency") == []


def test_an_empty_programme_shows_zeros_and_unknowns(client_for, programme_manager):
    found = new_figures(client_for(programme_manager).get("/dashboards/"))
    assert found == {
        "projects.projects": 0,
        "projects.open_projects": 0,
        "projects.participants": 0,
        "projects.returnee_share": None,
        "projects.women_share": None,
        "peer_support.coverage": None,
        "peer_support.events": 0,
        "peer_support.event_participants": 0,
        "peer_support.non_returnee_share": None,
        "peer_support.peer_groups": 0,
        "peer_support.mentorships": 0,
        "peer_support.trained_mentors": 0,
        "peer_support.network_groups": 0,
        "financial_groups.groups": 0,
        "financial_groups.members": 0,
    }
