"""Peer-support groups with the handbook's rules (3.5.2): leaders' approval before the first
meeting, one to six initial meetings, an extension up to one year, ideally 8 to 20
participants (refused above the hard maximum), newcomers only with a reason once the group
has met, attendance only of members."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.audit import audit_record, audited_create, audited_update
from accounts.models import AuditEvent, Organization, User
from peer_support import rules
from peer_support.models import PeerGroup, PeerGroupMeeting, PeerGroupMember
from reintegration.models import Referral, Returnee

EXCLUDED_SEX = rules.EXCLUDED_SEX


def _check_facilitator(organization_id: int, returnee: Returnee | None) -> None:
    if returnee is not None and returnee.organization_id != organization_id:
        raise ValidationError(
            {"facilitator_returnee": _("The facilitator must be in your organization's registry.")}
        )


@transaction.atomic
def peer_group_create(
    *, actor: User | None, organization: Organization, **fields: Any
) -> PeerGroup:
    _check_facilitator(organization.pk, fields.get("facilitator_returnee"))
    return audited_create(
        PeerGroup,
        actor=actor,
        fields={"organization": organization, "created_by": actor, **fields},
    )


@transaction.atomic
def peer_group_update(*, actor: User | None, group: PeerGroup, **fields: Any) -> PeerGroup:
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    _check_facilitator(group.organization_id, fields.get("facilitator_returnee"))
    meetings = group.meetings.all()
    held = meetings.filter(kind=PeerGroupMeeting.Kind.INITIAL).count()
    planned = fields.get("planned_initial_meetings")
    if planned is not None and planned < held:
        raise ValidationError(
            {
                "planned_initial_meetings": _(
                    "The group has held %(held)s initial meetings: plan at least as many."
                )
                % {"held": held}
            }
        )
    first = meetings.order_by("date").values_list("date", flat=True).first()
    started_on = fields.get("started_on")
    if started_on and first and started_on > first:
        raise ValidationError(
            {
                "started_on": _("The group met on %(first)s: it started by then.")
                % {"first": format(first, "%Y-%m-%d")}
            }
        )
    composition = fields.get("composition")
    excluded = EXCLUDED_SEX.get(composition)
    if excluded and group.members.filter(left_on__isnull=True, returnee__sex=excluded).exists():
        raise ValidationError(
            {
                "composition": _("The group has %(excluded)s members: it cannot become %(lower)s.")
                % {"excluded": excluded, "lower": PeerGroup.Composition(composition).label.lower()}
            }
        )
    return audited_update(group, actor=actor, fields=fields)


@transaction.atomic
def peer_group_record_approval(
    *,
    actor: User | None,
    group: PeerGroup,
    informed_on: datetime.date,
    approved_by: str,
    approved_on: datetime.date,
) -> PeerGroup:
    """3.5.2: "Community leaders and peers should be informed about the group ... This would
    require the approval from community leaders"."""
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    first = group.meetings.order_by("date").values_list("date", flat=True).first()
    if first and approved_on > first:
        raise ValidationError(
            {
                "leaders_approved_on": _(
                    "The group first met on %(first)s: the approval came before it."
                )
                % {"first": format(first, "%Y-%m-%d")}
            }
        )
    if not approved_by.strip():
        raise ValidationError({"leaders_approved_by": _("Say which leaders approved.")})
    return audited_update(
        group,
        actor=actor,
        fields={
            "leaders_informed_on": informed_on,
            "leaders_approved_by": approved_by.strip(),
            "leaders_approved_on": approved_on,
        },
    )


@transaction.atomic
def peer_group_extend(
    *, actor: User | None, group: PeerGroup, until: datetime.date | None
) -> PeerGroup:
    """3.5.2: "that the group can decide to extend up to one year" (from its start)."""
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    last = group.meetings.filter(kind=PeerGroupMeeting.Kind.EXTENSION).aggregate(d=Max("date"))
    if last["d"] and (until is None or until < last["d"]):
        raise ValidationError(
            {
                "extended_until": _(
                    "The group met during its extension on %(date)s: the extension cannot end "
                    "before."
                )
                % {"date": format(last["d"], "%Y-%m-%d")}
            }
        )
    return audited_update(group, actor=actor, fields={"extended_until": until})


@transaction.atomic
def peer_group_close(
    *, actor: User | None, group: PeerGroup, closed_on: datetime.date
) -> PeerGroup:
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    if group.closed_on:
        raise ValidationError(
            _("The group was closed on %(closed_on)s.")
            % {"closed_on": format(group.closed_on, "%Y-%m-%d")}
        )
    if closed_on > datetime.date.today():
        raise ValidationError({"closed_on": _("The closing date cannot be in the future.")})
    last = group.meetings.aggregate(d=Max("date"))["d"]
    if last and closed_on < last:
        raise ValidationError(
            {
                "closed_on": _("The group met on %(last)s: it closes on or after that day.")
                % {"last": format(last, "%Y-%m-%d")}
            }
        )
    return audited_update(group, actor=actor, fields={"closed_on": closed_on})


def peer_group_check_can_join(*, group: PeerGroup, returnee: Returnee) -> None:
    """Why the returnee cannot join, as a ValidationError (used before a referral too)."""
    if group.closed_on:
        raise ValidationError(
            _("%(name)s closed on %(closed_on)s.")
            % {"name": group.name, "closed_on": format(group.closed_on, "%Y-%m-%d")}
        )
    if group.community.country != returnee.community.country:
        raise ValidationError(
            _("%(name)s is not in the returnee's country.") % {"name": group.name}
        )
    excluded = EXCLUDED_SEX.get(group.composition)
    if excluded and returnee.sex == excluded:
        raise ValidationError(
            _(
                "%(name)s is a %(lower)s group (handbook 3.5.2 asks to consider single-gender "
                "groups): choose another group."
            )
            % {"name": group.name, "lower": group.get_composition_display().lower()}
        )
    if group.members.filter(returnee=returnee).exists():
        raise ValidationError(
            _("%(reference)s is already a member of %(name)s.")
            % {"reference": returnee.reference, "name": group.name}
        )
    count = group.members.filter(left_on__isnull=True).count()
    if count >= rules.HARD_MAX_PARTICIPANTS:
        raise ValidationError(
            _(
                "%(name)s has %(count)s participants, the maximum (%(hard_max_participants)s; "
                "ideally %(ideal_min_participants)s to %(ideal_max_participants)s, handbook "
                "3.5.2): form a new group."
            )
            % {
                "name": group.name,
                "count": count,
                "hard_max_participants": rules.HARD_MAX_PARTICIPANTS,
                "ideal_min_participants": rules.IDEAL_MIN_PARTICIPANTS,
                "ideal_max_participants": rules.IDEAL_MAX_PARTICIPANTS,
            }
        )


@transaction.atomic
def peer_group_member_add(
    *,
    actor: User | None,
    group: PeerGroup,
    returnee: Returnee,
    joined_on: datetime.date | None = None,
    late_join_reason: str = "",
    referral: Referral | None = None,
) -> PeerGroupMember:
    """3.5.2: "newcomers should not be included in existing groups and instead form new
    ones, this can be kept flexible due to geographical distances and consideration of
    existing bonds": once the group has met, a newcomer needs the reason."""
    group = PeerGroup.objects.select_for_update().select_related("community").get(pk=group.pk)
    peer_group_check_can_join(group=group, returnee=returnee)
    joined_on = joined_on or datetime.date.today()
    if joined_on < group.started_on:
        joined_on = group.started_on  # joining before the start means joining at the start
    if joined_on < returnee.return_date:
        raise ValidationError(
            {
                "joined_on": _("%(reference)s returned on %(return_date)s: they join after that.")
                % {
                    "reference": returnee.reference,
                    "return_date": format(returnee.return_date, "%Y-%m-%d"),
                }
            }
        )
    first = group.meetings.order_by("date").values_list("date", flat=True).first()
    if first and not late_join_reason.strip():
        raise ValidationError(
            {
                "late_join_reason": _(
                    "%(name)s has met since %(first)s: newcomers form new groups (handbook "
                    "3.5.2). Give the reason for joining this one (distance, existing bonds...)."
                )
                % {"name": group.name, "first": format(first, "%Y-%m-%d")}
            }
        )
    return audited_create(
        PeerGroupMember,
        actor=actor,
        fields={
            "group": group,
            "returnee": returnee,
            "joined_on": joined_on,
            "late_join_reason": late_join_reason.strip() if first else "",
            "referral": referral,
            "added_by": actor,
        },
    )


@transaction.atomic
def peer_group_member_leave(
    *, actor: User | None, member: PeerGroupMember, left_on: datetime.date
) -> PeerGroupMember:
    if member.left_on:
        raise ValidationError(
            _("The member left on %(left_on)s.") % {"left_on": format(member.left_on, "%Y-%m-%d")}
        )
    if left_on > datetime.date.today():
        raise ValidationError({"left_on": _("The date cannot be in the future.")})
    if left_on < member.joined_on:
        raise ValidationError(
            {
                "left_on": _("The member joined on %(joined_on)s.")
                % {"joined_on": format(member.joined_on, "%Y-%m-%d")}
            }
        )
    return audited_update(member, actor=actor, fields={"left_on": left_on})


def _meeting_kind(group: PeerGroup, date: datetime.date, follow_up: bool) -> tuple[str, int | None]:
    initial = list(
        group.meetings.filter(kind=PeerGroupMeeting.Kind.INITIAL).values_list("date", flat=True)
    )
    if follow_up:
        if not initial:
            raise ValidationError(
                {"follow_up": _("Follow-up sessions come after the group's initial meetings.")}
            )
        return PeerGroupMeeting.Kind.FOLLOW_UP, None
    if len(initial) < group.planned_initial_meetings:
        if initial and date < max(initial):
            raise ValidationError(
                {
                    "date": _(
                        "Initial meeting %(number)s took place on %(date)s: the next one comes "
                        "after it."
                    )
                    % {"number": len(initial), "date": format(max(initial), "%Y-%m-%d")}
                }
            )
        return PeerGroupMeeting.Kind.INITIAL, len(initial) + 1
    held = len(initial)
    if group.extended_until is None:
        more = (
            _(" or plan more initial meetings (up to %(max)s)")
            % {"max": rules.MAX_INITIAL_MEETINGS}
            if held < rules.MAX_INITIAL_MEETINGS
            else ""
        )
        raise ValidationError(
            {
                "date": ngettext(
                    "The group has held its %(held)s planned initial meeting (one to six, "
                    "handbook 3.5.2): record an extension of up to one year from the "
                    "start%(more)s, or record a follow-up session.",
                    "The group has held its %(held)s planned initial meetings (one to six, "
                    "handbook 3.5.2): record an extension of up to one year from the "
                    "start%(more)s, or record a follow-up session.",
                    held,
                )
                % {"held": held, "more": more}
            }
        )
    if date > group.extended_until:
        raise ValidationError(
            {
                "date": _(
                    "The group's extension ends on %(extended_until)s; record a follow-up "
                    "session instead."
                )
                % {"extended_until": format(group.extended_until, "%Y-%m-%d")}
            }
        )
    return PeerGroupMeeting.Kind.EXTENSION, None


@transaction.atomic
def peer_group_meeting_record(
    *,
    actor: User | None,
    group: PeerGroup,
    date: datetime.date,
    follow_up: bool = False,
    topics: str = "",
    duration_minutes: int = rules.MEETING_MINUTES,
    attendee_ids: Iterable[int] = (),
) -> PeerGroupMeeting:
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    if group.closed_on and date > group.closed_on:
        raise ValidationError(
            {
                "date": _("The group closed on %(closed_on)s.")
                % {"closed_on": format(group.closed_on, "%Y-%m-%d")}
            }
        )
    if date < group.started_on:
        raise ValidationError(
            {
                "date": _("The group starts on %(started_on)s: no meeting before.")
                % {"started_on": format(group.started_on, "%Y-%m-%d")}
            }
        )
    if date > datetime.date.today():
        raise ValidationError({"date": _("Record a meeting once it has taken place.")})
    if group.leaders_approved_on is None or group.leaders_approved_on > date:
        raise ValidationError(
            {
                "date": (
                    _(
                        "The community leaders' approval is needed before the first meeting "
                        "(handbook 3.5.2); it was given on %(date)s."
                    )
                    % {"date": format(group.leaders_approved_on, "%Y-%m-%d")}
                    if group.leaders_approved_on
                    else _(
                        "The community leaders' approval is needed before the first meeting "
                        "(handbook 3.5.2): record who approved and when."
                    )
                )
            }
        )
    kind, number = _meeting_kind(group, date, follow_up)
    ids = sorted(set(attendee_ids))
    members = {m.pk: m for m in group.members.filter(pk__in=ids).select_related("returnee")}
    strangers = [i for i in ids if i not in members]
    if strangers:
        refs = PeerGroupMember.objects.filter(pk__in=strangers).values_list(
            "returnee__reference", flat=True
        )
        names = ", ".join(sorted(refs)) or ", ".join(map(str, strangers))
        raise ValidationError(
            {
                "attendees": _("Not members of %(name)s: %(names)s.")
                % {"name": group.name, "names": names}
            }
        )
    absent = [m for m in members.values() if not m.is_member_on(date)]
    if absent:
        raise ValidationError(
            {
                "attendees": f"{absent[0].returnee.reference} was not a member on "
                f"{date:%Y-%m-%d} (joined {absent[0].joined_on:%Y-%m-%d}"
                + (f", left {absent[0].left_on:%Y-%m-%d}" if absent[0].left_on else "")
                + ")."
            }
        )
    meeting = audited_create(
        PeerGroupMeeting,
        actor=actor,
        fields={
            "group": group,
            "kind": kind,
            "number": number,
            "date": date,
            "duration_minutes": duration_minutes,
            "topics": topics,
            "recorded_by": actor,
        },
    )
    if ids:
        meeting.attendees.set(ids)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=meeting,
            changes={"attendees": [[], ids]},
        )
    return meeting
