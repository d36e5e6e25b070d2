"""Mentors, peer-support groups, community networks and events (Handbook 3.5 and 6.3.5)."""

from peer_support.models.groups import (
    PeerGroup,
    PeerGroupAttendance,
    PeerGroupMeeting,
    PeerGroupMember,
)
from peer_support.models.mentors import (
    Mentor,
    MentoringPreference,
    Mentorship,
    MentorshipMeeting,
    MentorTraining,
    PreferredMentorSex,
    SupervisionSession,
)
from peer_support.models.networks import CommunityEvent, NetworkGroup, NetworkGroupMember

__all__ = [
    "CommunityEvent",
    "Mentor",
    "MentorTraining",
    "MentoringPreference",
    "Mentorship",
    "MentorshipMeeting",
    "NetworkGroup",
    "NetworkGroupMember",
    "PeerGroup",
    "PeerGroupAttendance",
    "PeerGroupMeeting",
    "PeerGroupMember",
    "PreferredMentorSex",
    "SupervisionSession",
]
