"""Mentors, peer-support groups and network groups as referral targets (DESIGN.md,
Referrals), registered with ``reintegration.referral_targets`` from AppConfig.ready().

Who answers a referral (``organization_of``): a mentor's or a peer group's organization;
a network group's organization when it uses the app, otherwise (None) the referring
organization, whose case manager accepts once the group has welcomed the returnee.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from reintegration import referral_targets


def register() -> None:
    from peer_support import rules, services
    from peer_support.models import Mentor, NetworkGroup, PeerGroup
    from peer_support.selectors.groups import with_activity
    from peer_support.selectors.mentors import with_load

    referral_targets.register(
        referral_targets.ReferralTarget(
            model=Mentor,
            label=_("Mentor"),
            organization_of=lambda mentor: mentor.organization,
            country_of=lambda mentor: mentor.community.country,
            # Only trained, active mentors with a free place (handbook 3.5.2).
            choices_for=lambda *, community: (
                with_load(
                    Mentor.objects.filter(
                        community__country=community.country,
                        is_active=True,
                        trained_on__isnull=False,
                    ).select_related("returnee", "community")
                )
                .filter(active_mentorships__lt=F("capacity"))
                .order_by("sort_name", "pk")
            ),
            enrol=services.enrol_mentor,
        )
    )
    referral_targets.register(
        referral_targets.ReferralTarget(
            model=PeerGroup,
            label=_("Peer-support group"),
            organization_of=lambda group: group.organization,
            country_of=lambda group: group.community.country,
            choices_for=lambda *, community: (
                with_activity(
                    PeerGroup.objects.filter(
                        community__country=community.country, closed_on__isnull=True
                    )
                )
                .filter(participants__lt=rules.HARD_MAX_PARTICIPANTS)
                .order_by("name", "pk")
            ),
            enrol=services.enrol_peer_group,
        )
    )
    referral_targets.register(
        referral_targets.ReferralTarget(
            model=NetworkGroup,
            label=_("Community network group"),
            organization_of=lambda group: group.organization,
            country_of=lambda group: group.community.country,
            choices_for=lambda *, community: (
                NetworkGroup.objects.filter(community__country=community.country, is_active=True)
                .exclude(accepts_returnees=False)
                .order_by("name", "pk")
            ),
            enrol=services.enrol_network_group,
        )
    )
