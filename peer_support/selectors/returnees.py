"""The peer-support panel of one returnee: interests, matching network groups, mentor
suggestions, open groups, and what the returnee already takes part in."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from accounts.models import User
from peer_support.models import (
    Mentor,
    Mentorship,
    NetworkGroup,
    NetworkGroupMember,
    PeerGroup,
    PeerGroupMember,
)
from peer_support.selectors.groups import matching_network_groups, open_peer_groups
from peer_support.selectors.mentors import mentor_preference, mentor_suggestions
from reintegration.models import Referral, Returnee, ReturneeInterest

CULTURAL_KINDS = frozenset(NetworkGroup.Kind.values)


def peer_referrals(*, returnee: Returnee) -> QuerySet[Referral]:
    """The returnee's referrals to a mentor, a peer-support group or a network group."""
    types = ContentType.objects.get_for_models(Mentor, PeerGroup, NetworkGroup).values()
    return Referral.objects.filter(
        returnee=returnee, target_type__in=[t.pk for t in types]
    ).order_by("-created_at", "-id")


def returnee_panel(*, user: User, returnee: Returnee, preference: str | None = None) -> dict:
    interests = list(
        ReturneeInterest.objects.filter(returnee=returnee, kind__in=CULTURAL_KINDS).order_by(
            "kind", "id"
        )
    )
    kinds = sorted({i.kind for i in interests})
    stored = mentor_preference(returnee)
    preference = stored if preference is None else preference
    return {
        "interests": interests,
        "networks": list(matching_network_groups(user=user, returnee=returnee, kinds=kinds)[:20])
        if kinds
        else [],
        "preference": preference,
        "stored_preference": stored,
        "suggestions": mentor_suggestions(user=user, returnee=returnee, preference=preference),
        "groups": list(open_peer_groups(user=user, returnee=returnee)[:20]),
        "mentorships": list(
            Mentorship.objects.filter(returnee=returnee)
            .select_related("mentor", "mentor__returnee")
            .order_by("-started_on")
        ),
        "group_memberships": list(
            PeerGroupMember.objects.filter(returnee=returnee).select_related("group")
        ),
        "network_memberships": list(
            NetworkGroupMember.objects.filter(returnee=returnee).select_related("group")
        ),
        "referrals": list(peer_referrals(returnee=returnee)),
    }
