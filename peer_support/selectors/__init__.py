"""Reads of the peer-support app. Every queryset starts from an access function, so no read
can see more than the user may (the aggregates are counts, with no person in them)."""

from peer_support.selectors.cohesion import (
    CATEGORIES,
    FIGURES,
    social_cohesion_by_community,
    social_cohesion_totals,
)
from peer_support.selectors.groups import (
    GROUP_STATUSES,
    api_event_list,
    api_network_group_list,
    api_peer_group_list,
    event_list,
    group_referrals,
    group_size_warning,
    group_status,
    matching_network_groups,
    network_group_detail,
    network_group_list,
    open_peer_groups,
    peer_group_detail,
    peer_group_list,
)
from peer_support.selectors.mentors import (
    MENTOR_STATES,
    mentor_candidates,
    mentor_detail,
    mentor_list,
    mentor_preference,
    mentor_suggestions,
    mentorship_detail,
    mentorship_list,
    supervision_list,
)
from peer_support.selectors.returnees import peer_referrals, returnee_panel

__all__ = [
    "CATEGORIES",
    "FIGURES",
    "GROUP_STATUSES",
    "MENTOR_STATES",
    "api_event_list",
    "api_network_group_list",
    "api_peer_group_list",
    "event_list",
    "group_referrals",
    "group_size_warning",
    "group_status",
    "matching_network_groups",
    "mentor_candidates",
    "mentor_detail",
    "mentor_list",
    "mentor_preference",
    "mentor_suggestions",
    "mentorship_detail",
    "mentorship_list",
    "network_group_detail",
    "network_group_list",
    "open_peer_groups",
    "peer_group_detail",
    "peer_group_list",
    "peer_referrals",
    "returnee_panel",
    "social_cohesion_by_community",
    "social_cohesion_totals",
    "supervision_list",
]
