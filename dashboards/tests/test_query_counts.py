"""The pages' query counts are pinned and do not grow with the number of communities
(STYLE.md rule 11; issue 8: "query count independent of the number of communities")."""

import pytest

from dashboards.tests import data
from dashboards.tests.test_sections_contract import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


def test_overview_query_count(
    client_for, programme_manager, case_manager, programme, django_assert_num_queries
):
    client = client_for(programme_manager)
    # 1 session, 1 user, 1 the user's role groups, 1 the countries with communities, 1 their
    # first-level areas; returnees: 1 arrivals per month, 1 registrations per month, 1 open
    # and total, 1 by area; referrals: 1 by status, 1 median days to acceptance, 1 open and
    # overdue; suitability: 1 communities, 1 latest scores by band; children: 1 child
    # returnees, 1 household children by enrolment and sex; projects: 1 projects by approach,
    # kind and step, 1 active participants by returnee and gender; peer support: 1 coverage
    # of recent returnees (an Exists per kind), then peer_support's social-cohesion selector:
    # 1 events by category, 1 peer groups running, 1 their participants, 1 mentors trained,
    # 1 active mentorships, 1 network groups, 1 network members, 1 the communities' names;
    # financial groups: 1 groups with their members and ledger totals; 1 the user's
    # organization (page text and navigation).
    with django_assert_num_queries(29):
        assert client.get("/dashboards/?country=GIN").status_code == 200
    grow(case_manager, communities=15)
    with django_assert_num_queries(29):
        assert client.get("/dashboards/?country=GIN").status_code == 200


def test_map_query_count(
    client_for, programme_manager, case_manager, programme, django_assert_num_queries
):
    client = client_for(programme_manager)
    # 1 session, 1 user, 1 role groups, 1 countries, 1 areas, 1 communities with their latest
    # band, 1 arrivals per community, 1 the user's organization.
    with django_assert_num_queries(8):
        assert client.get("/dashboards/map/").status_code == 200
    grow(case_manager, communities=15)
    with django_assert_num_queries(8):
        assert client.get("/dashboards/map/").status_code == 200


def test_community_query_count(
    client_for, programme_manager, case_manager, programme, django_assert_num_queries
):
    client = client_for(programme_manager)
    url = f"/dashboards/communities/{programme.kaloum.pk}/"
    # 1 session, 1 user, 1 role groups, 1 the community; arrivals: 1 per month, 1 stock;
    # suitability: 1 history, 1 latest score; profile: 1 two latest final profiles, 1 their
    # entries with indicators; projects: 1 the community's projects with their participants,
    # 1 financial group members by returnee or not (the balance); peer support: 1 coverage,
    # 1 peer groups with their activity, 1 network groups with their members; financial
    # groups: 1 the community's groups with their totals; 1 the user's organization.
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
    grow(case_manager, communities=15)
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
