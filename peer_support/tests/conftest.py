"""Fixtures shared by the peer-support tests."""

import pytest

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


@pytest.fixture
def data(case_manager):
    """One of each record, in the case manager's organization and one community."""
    org = case_manager.organization
    mentor = MentorFactory(organization=org, name="Fanta Kouyaté", trained=True)
    MentorTrainingFactory(mentor=mentor)
    returnee = ReturneeFactory(case_manager=case_manager, community=mentor.community)
    ConsentFactory(returnee=returnee)
    mentorship = MentorshipFactory(mentor=mentor, returnee=returnee)
    group = PeerGroupFactory(organization=org, community=mentor.community, name="Circle")
    member = PeerGroupMemberFactory(group=group, returnee=returnee)
    network = NetworkGroupFactory(community=mentor.community, name="Troupe Kaloum")
    event = CommunityEventFactory(organization=org, community=mentor.community, title="Dialogue")
    return {
        "mentor": mentor,
        "returnee": returnee,
        "mentorship": mentorship,
        "group": group,
        "member": member,
        "network": network,
        "event": event,
    }
