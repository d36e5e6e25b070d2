"""The query count of every list page and list endpoint, pinned and constant as rows are
added (acceptance 4): an N+1 fails here."""

import datetime

import pytest

from communities.tests.factories import CommunityFactory
from peer_support import services
from peer_support.models import NetworkGroupMember
from peer_support.tests.factories import (
    CommunityEventFactory,
    ConsentFactory,
    MentorFactory,
    MentorshipFactory,
    MentorTrainingFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
    ReturneeFactory,
)
from reintegration.models import ReturneeInterest

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()

# Every page: 1 session, 2 user, 3 the user's role groups (navigation and staff check),
# 4-5 the user's and their groups' permissions (the permission check).
PAGE = 5
# Every list page adds: the COUNT of the paginator and the user's organization (the user
# menu of the base layout).
LIST = PAGE + 2
# Every endpoint: 1 session, 2 user, 3-4 user and group permissions.
API = 4


@pytest.fixture
def build(case_manager, supervisor):
    """``build(n)``: n of everything in one community, and a returnee interested in theatre
    and music with n matching network groups, n suggested mentors, n referrals."""

    def make(n):
        org = case_manager.organization
        community = CommunityFactory()
        target = ReturneeFactory(case_manager=case_manager, community=community)
        ConsentFactory(returnee=target)
        for kind in ("theatre", "music"):
            ReturneeInterest.objects.create(returnee=target, kind=kind)
        mentors = []
        for i in range(n):
            if i:
                mentor = MentorFactory(organization=org, community=community, trained=True)
            else:  # one former returnee among the mentors
                mentor = MentorFactory(
                    organization=org,
                    community=community,
                    trained=True,
                    kind="returnee",
                    name="",
                    returnee=ReturneeFactory(case_manager=case_manager, community=community),
                )
            mentors.append(mentor)
            MentorTrainingFactory(mentor=mentor)
            returnee = ReturneeFactory(case_manager=case_manager, community=community)
            MentorshipFactory(mentor=mentor, returnee=returnee)
            group = PeerGroupFactory(organization=org, community=community)
            PeerGroupMemberFactory(group=group, returnee=returnee)
            network = NetworkGroupFactory(community=community, kind="theatre")
            NetworkGroupMember.objects.create(group=network, returnee=returnee, joined_on=TODAY)
            CommunityEventFactory(organization=org, community=community, network_group=network)
            services.peer_referral_create(
                actor=case_manager, returnee=target, target=network, reason="r"
            )
        services.supervision_record(
            actor=supervisor,
            organization=org,
            date=TODAY,
            mentors=mentors,
            issues="Expectations",
        )
        services.supervision_record(
            actor=supervisor, organization=org, date=TODAY, mentors=mentors[:1], issues="x"
        )
        return target

    return make


def pinned(client, url, expected, django_assert_num_queries):
    client.get(url)  # warm the content-type cache, as a running server has
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("rows", [3, 12])
def test_list_pages_have_a_constant_query_count(
    client_for, case_manager, build, rows, django_assert_num_queries
):
    target = build(rows)
    client = client_for(case_manager)
    # + the community choices of the filter, + the page of mentors with community and
    # registry record, their active mentorships and last supervision as subqueries.
    response = pinned(client, "/peer-support/mentors/", LIST + 2, django_assert_num_queries)
    assert len(response.context["page"]) == rows
    # + the page of mentorships with mentor, returnee and community, meeting counts.
    response = pinned(client, "/peer-support/mentorships/", LIST + 1, django_assert_num_queries)
    assert len(response.context["page"]) == rows
    # + the page of sessions with their supervisor, + their mentors, + those mentors'
    # registry records.
    response = pinned(client, "/peer-support/supervision/", LIST + 3, django_assert_num_queries)
    assert len(response.context["page"]) == 2
    # + community choices, + the page of groups with their activity as subqueries.
    response = pinned(client, "/peer-support/groups/", LIST + 2, django_assert_num_queries)
    assert len(response.context["page"]) == rows
    # + community choices, + the page of network groups with their member counts.
    response = pinned(client, "/peer-support/networks/", LIST + 2, django_assert_num_queries)
    assert len(response.context["page"]) == rows
    # + community choices, + the page of events with community and network group.
    response = pinned(client, "/peer-support/events/", LIST + 2, django_assert_num_queries)
    assert len(response.context["page"]) == rows
    # + eight grouped figures (events, groups, group members, mentors, mentorships,
    # network groups, network members, community names) + the user's organization.
    response = pinned(client, "/peer-support/", PAGE + 9, django_assert_num_queries)
    assert response.context["totals"]["events"] == rows
    # The returnee's page: + the returnee with community and case manager, + interests,
    # + stored preference, + matching network groups, + mentor candidates, + open groups,
    # + mentorships, + group memberships, + network memberships, + peer referrals,
    # + the user's organization.
    response = pinned(
        client, f"/peer-support/returnees/{target.pk}/", PAGE + 11, django_assert_num_queries
    )
    assert len(response.context["networks"]) == rows
    assert len(response.context["suggestions"]) == min(rows, 10)
    assert len(response.context["referrals"]) == rows


@pytest.mark.parametrize("rows", [3, 12])
def test_list_endpoints_have_a_constant_query_count(
    client_for, partner, build, rows, django_assert_num_queries
):
    build(rows)
    client = client_for(partner)
    # + COUNT, + the page of groups with community, organization and activity subqueries.
    response = pinned(client, "/api/v1/peer-groups/", API + 2, django_assert_num_queries)
    assert response.json()["count"] == rows
    # + COUNT, + the page of network groups with community and member counts.
    response = pinned(client, "/api/v1/network-groups/", API + 2, django_assert_num_queries)
    assert response.json()["count"] == rows
    # + COUNT, + the page of events with community and organization.
    response = pinned(client, "/api/v1/community-events/", API + 2, django_assert_num_queries)
    assert response.json()["count"] == rows
    # + the eight grouped figures (the page is cut from the list of communities).
    response = pinned(client, "/api/v1/social-cohesion/", API + 8, django_assert_num_queries)
    assert response.json()["results"][0]["events"] == rows
