"""Social-cohesion and peer-support figures by community, for the pages here, the partner
API and the dashboards (which read them through this selector, never the tables).

Set-based: one grouped query per figure for all communities (eight in all, whatever the
number of communities). The date range applies to events; the other figures are the state
today (groups running, mentors trained, members).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum

from communities.models import Community
from peer_support.models import (
    CommunityEvent,
    Mentor,
    Mentorship,
    NetworkGroup,
    NetworkGroupMember,
    PeerGroup,
    PeerGroupMember,
)

CATEGORIES = (
    ("returnees", "returnees_count"),
    ("family_members", "family_members_count"),
    ("community_members", "community_members_count"),
    ("opinion_leaders", "opinion_leaders_count"),
    ("local_authorities", "local_authorities_count"),
)
FIGURES = (
    "events",
    *(name for name, _ in CATEGORIES),
    "peer_groups_active",
    "peer_group_participants",
    "trained_mentors",
    "refresher_overdue",
    "active_mentorships",
    "network_groups",
    "network_groups_sensitised",
    "network_groups_accepting",
    "network_members",
)


def _scoped(queryset, *, organization_id, field="organization_id"):
    return queryset.filter(**{field: organization_id}) if organization_id else queryset


def _by_community(queryset, community_field: str, community_ids) -> dict:
    if community_ids is not None:
        queryset = queryset.filter(**{f"{community_field}__in": community_ids})
    return queryset.order_by().values(community_field)


def social_cohesion_by_community(
    *,
    organization_id: int | None = None,
    community_ids: list[int] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[dict]:
    """One row per community with any peer-support or network activity, ordered by
    country and name. ``organization_id`` limits the organization's own records (network
    groups are community resources and always count)."""
    today = today or datetime.date.today()
    rows: dict[int, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))

    events = _scoped(CommunityEvent.objects.all(), organization_id=organization_id)
    if date_from:
        events = events.filter(date__gte=date_from)
    if date_to:
        events = events.filter(date__lte=date_to)
    for row in _by_community(events, "community_id", community_ids).annotate(
        events=Count("pk"), **{name: Sum(field) for name, field in CATEGORIES}
    ):
        rows[row.pop("community_id")].update(row)

    groups = _scoped(
        PeerGroup.objects.filter(closed_on__isnull=True), organization_id=organization_id
    )
    for row in _by_community(groups, "community_id", community_ids).annotate(n=Count("pk")):
        rows[row["community_id"]]["peer_groups_active"] = row["n"]

    members = _scoped(
        PeerGroupMember.objects.filter(left_on__isnull=True, group__closed_on__isnull=True),
        organization_id=organization_id,
        field="group__organization_id",
    )
    for row in _by_community(members, "group__community_id", community_ids).annotate(
        n=Count("returnee", distinct=True)
    ):
        rows[row["group__community_id"]]["peer_group_participants"] = row["n"]

    mentors = _scoped(Mentor.objects.filter(is_active=True), organization_id=organization_id)
    for row in _by_community(mentors, "community_id", community_ids).annotate(
        trained=Count("pk", filter=Q(trained_on__isnull=False)),
        overdue=Count("pk", filter=Q(refresher_due_on__lt=today)),
    ):
        target = rows[row["community_id"]]
        target["trained_mentors"], target["refresher_overdue"] = row["trained"], row["overdue"]

    mentorships = _scoped(
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE),
        organization_id=organization_id,
        field="mentor__organization_id",
    )
    for row in _by_community(mentorships, "returnee__community_id", community_ids).annotate(
        n=Count("pk")
    ):
        rows[row["returnee__community_id"]]["active_mentorships"] = row["n"]

    networks = NetworkGroup.objects.filter(is_active=True)
    for row in _by_community(networks, "community_id", community_ids).annotate(
        n=Count("pk"),
        sensitised=Count("pk", filter=Q(sensitised_on__isnull=False)),
        accepting=Count("pk", filter=Q(accepts_returnees=True)),
    ):
        target = rows[row["community_id"]]
        target["network_groups"] = row["n"]
        target["network_groups_sensitised"] = row["sensitised"]
        target["network_groups_accepting"] = row["accepting"]

    network_members = _scoped(
        NetworkGroupMember.objects.all(),
        organization_id=organization_id,
        field="returnee__organization_id",
    )
    for row in _by_community(network_members, "group__community_id", community_ids).annotate(
        n=Count("returnee", distinct=True)
    ):
        rows[row["group__community_id"]]["network_members"] = row["n"]

    names = Community.objects.filter(pk__in=list(rows)).values(
        "pk", "name", "pcode", "country", "admin1", "admin2"
    )
    result = []
    for community in names:
        row = rows[community["pk"]]
        result.append(
            {
                "community_id": community["pk"],
                "community_name": community["name"],
                "pcode": community["pcode"],
                "country": community["country"],
                "admin1": community["admin1"],
                "admin2": community["admin2"],
                **{k: row[k] or 0 for k in FIGURES},
            }
        )
    for row in result:
        _add_shares(row)
    result.sort(key=lambda r: (r["country"], r["community_name"], r["community_id"]))
    return result


def _add_shares(row: dict) -> dict:
    total = sum(row[name] for name, _ in CATEGORIES)
    row["total_participants"] = total
    # Handbook 3.5.3: events display returnees' skills "together with those of community
    # members": the share of participants who are not returnees says how far they reached.
    row["non_returnee_share"] = round(100 * (total - row["returnees"]) / total) if total else None
    return row


def social_cohesion_totals(rows: list[dict]) -> dict:
    totals = {name: sum(r[name] for r in rows) for name in FIGURES}
    totals["communities"] = len(rows)
    return _add_shares(totals)
