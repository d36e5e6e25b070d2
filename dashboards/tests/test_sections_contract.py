"""Every registered section keeps the contract of dashboards/sections/__init__.py: it returns
the tables it declares, with keys unique on its page, in exactly its declared number of
queries, the same however many communities and returnees there are; and every table
downloads as CSV and XLSX. A new section (projects, peer support...) is checked here as soon
as it is registered."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.tests.factories import CommunityFactory, ServiceFactory
from dashboards.periods import default_period
from dashboards.scope import CommunityScope, DashboardFilters, OverviewScope
from dashboards.sections import COMMUNITY_SECTIONS, OVERVIEW_SECTIONS
from dashboards.tests import data, data_projects
from peer_support.tests.factories import (
    CommunityEventFactory,
    MentorFactory,
    MentorshipFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
)
from projects.models import Approach, Kind, LedgerEntry
from reintegration.models import HouseholdMember, Referral
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db

ALL = [("overview", s) for s in OVERVIEW_SECTIONS] + [("community", s) for s in COMMUNITY_SECTIONS]


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


def grow(case_manager, *, communities: int) -> None:
    """More of everything each section reads: communities with returnees, household
    children, referrals and scores; projects with participants, financial support groups
    with members and ledger entries, mentorships, peer and network groups with members, and
    events."""
    today = datetime.date.today()
    for n in range(communities):
        community = CommunityFactory(name=f"Grown {n}", admin1=f"Region {n % 3}")
        service = ServiceFactory(community=community)
        grown = []
        for m in range(2):
            returnee = ReturneeFactory(
                community=community,
                case_manager=case_manager,
                return_date=today - datetime.timedelta(days=30 * m + n),
            )
            HouseholdMember.objects.create(
                returnee=returnee, relationship="child", age=6, school_enrolled=bool(m)
            )
            Referral.objects.create(
                returnee=returnee,
                target_type=ContentType.objects.get_for_model(service),
                target_id=service.pk,
                target_label=service.name,
                reason="Grown",
                referred_by=case_manager,
            )
            grown.append(returnee)
        data._score(community, "conditional", "50.0", days_ago=n % 5)
        _grow_programme(case_manager, community, grown, n)


def _grow_programme(case_manager, community, returnees, n) -> None:
    organization = case_manager.organization
    project = data_projects._project(
        f"Grown project {n}",
        [community],
        organization,
        case_manager,
        approach=Approach.NEW_COMMUNITY_PROJECT,
        kind=Kind.LOCAL_DEVELOPMENT,
    )
    joined = datetime.date.today() - datetime.timedelta(days=5)
    data_projects._participant(project, returnees[0], joined)
    data_projects._participant(project, (f"Neighbour {n}", "female"), joined)
    group = data_projects._group(
        f"Grown savings {n}",
        community,
        organization,
        "collective_savings",
        "GNF" if n % 2 else "XOF",
    )
    books = data_projects._Ledger(group, case_manager)
    for who in (returnees[1], f"Member {n}"):
        books.entry(LedgerEntry.Kind.CONTRIBUTION, data_projects._member(group, who), "10")
    mentor = MentorFactory(organization=organization, community=community, trained=True)
    MentorshipFactory(mentor=mentor, returnee=returnees[0])
    peer_group = PeerGroupFactory(organization=organization, community=community)
    PeerGroupMemberFactory(group=peer_group, returnee=returnees[1])
    network = NetworkGroupFactory(community=community)
    network.members.create(returnee=returnees[0], joined_on=datetime.date.today())
    CommunityEventFactory(organization=organization, community=community)


def scope_for(page, user, programme):
    today = datetime.date.today()
    if page == "overview":
        start, end = default_period(today)
        return OverviewScope(user=user, filters=DashboardFilters(start=start, end=end), today=today)
    return CommunityScope(user=user, community=programme.kaloum, today=today)


def run(section, scope) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        result = section.build(scope)
    return result, len(queries)


@pytest.mark.parametrize(("page", "section"), ALL, ids=[f"{p}-{s.key}" for p, s in ALL])
def test_section_contract(page, section, programme, programme_manager, case_manager):
    assert programme_manager.roles  # looked up now: the role query is the page's, not the section's
    scope = scope_for(page, programme_manager, programme)
    result, count = run(section, scope)
    assert result.key == section.key
    assert [t.key for t in result.tables] == list(section.tables)
    assert len({f.key for f in result.figures}) == len(result.figures)
    for table in result.tables:
        assert all(len(row) == len(table.columns) for row in table.rows), table.key
    assert count == section.queries, f"{section.key}: {count} queries, declares {section.queries}"
    grow(case_manager, communities=12)
    _, grown = run(section, scope)
    assert grown == section.queries, f"{section.key}: {grown} queries with more communities"


@pytest.mark.parametrize(
    ("page", "sections"), [("overview", OVERVIEW_SECTIONS), ("community", COMMUNITY_SECTIONS)]
)
def test_table_keys_are_unique_on_each_page(page, sections):
    keys = [key for section in sections for key in section.tables]
    assert len(keys) == len(set(keys))
    assert len({s.key for s in sections}) == len(sections)


@pytest.mark.parametrize(("page", "section"), ALL, ids=[f"{p}-{s.key}" for p, s in ALL])
def test_every_table_downloads(client_for, programme_manager, programme, page, section):
    client = client_for(programme_manager)
    base = (
        "/dashboards/" if page == "overview" else f"/dashboards/communities/{programme.kaloum.pk}/"
    )
    for key in section.tables:
        for fmt, content_type in [
            ("csv", "text/csv; charset=utf-8"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ]:
            response = client.get(f"{base}tables/{key}.{fmt}")
            assert response.status_code == 200, (key, fmt)
            assert response["Content-Type"] == content_type
            assert "attachment" in response["Content-Disposition"]
