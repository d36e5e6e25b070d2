"""Referrals to mentors, peer-support groups and network groups (DESIGN.md, Referrals).

``reintegration`` owns referrals; this app registers its targets (see ``targets.py``), and
accepting a referral calls the ``enrol_*`` function here in the same transaction, which
applies this app's rules: a refusal rolls the acceptance back and says why.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from peer_support.models import (
    Mentor,
    Mentorship,
    NetworkGroup,
    NetworkGroupMember,
    PeerGroup,
    PeerGroupMember,
)
from peer_support.services.groups import peer_group_check_can_join, peer_group_member_add
from peer_support.services.mentorships import mentor_check_can_take, mentorship_start
from peer_support.services.networks import (
    network_group_check_can_join,
    network_group_member_add,
)
from reintegration.models import Referral, Returnee
from reintegration.services import referral_create, referral_transition


def enrol_mentor(*, referral: Referral, actor: User) -> None:
    if Mentorship.objects.filter(referral=referral).exists():
        return
    mentorship_start(
        actor=actor, mentor=referral.target, returnee=referral.returnee, referral=referral
    )


def enrol_peer_group(*, referral: Referral, actor: User) -> None:
    """Before the group's first meeting the returnee joins on acceptance. Once it has met,
    the newcomer rule asks for a reason, which the generic referral page does not collect:
    the acceptance is refused and points to the group's page, which accepts with one."""
    group: PeerGroup = referral.target
    if PeerGroupMember.objects.filter(group=group, returnee=referral.returnee).exists():
        return  # accepted from the group's page, which added the member first
    if group.meetings.exists():
        url = reverse("peer_support:group", kwargs={"pk": group.pk})
        raise ValidationError(
            _(
                "%(name)s has already met: newcomers form new groups (handbook 3.5.2). To add "
                "%(reference)s anyway, accept the referral from the group's page (%(url)s) with "
                "the reason."
            )
            % {"name": group.name, "reference": referral.returnee.reference, "url": url}
        )
    peer_group_member_add(actor=actor, group=group, returnee=referral.returnee, referral=referral)


def enrol_network_group(*, referral: Referral, actor: User) -> None:
    if NetworkGroupMember.objects.filter(referral=referral).exists():
        return
    network_group_member_add(
        actor=actor, group=referral.target, returnee=referral.returnee, referral=referral
    )


def check_referable(*, target: models.Model, returnee: Returnee) -> None:
    """This app's rules, checked before a referral is made so a case manager is not left
    with a referral that can never be accepted."""
    if isinstance(target, Mentor):
        mentor_check_can_take(mentor=target, returnee=returnee)
    elif isinstance(target, PeerGroup):
        peer_group_check_can_join(group=target, returnee=returnee)
    elif isinstance(target, NetworkGroup):
        network_group_check_can_join(group=target, returnee=returnee)


@transaction.atomic
def peer_referral_create(
    *,
    actor: User,
    returnee: Returnee,
    target: models.Model,
    reason: str,
    follow_up_date: datetime.date | None = None,
) -> Referral:
    """The one-click referral of the returnee's peer-support page."""
    check_referable(target=target, returnee=returnee)
    return referral_create(
        actor=actor,
        returnee=returnee,
        target=target,
        reason=reason,
        follow_up_date=follow_up_date,
    )


@transaction.atomic
def peer_group_referral_accept(
    *, actor: User, referral: Referral, late_join_reason: str = ""
) -> PeerGroupMember:
    """Accept a referral to a group from the group's page: the member is added with the
    newcomer's reason when the group has met, then the referral becomes accepted."""
    referral = Referral.objects.select_related("returnee__community").get(pk=referral.pk)
    group = referral.target
    if not isinstance(group, PeerGroup):
        raise ValidationError(_("This referral is not to a peer-support group."))
    if referral.status != Referral.Status.PROPOSED:
        raise ValidationError(
            _("This referral is %(lower)s, not proposed.")
            % {"lower": referral.get_status_display().lower()}
        )
    member = peer_group_member_add(
        actor=actor,
        group=group,
        returnee=referral.returnee,
        late_join_reason=late_join_reason,
        referral=referral,
    )
    referral_transition(
        actor=actor,
        referral=referral,
        to_status=Referral.Status.ACCEPTED,
        note=f"Joined {group.name}" + (f": {late_join_reason.strip()}" if late_join_reason else ""),
    )
    return member
