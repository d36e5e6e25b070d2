"""Reads of peer-support groups, network groups and community events."""

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from peer_support import rules
from peer_support.access import events_for_user, network_groups_for_user, peer_groups_for_user
from peer_support.models import (
    CommunityEvent,
    NetworkGroup,
    NetworkGroupMember,
    PeerGroup,
    PeerGroupMeeting,
    PeerGroupMember,
)


def _count(queryset, field: str):
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_activity(queryset: QuerySet[PeerGroup]) -> QuerySet[PeerGroup]:
    """Participants now, initial meetings held, all meetings, first and last meeting."""
    members = PeerGroupMember.objects.filter(group=OuterRef("pk"), left_on__isnull=True)
    meetings = PeerGroupMeeting.objects.filter(group=OuterRef("pk"))
    dates = meetings.order_by().values("group")
    return queryset.annotate(
        participants=_count(members, "group"),
        initial_held=_count(meetings.filter(kind=PeerGroupMeeting.Kind.INITIAL), "group"),
        meetings_held=_count(meetings, "group"),
        first_meeting_on=Subquery(dates.annotate(d=Min("date")).values("d")),
        last_meeting_on=Subquery(dates.annotate(d=Max("date")).values("d")),
        activity_status=Case(
            When(closed_on__isnull=False, then=Value("closed")),
            When(meetings_held__gt=0, then=Value("running")),
            default=Value("planned"),
            output_field=CharField(),
        ),
    )


GROUP_STATUSES = {
    "planned": _("Planned (not met yet)"),
    "running": _("Meeting"),
    "closed": _("Closed"),
}


def group_status(group: PeerGroup) -> str:
    """The status of a group annotated by ``with_activity``."""
    return group.activity_status


def peer_group_list(
    *,
    user: User,
    search: str = "",
    community_id: int | None = None,
    composition: str = "",
    status: str = "",
    approved: bool | None = None,
) -> QuerySet[PeerGroup]:
    queryset = with_activity(
        peer_groups_for_user(user).select_related("community", "facilitator_returnee")
    )
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if composition:
        queryset = queryset.filter(composition=composition)
    if status in GROUP_STATUSES:
        queryset = queryset.filter(activity_status=status)
    if approved is not None:
        queryset = queryset.filter(leaders_approved_on__isnull=not approved)
    return queryset


def peer_group_detail(*, group: PeerGroup) -> PeerGroup:
    return (
        with_activity(
            PeerGroup.objects.select_related(
                "community", "facilitator_returnee", "organization", "created_by"
            )
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=PeerGroupMember.objects.select_related("returnee").order_by(
                    "joined_on", "returnee__reference"
                ),
            ),
            Prefetch(
                "meetings",
                queryset=PeerGroupMeeting.objects.prefetch_related("attendance").order_by(
                    "date", "id"
                ),
            ),
        )
        .get(pk=group.pk)
    )


def group_referrals(*, group: PeerGroup, status: str = "proposed"):
    """Referrals to this group (by default those waiting for an answer)."""
    from reintegration.models import Referral

    queryset = Referral.objects.filter(
        target_type__app_label="peer_support",
        target_type__model="peergroup",
        target_id=group.pk,
    ).select_related("returnee")
    return queryset.filter(status=status) if status else queryset


def group_size_warning(group: PeerGroup) -> str:
    return rules.participant_warning(
        group.members.filter(left_on__isnull=True).count()
        if not hasattr(group, "participants")
        else group.participants
    )


def network_group_list(
    *,
    user: User,
    search: str = "",
    community_id: int | None = None,
    kind: str = "",
    accepts: str = "",
    sensitised: bool | None = None,
    active: bool | None = True,
) -> QuerySet[NetworkGroup]:
    members = NetworkGroupMember.objects.filter(group=OuterRef("pk"))
    queryset = (
        network_groups_for_user(user)
        .select_related("community")
        .annotate(members_count=_count(members, "group"))
    )
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if accepts == "yes":
        queryset = queryset.filter(accepts_returnees=True)
    elif accepts == "no":
        queryset = queryset.filter(accepts_returnees=False)
    elif accepts == "unknown":
        queryset = queryset.filter(accepts_returnees__isnull=True)
    if sensitised is not None:
        queryset = queryset.filter(sensitised_on__isnull=not sensitised)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def network_group_detail(*, group: NetworkGroup) -> NetworkGroup:
    return (
        NetworkGroup.objects.select_related("community", "organization")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=NetworkGroupMember.objects.select_related("returnee").order_by(
                    "-joined_on"
                ),
            ),
            Prefetch("events", queryset=CommunityEvent.objects.order_by("-date")),
        )
        .get(pk=group.pk)
    )


def event_list(
    *,
    user: User,
    search: str = "",
    community_id: int | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[CommunityEvent]:
    queryset = events_for_user(user).select_related("community", "network_group")
    if search.strip():
        queryset = queryset.filter(
            Q(title__icontains=search.strip()) | Q(place__icontains=search.strip())
        )
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    return queryset


def matching_network_groups(*, user: User, returnee, kinds: list[str]) -> QuerySet[NetworkGroup]:
    """Handbook 3.5.3: "Refer the returnees to these groups, based on their interests".
    Active groups of the returnee's country whose kind is one of the returnee's interests
    and which have not refused returnees; the returnee's own community first, then groups
    that accept returnees, then sensitised ones."""
    from reintegration.models import Referral

    open_referral = Referral.objects.filter(
        returnee=returnee,
        target_type__app_label="peer_support",
        target_type__model="networkgroup",
        target_id=OuterRef("pk"),
        status__in=Referral.OPEN_STATUSES,
    )
    return (
        network_groups_for_user(user)
        .filter(
            is_active=True,
            kind__in=kinds,
            community__country=returnee.community.country,
        )
        .exclude(accepts_returnees=False)
        .exclude(members__returnee=returnee)
        .select_related("community")
        .annotate(
            same_community=Case(
                When(community_id=returnee.community_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            referred=Exists(open_referral),
        )
        .order_by(
            "-same_community",
            Case(When(accepts_returnees=True, then=Value(0)), default=Value(1)),
            Case(When(sensitised_on__isnull=False, then=Value(0)), default=Value(1)),
            "name",
        )
    )


def open_peer_groups(*, user: User, returnee) -> QuerySet[PeerGroup]:
    """Groups of the returnee's community the returnee may join (not closed, room left,
    composition fits); ones that have not met yet first (3.5.2: newcomers form new ones)."""
    excluded = [c for c, sex in rules.EXCLUDED_SEX.items() if sex == returnee.sex]
    return (
        with_activity(
            peer_groups_for_user(user)
            .filter(community_id=returnee.community_id, closed_on__isnull=True)
            .exclude(composition__in=excluded)
            .exclude(members__returnee=returnee)
            .select_related("community")
        )
        .filter(participants__lt=rules.HARD_MAX_PARTICIPANTS)
        .order_by("meetings_held", "-started_on", "name")
    )


# --- API reads: every organization's groups and events, with no participant in them ---


# The API's groups and events are every organization's, for every user and partner token
# with the view permission: deliberately not scoped like the browser lists. Issue 8 has
# partners read "groups and events" to plan with the whole picture, and these rows hold
# counts, never people: the serializers leave out members, facilitators (who may be
# returnees), contact persons and notes, and a test pins each response's exact field set
# (peer_support/tests/test_api.py). Who is in a group stays behind
# ``peer_groups_for_user``. Decision and reason also in docs/partner-guide.md.
def api_peer_group_list() -> QuerySet[PeerGroup]:
    return with_activity(PeerGroup.objects.select_related("community", "organization")).order_by(
        "-started_on", "id"
    )


def api_network_group_list() -> QuerySet[NetworkGroup]:
    members = NetworkGroupMember.objects.filter(group=OuterRef("pk"))
    return (
        NetworkGroup.objects.select_related("community")
        .annotate(members_count=_count(members, "group"))
        .order_by("community__name", "name", "id")
    )


def api_event_list() -> QuerySet[CommunityEvent]:
    return CommunityEvent.objects.select_related("community", "organization").order_by(
        "-date", "-id"
    )
