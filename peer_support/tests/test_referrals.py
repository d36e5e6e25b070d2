"""Mentors, peer-support groups and network groups as referral targets: accepting a
referral enrols through this app's services, and their refusals roll the acceptance back."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from peer_support import services
from peer_support.models import Mentorship, NetworkGroupMember, PeerGroupMember
from peer_support.tests.factories import (
    ConsentFactory,
    MentorFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    ReturneeFactory,
)
from reintegration import referral_targets
from reintegration import services as registry
from reintegration.models import Referral

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def returnee(case_manager):
    returnee = ReturneeFactory(case_manager=case_manager)
    ConsentFactory(returnee=returnee)
    return returnee


def accept(referral, actor):
    return registry.referral_transition(actor=actor, referral=referral, to_status="accepted")


def test_the_three_targets_are_registered():
    assert {
        label: target.label
        for label, target in referral_targets.all_targets().items()
        if label.startswith("peer_support.")
    } == {
        "peer_support.mentor": "Mentor",
        "peer_support.peergroup": "Peer-support group",
        "peer_support.networkgroup": "Community network group",
    }


def test_only_trained_active_mentors_with_room_are_offered(case_manager, returnee):
    org = case_manager.organization
    trained = MentorFactory(organization=org, name="Trained", trained=True)
    MentorFactory(organization=org, name="Untrained")
    MentorFactory(organization=org, name="Inactive", trained=True, is_active=False)
    offered = referral_targets.get("peer_support.mentor").choices_for(community=returnee.community)
    assert list(offered) == [trained]


def test_accepting_a_mentor_referral_starts_the_mentorship(case_manager, returnee):
    mentor = MentorFactory(organization=case_manager.organization, trained=True)
    referral = services.peer_referral_create(
        actor=case_manager, returnee=returnee, target=mentor, reason="Isolated since return"
    )
    assert referral.target_organization == case_manager.organization
    accept(referral, case_manager)
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.returnee, mentorship.referral, mentorship.status) == (
        mentor,
        returnee,
        referral,
        "active",
    )
    assert mentorship.started_on == TODAY


def test_accepting_a_referral_to_an_untrained_mentor_is_refused(case_manager, returnee):
    mentor = MentorFactory(organization=case_manager.organization, name="Not Yet")
    with pytest.raises(ValidationError, match="Not Yet has not completed the initial training"):
        services.peer_referral_create(
            actor=case_manager, returnee=returnee, target=mentor, reason="r"
        )
    assert Referral.objects.count() == 0
    # A referral made around the check (the generic form) cannot be accepted either.
    referral = registry.referral_create(
        actor=case_manager, returnee=returnee, target=mentor, reason="r"
    )
    with pytest.raises(ValidationError, match="has not completed the initial training"):
        accept(referral, case_manager)
    referral.refresh_from_db()
    assert referral.status == "proposed"
    assert [h.to_status for h in referral.history.all()] == ["proposed"]
    assert Mentorship.objects.count() == 0


def test_a_peer_group_referral_before_the_first_meeting_adds_the_member(case_manager, returnee):
    group = PeerGroupFactory(organization=case_manager.organization)
    referral = services.peer_referral_create(
        actor=case_manager, returnee=returnee, target=group, reason="Feels isolated"
    )
    accept(referral, case_manager)
    member = PeerGroupMember.objects.get()
    assert (member.group, member.returnee, member.referral, member.late_join_reason) == (
        group,
        returnee,
        referral,
        "",
    )


def test_a_running_group_is_joined_with_a_reason_from_its_page(case_manager, returnee):
    group = PeerGroupFactory(organization=case_manager.organization, name="Ratoma")
    services.peer_group_meeting_record(actor=case_manager, group=group, date=TODAY)
    referral = services.peer_referral_create(
        actor=case_manager, returnee=returnee, target=group, reason="Lives next door"
    )
    with pytest.raises(ValidationError, match="Ratoma has already met: newcomers form new groups"):
        accept(referral, case_manager)
    referral.refresh_from_db()
    assert (referral.status, PeerGroupMember.objects.count()) == ("proposed", 0)
    with pytest.raises(ValidationError, match="Give the reason for joining this one"):
        services.peer_group_referral_accept(actor=case_manager, referral=referral)
    assert (Referral.objects.get().status, PeerGroupMember.objects.count()) == ("proposed", 0)
    member = services.peer_group_referral_accept(
        actor=case_manager, referral=referral, late_join_reason="Knows three members already"
    )
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert member.late_join_reason == "Knows three members already"
    assert referral.history.last().note == "Joined Ratoma: Knows three members already"


def test_a_network_group_referral_is_answered_by_the_referring_organization(case_manager, returnee):
    group = NetworkGroupFactory(community=returnee.community, kind="theatre")
    referral = services.peer_referral_create(
        actor=case_manager, returnee=returnee, target=group, reason="Interest in theatre"
    )
    assert referral.target_organization is None
    accept(referral, case_manager)
    member = NetworkGroupMember.objects.get()
    assert (member.group, member.returnee, member.referral) == (group, returnee, referral)


def test_a_group_that_refuses_returnees_is_not_referred_to(case_manager, returnee):
    group = NetworkGroupFactory(community=returnee.community, accepts_returnees=False)
    with pytest.raises(ValidationError, match="has said it does not accept returnees"):
        services.peer_referral_create(
            actor=case_manager, returnee=returnee, target=group, reason="r"
        )
    assert Referral.objects.count() == 0
    offered = referral_targets.get("peer_support.networkgroup").choices_for(
        community=returnee.community
    )
    assert list(offered) == []
