"""Peer-support groups: the handbook's structured group (3.5.2) and community MHPSS groups
(6.3.5), with approval, meetings and attendance, members, extension and closing."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peer_support import access, rules, selectors, services
from peer_support.forms import (
    AcceptReferralForm,
    ApprovalForm,
    DateForm,
    ExtensionForm,
    GroupMeetingForm,
    MemberForm,
    PeerGroupFilterForm,
    PeerGroupForm,
    yes_no,
)
from peer_support.models import PeerGroupMember
from peer_support.views.common import form_page, paginate, post_data, staff_view
from reintegration.access import can_answer_referral, returnees_for_user

SORTS = {
    "start": ["-started_on", "name", "pk"],
    "name": ["name", "pk"],
    "community": ["community__name", "name", "pk"],
    "size": ["-participants", "name", "pk"],
}


def _crumbs(group=None):
    crumbs = [
        (_("Peer support"), reverse("peer_support:index")),
        (_("Peer-support groups"), reverse("peer_support:groups")),
    ]
    if group is not None:
        crumbs.append((group.name, group.get_absolute_url()))
    return crumbs


def _group(request, pk, perm=None):
    group = access.get_or_404(
        access.peer_groups_for_user(request.user).select_related("community"), pk
    )
    if perm:
        access.require_perm(request.user, perm)
    return group


@staff_view("peer_support.view_peergroup")
def group_list(request):
    filters = PeerGroupFilterForm(request.GET or None)
    values = filters.values()
    values["approved"] = yes_no(values.get("approved"))
    queryset = selectors.peer_group_list(user=request.user, **values)
    return render(
        request,
        "peer_support/group_list.html",
        {
            "filters": filters,
            "ideal": (rules.IDEAL_MIN_PARTICIPANTS, rules.IDEAL_MAX_PARTICIPANTS),
            "crumbs": _crumbs()[:1],
            **paginate(request, queryset, sorts=SORTS, default="start"),
        },
    )


@staff_view("peer_support.view_peergroup")
def group_detail(request, pk):
    group = selectors.peer_group_detail(group=_group(request, pk))
    members = list(group.members.all())
    meetings = list(group.meetings.all())
    attended = {(a.meeting_id, a.member_id) for m in meetings for a in m.attendance.all()}
    grid = [
        (member, [(meeting, (meeting.pk, member.pk) in attended) for meeting in meetings])
        for member in members
    ]
    pending = list(selectors.group_referrals(group=group))
    return render(
        request,
        "peer_support/group_detail.html",
        {
            "group": group,
            "status": selectors.group_status(group),
            "members": members,
            "meetings": meetings,
            "grid": grid,
            "warning": rules.participant_warning(group.participants),
            "pending": pending,
            "latest_extension": rules.latest_extension(group.started_on),
            "max_initial": rules.MAX_INITIAL_MEETINGS,
            "crumbs": _crumbs(),
        },
    )


def _returnees(user):
    return returnees_for_user(user).select_related("community")


@staff_view("peer_support.add_peergroup")
def group_create(request):
    form = PeerGroupForm(
        post_data(request),
        returnees=_returnees(request.user),
        initial={"started_on": datetime.date.today(), "planned_initial_meetings": 6},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.peer_group_create(
            actor=request.user, organization=request.user.organization, **data
        ),
        success=lambda group: (
            f"{group.name} created. Record the community leaders' approval "
            "before the first meeting."
        ),
        done=lambda group: group.get_absolute_url(),
        title=_("New peer-support group"),
        back=reverse("peer_support:groups"),
        crumbs=_crumbs(),
        intro=_(
            "Handbook 3.5.2: one to six one-hour initial meetings that the group can extend up "
            "to one year; ideally 8 to 20 participants; an experienced facilitator; the "
            "community leaders informed and approving."
        ),
    )


@staff_view("peer_support.change_peergroup")
def group_edit(request, pk):
    group = _group(request, pk)
    form = PeerGroupForm(post_data(request), instance=group, returnees=_returnees(request.user))
    return form_page(
        request,
        form,
        save=lambda data: services.peer_group_update(actor=request.user, group=group, **data),
        success=_("Group saved."),
        title=_("Edit %(name)s") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
    )


@staff_view("peer_support.change_peergroup")
def group_approval(request, pk):
    group = _group(request, pk)
    form = ApprovalForm(
        post_data(request),
        initial={
            "informed_on": group.leaders_informed_on,
            "approved_by": group.leaders_approved_by,
            "approved_on": group.leaders_approved_on or datetime.date.today(),
        },
    )
    return form_page(
        request,
        form,
        save=lambda data: services.peer_group_record_approval(
            actor=request.user, group=group, **data
        ),
        success=_("Community leaders' approval recorded."),
        title=_("Community leaders informed and approving"),
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_(
            "Handbook 3.5.2: community leaders and peers should be informed about the group and "
            "as much as possible involved; this requires the approval of community leaders. No "
            "meeting is recorded before it."
        ),
    )


@staff_view("peer_support.change_peergroup")
def group_extend(request, pk):
    group = _group(request, pk)
    latest = rules.latest_extension(group.started_on)
    form = ExtensionForm(post_data(request), initial={"until": group.extended_until or latest})
    return form_page(
        request,
        form,
        save=lambda data: services.peer_group_extend(actor=request.user, group=group, **data),
        success=_("Extension recorded."),
        title=_("Extend %(name)s") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_(
            "The group may decide to extend up to one year from its start: %(latest)s at the "
            "latest (handbook 3.5.2)."
        )
        % {"latest": format(latest, "%Y-%m-%d")},
    )


@staff_view("peer_support.change_peergroup")
def group_close(request, pk):
    group = _group(request, pk)
    return form_page(
        request,
        DateForm(post_data(request)),
        save=lambda data: services.peer_group_close(
            actor=request.user, group=group, closed_on=data["date"]
        ),
        success=_("Group closed."),
        title=_("Close %(name)s?") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_("A closed group takes no more members or meetings."),
        danger=True,
    )


def _size_message(group_pk: int) -> str:
    count = PeerGroupMember.objects.filter(group_id=group_pk, left_on__isnull=True).count()
    return rules.participant_warning(count)


@staff_view("peer_support.add_peergroupmember")
def member_add(request, pk):
    group = _group(request, pk)

    def save(data):
        member = services.peer_group_member_add(actor=request.user, group=group, **data)
        warning = _size_message(group.pk)
        if warning:
            messages.warning(request, warning)
        return member

    return form_page(
        request,
        MemberForm(post_data(request), returnees=_returnees(request.user)),
        save=save,
        success=lambda member: f"{member.returnee.reference} joined {group.name}.",
        title=_("Add a member to %(name)s") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_(
            "Usually through a referral from the returnee's page. Newcomers form new groups "
            "rather than join running ones (handbook 3.5.2)."
        ),
    )


@staff_view("peer_support.change_peergroupmember")
def member_leave(request, pk, member_pk):
    group = _group(request, pk)
    member = get_object_or_404(
        PeerGroupMember.objects.select_related("returnee"), pk=member_pk, group=group
    )
    return form_page(
        request,
        DateForm(post_data(request)),
        save=lambda data: services.peer_group_member_leave(
            actor=request.user, member=member, left_on=data["date"]
        ),
        success=_("%(reference)s left the group.") % {"reference": member.returnee.reference},
        title=_("%(reference)s leaves %(name)s?")
        % {"reference": member.returnee.reference, "name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        danger=True,
    )


@staff_view("peer_support.add_peergroupmeeting")
def meeting_create(request, pk):
    group = _group(request, pk)
    members = group.members.filter(left_on__isnull=True).select_related("returnee")
    form = GroupMeetingForm(post_data(request), members=members)
    return form_page(
        request,
        form,
        save=lambda data: services.peer_group_meeting_record(
            actor=request.user,
            group=group,
            date=data["date"],
            follow_up=data["follow_up"],
            topics=data["topics"],
            duration_minutes=data["duration_minutes"],
            attendee_ids=data["attendees"],
        ),
        success=lambda meeting: (
            f"{meeting} recorded with {len(form.cleaned_data['attendees'])} present."
        ),
        title=_("Record a meeting of %(name)s") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_(
            "One to six one-hour initial meetings, then meetings of the extension (up to one "
            "year from the start) or follow-up sessions (handbook 3.5.2)."
        ),
    )


@staff_view("peer_support.add_peergroupmember")
def referral_accept(request, pk, referral_pk):
    group = _group(request, pk)
    referral = get_object_or_404(selectors.group_referrals(group=group, status=""), pk=referral_pk)
    if not can_answer_referral(request.user, referral):
        raise PermissionDenied(_("Only the organization the referral is addressed to answers it."))
    return form_page(
        request,
        AcceptReferralForm(post_data(request)),
        save=lambda data: services.peer_group_referral_accept(
            actor=request.user, referral=referral, **data
        ),
        success=_("Referral accepted: %(reference)s joined %(name)s.")
        % {"reference": referral.returnee.reference, "name": group.name},
        title=_("Accept %(reference)s into %(name)s")
        % {"reference": referral.returnee.reference, "name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(group),
        intro=_("Referral reason: %(reason)s") % {"reason": referral.reason},
    )
