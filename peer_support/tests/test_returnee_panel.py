"""The returnee's peer-support page: matching network groups and mentors, one-click
referrals with this app's rules checked first, the gender preference; and accepting a
referral into a running group with the newcomer's reason."""

import datetime

import pytest

from accounts.models import AuditEvent
from peer_support import services
from peer_support.models import NetworkGroup, PeerGroup
from peer_support.tests.factories import (
    ConsentFactory,
    MentorFactory,
    NetworkGroupFactory,
    ReturneeFactory,
)
from reintegration.models import Referral, ReturneeInterest

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def theatre_returnee(case_manager, data):
    returnee = data["returnee"]
    ReturneeInterest.objects.create(returnee=returnee, kind="theatre")
    return returnee


def test_the_panel_shows_matching_groups_and_mentors(client_for, case_manager, theatre_returnee):
    other = MentorFactory(
        organization=case_manager.organization,
        name="Awa Condé",
        community=theatre_returnee.community,
        trained=True,
    )
    NetworkGroupFactory(community=theatre_returnee.community, kind="music", name="Choir")
    page = (
        client_for(case_manager)
        .get(f"/peer-support/returnees/{theatre_returnee.pk}/")
        .content.decode()
    )
    assert "Troupe Kaloum" in page
    assert "Choir" not in page  # music is not one of the returnee's interests
    assert "Awa Condé" in page and other.display_name in page
    # Fanta already mentors the returnee: not suggested again.
    assert 'Refer<span class="visually-hidden"> to Fanta' not in page


def test_one_click_referral_to_a_network_group(client_for, case_manager, theatre_returnee, data):
    client = client_for(case_manager)
    response = client.post(
        f"/peer-support/returnees/{theatre_returnee.pk}/refer/",
        {
            "target": f"peer_support.networkgroup:{data['network'].pk}",
            "reason": "Interest in theatre identified during counselling",
        },
        follow=True,
    )
    assert "Referred to Troupe Kaloum (theatre group)." in response.content.decode()
    referral = Referral.objects.get()
    assert (referral.target, referral.follow_up_date, referral.status) == (
        data["network"],
        TODAY + 14 * DAY,
        "proposed",
    )
    # The panel now shows it as referred, not offered again.
    assert 'Refer<span class="visually-hidden"> to Troupe Kaloum' not in response.content.decode()


def test_one_click_referral_to_an_untrained_mentor_is_refused(
    client_for, case_manager, theatre_returnee
):
    untrained = MentorFactory(organization=case_manager.organization, name="Not Yet")
    before = (AuditEvent.objects.count(), Referral.objects.count())
    response = client_for(case_manager).post(
        f"/peer-support/returnees/{theatre_returnee.pk}/refer/",
        {"target": f"peer_support.mentor:{untrained.pk}"},
        follow=True,
    )
    assert "Nothing was referred: Not Yet has not completed the initial training" in (
        response.content.decode()
    )
    assert (AuditEvent.objects.count(), Referral.objects.count()) == before


def test_only_peer_support_targets_are_referred_from_the_panel(
    client_for, case_manager, theatre_returnee
):
    from communities.tests.factories import ServiceFactory

    service = ServiceFactory(community=theatre_returnee.community)
    response = client_for(case_manager).post(
        f"/peer-support/returnees/{theatre_returnee.pk}/refer/",
        {"target": f"communities.service:{service.pk}"},
        follow=True,
    )
    assert "Nothing was referred: choose a mentor or a group on this page." in (
        response.content.decode()
    )
    assert Referral.objects.count() == 0


def test_the_gender_preference_is_saved_and_used(client_for, case_manager, theatre_returnee):
    client = client_for(case_manager)
    client.post(
        f"/peer-support/returnees/{theatre_returnee.pk}/preference/", {"mentor_sex": "male"}
    )
    assert theatre_returnee.mentoring_preference.mentor_sex == "male"
    page = client.get(f"/peer-support/returnees/{theatre_returnee.pk}/").content.decode()
    assert 'value="male" selected' in page


def test_a_colleague_of_another_role_cannot_refer(client_for, programme_manager, theatre_returnee):
    network = NetworkGroup.objects.get()
    response = client_for(programme_manager).post(
        f"/peer-support/returnees/{theatre_returnee.pk}/refer/",
        {"target": f"peer_support.networkgroup:{network.pk}"},
    )
    assert response.status_code == 403
    assert Referral.objects.count() == 0


def test_accepting_a_referral_into_a_running_group_asks_the_reason(client_for, case_manager, data):
    group = data["group"]
    services.peer_group_meeting_record(actor=case_manager, group=group, date=TODAY)
    newcomer = ReturneeFactory(case_manager=case_manager)
    ConsentFactory(returnee=newcomer)
    referral = services.peer_referral_create(
        actor=case_manager, returnee=newcomer, target=group, reason="Lives nearby"
    )
    client = client_for(case_manager)
    page = client.get(f"/peer-support/groups/{group.pk}/").content.decode()
    assert f"/peer-support/groups/{group.pk}/referrals/{referral.pk}/accept/" in page
    url = f"/peer-support/groups/{group.pk}/referrals/{referral.pk}/accept/"
    response = client.post(url, {"late_join_reason": ""})
    assert "Give the reason for joining this one" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == "proposed"
    client.post(url, {"late_join_reason": "Her cousin is in the group"})
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
    assert PeerGroup.objects.get().members.filter(returnee=newcomer).exists()
