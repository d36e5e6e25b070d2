"""Peer support and social cohesion (handbook 3.5.2 and 3.5.3): how many recent returnees
peer support reaches, community events and who attended them, and a community's groups.

Coverage: of the returnees who arrived in the last 12 months (as the Altai criterion 1 counts
"recent" arrivals), the share with a mentorship, a peer-support group membership or a
network group membership recorded, whatever its state today (they were reached).
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assessments.providers import months_before
from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from peer_support.models import Mentorship, NetworkGroupMember, PeerGroupMember
from peer_support.selectors import (
    CATEGORIES,
    network_group_list,
    peer_group_list,
    social_cohesion_by_community,
    social_cohesion_totals,
)

RECENT_MONTHS = 12
CATEGORY_LABELS = {
    "returnees": _("Returnees"),
    "family_members": _("Family members"),
    "community_members": _("Community members"),
    "opinion_leaders": _("Opinion leaders"),
    "local_authorities": _("Local authorities"),
}
KINDS = (
    ("mentored", _("A mentorship (3.5.2)")),
    ("peer_group", _("A peer-support group (3.5.2)")),
    ("network", _("A community network group (3.5.3)")),
    ("any", _("Any of them")),
)
# A group's state as the table shows it (peer_support.selectors.groups: planned, running,
# closed), translatable.
GROUP_ACTIVITY = {"planned": _("Planned"), "running": _("Running"), "closed": _("Closed")}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def coverage(returnees, today) -> dict:
    """One query: the recent returnees, and how many of them each kind of peer support
    reaches (an ``Exists`` per kind)."""
    since = months_before(today, RECENT_MONTHS)
    mentored = Exists(Mentorship.objects.filter(returnee=OuterRef("pk")))
    grouped = Exists(PeerGroupMember.objects.filter(returnee=OuterRef("pk")))
    networked = Exists(NetworkGroupMember.objects.filter(returnee=OuterRef("pk")))
    counts = (
        returnees.filter(return_date__gte=since, return_date__lte=today)
        .annotate(m=mentored, g=grouped, n=networked)
        .aggregate(
            recent=Count("pk"),
            mentored=Count("pk", filter=Q(m=True)),
            peer_group=Count("pk", filter=Q(g=True)),
            network=Count("pk", filter=Q(n=True)),
            any=Count("pk", filter=Q(m=True) | Q(g=True) | Q(n=True)),
        )
    )
    counts["since"] = since
    return counts


def coverage_table(counts: dict) -> DataTable:
    return DataTable(
        key="peer_support_coverage",
        title=_("Returnees of the last %(months)s months reached by peer support")
        % {"months": RECENT_MONTHS},
        columns=[
            Column("kind", _("In")),
            Column("returnees", _("Returnees"), numeric=True),
            # xgettext:no-python-format (a label, never formatted)
            Column("percent", _("% of recent returnees"), numeric=True),
        ],
        rows=[
            [label, counts[key], _percent(counts[key], counts["recent"])] for key, label in KINDS
        ],
        chart=Chart("bar", "kind", ("percent",), ("#20c997",), y_max=100),
        note=_(
            "Returned since %(date)s: %(count)s. A mentorship or membership counts whatever "
            "its state today."
        )
        % {"date": f"{counts['since']:%Y-%m-%d}", "count": counts["recent"]},
    )


def _organization_id(user):
    """None for an administrator (every organization); the user's own otherwise."""
    # -1 matches no organization: a user without one counts nothing (0 would mean "all").
    return None if user.has_role(Role.ADMIN) else user.organization_id or -1


def build(scope) -> SectionResult:
    # 1: coverage.
    counts = coverage(scope.returnees, scope.today)
    # 2-9: peer_support's social-cohesion figures by community (eight grouped queries):
    # events in the period, groups, mentors and members today.
    filtered = scope.filters.country or scope.filters.admin1
    rows = social_cohesion_by_community(
        organization_id=_organization_id(scope.user),
        community_ids=scope.communities.values("pk") if filtered else None,
        date_from=scope.filters.start,
        date_to=scope.filters.end,
        today=scope.today,
    )
    totals = social_cohesion_totals(rows)
    by_category = DataTable(
        key="event_participants",
        title=_("Participants in community events, by category"),
        columns=[
            Column("category", _("Category")),
            Column("participants", _("Participants"), True),
        ],
        rows=[[CATEGORY_LABELS[name], totals[name]] for name, _ in CATEGORIES],
        chart=Chart(
            "doughnut",
            "category",
            ("participants",),
            ("#0d6efd", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"),
        ),
        note=_("Events of the period; participants are counted per event, never named."),
    )
    by_community = DataTable(
        key="peer_support_by_community",
        title=_("Peer support and events by community"),
        columns=[
            Column("community", _("Community")),
            Column("country", _("Country")),
            Column("events", _("Events"), numeric=True),
            Column("participants", _("Event participants"), numeric=True),
            Column("non_returnees", _("Not returnees %"), numeric=True),
            Column("peer_groups", _("Peer groups running"), numeric=True),
            Column("mentorships", _("Active mentorships"), numeric=True),
            Column("networks", _("Network groups"), numeric=True),
        ],
        rows=[
            [
                r["community_name"],
                r["country"],
                r["events"],
                r["total_participants"],
                r["non_returnee_share"],
                r["peer_groups_active"],
                r["active_mentorships"],
                r["network_groups"],
            ]
            for r in rows
        ],
        chart=Chart(
            "bar",
            "community",
            ("events", "peer_groups", "mentorships"),
            (
                "#0d6efd",
                "#20c997",
                "#6f42c1",
            ),
        ),
    )
    return SectionResult(
        key="peer_support",
        title=_("Peer support and social cohesion"),
        source=_(
            "Handbook 3.5.2 (mentoring, peer-support groups) and 3.5.3 (community networks, events)"
        ),
        figures=[
            Figure(
                "coverage",
                _("Recent returnees reached"),
                _percent(counts["any"], counts["recent"]),
                unit="%",
                help=_("Of the %(count)s returnees of the last %(months)s months.")
                % {"count": counts["recent"], "months": RECENT_MONTHS},
            ),
            Figure("events", _("Community events"), totals["events"]),
            Figure("event_participants", _("Event participants"), totals["total_participants"]),
            Figure(
                "non_returnee_share",
                _("Event participants not returnees"),
                totals["non_returnee_share"],
                unit="%",
            ),
            Figure("peer_groups", _("Peer groups running"), totals["peer_groups_active"]),
            Figure("mentorships", _("Active mentorships"), totals["active_mentorships"]),
            Figure("trained_mentors", _("Trained mentors"), totals["trained_mentors"]),
            Figure("network_groups", _("Network groups"), totals["network_groups"]),
        ],
        tables=[coverage_table(counts), by_category, by_community],
    )


SECTION = Section(
    key="peer_support",
    title=_("Peer support and social cohesion"),
    tables=("peer_support_coverage", "event_participants", "peer_support_by_community"),
    queries=9,
    build=build,
)


def build_community(scope) -> SectionResult:
    community = scope.community
    # 1: coverage of the community's recent returnees.
    counts = coverage(scope.returnees, scope.today)
    # 2: its peer-support groups with their participants and meetings.
    groups = list(
        peer_group_list(user=scope.user, community_id=community.pk).order_by("-started_on", "name")
    )
    # 3: its network groups with their members.
    networks = list(network_group_list(user=scope.user, community_id=community.pk).order_by("name"))
    peer_table = DataTable(
        key="peer_groups",
        title=_("Peer-support groups"),
        columns=[
            Column("name", _("Group")),
            Column("focus", _("Focus")),
            Column("composition", _("Composition")),
            Column("started", _("Started")),
            Column("status", _("Status")),
            Column("participants", _("Participants"), numeric=True),
            Column("meetings", _("Meetings held"), numeric=True),
        ],
        rows=[
            [
                g.name,
                g.get_focus_display(),
                g.get_composition_display(),
                f"{g.started_on:%Y-%m-%d}",
                GROUP_ACTIVITY.get(g.activity_status, g.activity_status),
                g.participants,
                g.meetings_held,
            ]
            for g in groups
        ],
        chart=Chart("bar", "name", ("participants", "meetings"), ("#20c997", "#6c757d")),
        note=_("Handbook 3.5.2: ideally 8 to 20 participants."),
    )
    network_table = DataTable(
        key="network_groups",
        title=_("Community network groups"),
        columns=[
            Column("name", _("Group")),
            Column("kind", _("Kind")),
            Column("sensitised", _("Sensitised")),
            Column("accepts", _("Accepts returnees")),
            Column("members", _("Returnee members"), numeric=True),
        ],
        rows=[
            [
                n.name,
                n.get_kind_display(),
                f"{n.sensitised_on:%Y-%m-%d}" if n.sensitised_on else None,
                {True: _("Yes"), False: _("No")}.get(n.accepts_returnees, _("Not asked yet")),
                n.members_count,
            ]
            for n in networks
        ],
        chart=Chart("bar", "name", ("members",), ("#6f42c1",)),
    )
    return SectionResult(
        key="peer_support",
        title=_("Peer support and social cohesion"),
        source=_("Handbook 3.5.2 and 3.5.3"),
        figures=[
            Figure(
                "coverage",
                _("Recent returnees reached"),
                _percent(counts["any"], counts["recent"]),
                unit="%",
                help=_("Of the %(count)s returnees of the last %(months)s months.")
                % {"count": counts["recent"], "months": RECENT_MONTHS},
            ),
            Figure("peer_groups", _("Peer-support groups"), len(groups)),
            Figure("network_groups", _("Network groups"), len(networks)),
        ],
        tables=[coverage_table(counts), peer_table, network_table],
    )


COMMUNITY_SECTION = Section(
    key="peer_support",
    title=_("Peer support and social cohesion"),
    tables=("peer_support_coverage", "peer_groups", "network_groups"),
    queries=3,
    build=build_community,
)
