"""Community network groups, their members, and community events (Handbook 3.5.3)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audited_create, audited_update
from accounts.models import AuditEvent, Organization, User
from peer_support.models import CommunityEvent, NetworkGroup, NetworkGroupMember
from reintegration.models import Referral, Returnee


@transaction.atomic
def network_group_create(*, actor: User | None, **fields: Any) -> NetworkGroup:
    fields["name"] = (fields.get("name") or "").strip()
    return audited_create(NetworkGroup, actor=actor, fields={"created_by": actor, **fields})


@transaction.atomic
def network_group_update(*, actor: User | None, group: NetworkGroup, **fields: Any) -> NetworkGroup:
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    return audited_update(group, actor=actor, fields=fields)


def network_group_check_can_join(*, group: NetworkGroup, returnee: Returnee) -> None:
    if not group.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": group.name})
    if group.accepts_returnees is False:
        raise ValidationError(
            _(
                "%(name)s has said it does not accept returnees: sensitise it first (handbook "
                "3.5.3) and record its answer."
            )
            % {"name": group.name}
        )
    if group.community.country != returnee.community.country:
        raise ValidationError(
            _("%(name)s is not in the returnee's country.") % {"name": group.name}
        )
    if group.members.filter(returnee=returnee).exists():
        raise ValidationError(
            _("%(reference)s is already a member of %(name)s.")
            % {"reference": returnee.reference, "name": group.name}
        )


@transaction.atomic
def network_group_member_add(
    *,
    actor: User | None,
    group: NetworkGroup,
    returnee: Returnee,
    joined_on: datetime.date | None = None,
    referral: Referral | None = None,
) -> NetworkGroupMember:
    group = NetworkGroup.objects.select_related("community").get(pk=group.pk)
    network_group_check_can_join(group=group, returnee=returnee)
    return audited_create(
        NetworkGroupMember,
        actor=actor,
        fields={
            "group": group,
            "returnee": returnee,
            "joined_on": joined_on or datetime.date.today(),
            "referral": referral,
            "added_by": actor,
        },
    )


@transaction.atomic
def event_create(
    *, actor: User | None, organization: Organization, **fields: Any
) -> CommunityEvent:
    return audited_create(
        CommunityEvent,
        actor=actor,
        fields={"organization": organization, "recorded_by": actor, **fields},
    )


@transaction.atomic
def event_update(*, actor: User | None, event: CommunityEvent, **fields: Any) -> CommunityEvent:
    return audited_update(event, actor=actor, fields=fields)


@transaction.atomic
def event_delete(*, actor: User | None, event: CommunityEvent) -> None:
    """An event recorded by mistake; the audit trail keeps its last values."""
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, instance=event)
    event.delete()
