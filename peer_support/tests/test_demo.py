"""The demo seeder: plausible peer support through the services, idempotent."""

import pytest
from django.core.management import call_command

from peer_support.models import (
    CommunityEvent,
    Mentor,
    Mentorship,
    NetworkGroup,
    PeerGroup,
    PeerGroupMeeting,
    SupervisionSession,
)

pytestmark = pytest.mark.django_db
MODELS = [
    Mentor,
    Mentorship,
    PeerGroup,
    PeerGroupMeeting,
    NetworkGroup,
    CommunityEvent,
    SupervisionSession,
]


def test_seed_demo_adds_peer_support_once(capsys):
    call_command("seed_demo")
    assert "Peer support: 9 mentors, 6 mentorships, 3 peer-support groups, 12 network " in (
        capsys.readouterr().out
    )
    first = {model.__name__: model.objects.count() for model in MODELS}
    assert first == {
        "Mentor": 9,
        "Mentorship": 6,
        "PeerGroup": 3,
        "PeerGroupMeeting": 9,
        "NetworkGroup": 12,
        "CommunityEvent": 12,
        "SupervisionSession": 1,
    }
    # One trained mentor per community is overdue for the refresher, one is still in training.
    assert Mentor.objects.filter(trained_on__isnull=True).count() == 3
    call_command("seed_demo")
    assert "Peer support: already seeded (9 mentors)." in capsys.readouterr().out
    assert {model.__name__: model.objects.count() for model in MODELS} == first
