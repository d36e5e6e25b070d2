"""Community-based projects: by Table 3.3 approach, by kind and by Table 3.4 step, and who
takes part (returnees and non-migrants, by gender); on a community's dashboard its projects
and the balance of the people they and the financial support groups benefit.

Handbook Module 3 introduction: community-level interventions should "involve and benefit
both returnees and non-migrants"; 3.2.1: the conflict-sensitive lens
(``dashboards.balance``).
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from dashboards.balance import benefit_balance
from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from projects.access import participants_for_user, projects_for_user
from projects.access_finance import groups_for_user
from projects.balance import MAN, OTHER, WOMAN, gender_of
from projects.catalogues import STEPS
from projects.models import Approach, GroupMember, Kind, Project
from projects.selectors import project_list
from projects.selectors.participants import active_on

COMPLETED = _("Lifecycle completed")
GENDERS = ((WOMAN, _("Women")), (MAN, _("Men")), (OTHER, _("Other or not recorded")))


def _projects(scope):
    """The user's projects with at least one community in the filtered places."""
    projects = projects_for_user(scope.user).order_by()
    if scope.filters.country or scope.filters.admin1:
        through = Project.communities.through.objects.filter(
            community__in=scope.communities.values("pk")
        )
        projects = projects.filter(pk__in=through.values("project_id"))
    return projects


def build(scope) -> SectionResult:
    projects = _projects(scope)
    # 1: projects by approach, kind, Table 3.4 step and whether open (one GROUP BY).
    counts = list(
        projects.values_list("approach", "kind", "current_step", "lifecycle_completed_on")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=Project.OPEN_STATUSES)))
        .values_list("approach", "kind", "current_step", "lifecycle_completed_on", "n", "open")
    )
    # 2: participants active today, by returnee or not and by gender (a person taking part
    # in two projects counts in each).
    people = (
        participants_for_user(scope.user)
        .filter(active_on(scope.today), project__in=projects.values("pk"))
        .order_by()
        .values_list("returnee_id", "returnee__sex", "returnee__gender", "sex")
        .annotate(n=Count("pk"))
        .values_list("returnee_id", "returnee__sex", "returnee__gender", "sex", "n")
    )
    genders: dict[tuple[bool, str], int] = {}
    for returnee_id, returnee_sex, returnee_gender, sex, n in people:
        gender = gender_of(
            returnee_id=returnee_id,
            returnee_sex=returnee_sex or "",
            returnee_gender=returnee_gender or "",
            sex=sex,
        )
        key = (returnee_id is not None, gender)
        genders[key] = genders.get(key, 0) + n

    def total(position: int, value) -> int:
        return sum(row[4] for row in counts if row[position] == value)

    by_approach = DataTable(
        key="projects_by_approach",
        title=_("Projects by approach (handbook Table 3.3)"),
        columns=[
            Column("approach", _("Approach")),
            Column("projects", _("Projects"), numeric=True),
        ],
        rows=[[label, total(0, value)] for value, label in Approach.choices],
        chart=Chart("bar", "approach", ("projects",), ("#0d6efd",)),
    )
    by_kind = DataTable(
        key="projects_by_kind",
        title=_("Projects by kind (handbook 3.3.1 to 3.5)"),
        columns=[Column("kind", _("Kind")), Column("projects", _("Projects"), numeric=True)],
        rows=[[label, total(1, value)] for value, label in Kind.choices],
        chart=Chart("bar", "kind", ("projects",), ("#6f42c1",)),
    )
    in_step = {
        step.number: sum(r[4] for r in counts if r[2] == step.number and r[3] is None)
        for step in STEPS
    }
    completed = sum(r[4] for r in counts if r[3] is not None)
    by_step = DataTable(
        key="projects_by_step",
        title=_("Collective income-generating activities by step (handbook Table 3.4)"),
        columns=[Column("step", _("Step")), Column("projects", _("Projects"), numeric=True)],
        rows=[[f"{s.number}. {s.label}", in_step[s.number]] for s in STEPS]
        + [[COMPLETED, completed]],
        chart=Chart("bar", "step", ("projects",), ("#198754",)),
        note=_("Only collective income-generating activities follow the eight steps."),
    )
    rows = []
    for is_returnee, label in ((True, _("Returnees")), (False, _("Non-migrants"))):
        values = [genders.get((is_returnee, g), 0) for g, _ in GENDERS]
        rows.append([label, *values, sum(values)])
    participants = DataTable(
        key="participants_by_gender",
        title=_("Project participants today, returnees and non-migrants, by gender"),
        columns=[
            Column("group", _("Participants")),
            *(Column(g, label, numeric=True) for g, label in GENDERS),
            Column("total", _("Total"), numeric=True),
        ],
        rows=rows,
        chart=Chart(
            "stacked",
            "group",
            tuple(g for g, _ in GENDERS),
            ("#6f42c1", "#20c997", "#adb5bd"),
        ),
        note=_(
            "A returnee's stated gender, else their recorded sex. Someone taking part in "
            "two projects is counted in each."
        ),
    )
    returnees, non_migrants = rows[0][-1], rows[1][-1]
    balance = benefit_balance(returnees=returnees, non_migrants=non_migrants)
    women = sum(genders.get((r, WOMAN), 0) for r in (True, False))
    return SectionResult(
        key="projects",
        title=_("Community-based projects"),
        source=_("Handbook 3.2.2 and 3.3: Table 3.3 approaches and Table 3.4 steps"),
        figures=[
            Figure("projects", _("Projects"), sum(r[4] for r in counts)),
            Figure("open_projects", _("Open projects"), sum(r[5] for r in counts)),
            Figure("participants", _("Participants today"), balance.total),
            Figure(
                "returnee_share",
                _("Returnees among participants"),
                balance.returnee_percent,
                unit="%",
            ),
            Figure(
                "women_share",
                _("Women among participants"),
                round(100 * women / balance.total, 1) if balance.total else None,
                unit="%",
            ),
        ],
        tables=[by_approach, by_kind, by_step, participants],
    )


SECTION = Section(
    key="projects",
    title=_("Community-based projects"),
    tables=(
        "projects_by_approach",
        "projects_by_kind",
        "projects_by_step",
        "participants_by_gender",
    ),
    queries=2,
    build=build,
)


def build_community(scope) -> SectionResult:
    community = scope.community
    steps = {s.number: f"{s.number}. {s.label}" for s in STEPS}
    # 1: the community's projects with their active returnee and non-migrant participants
    # (the communities' prefetch is not needed here).
    projects = list(
        project_list(user=scope.user, community_id=community.pk, sort="name").prefetch_related(None)
    )
    # 2: active members of the community's financial support groups (handbook 3.3.3: for
    # returnees and non-migrants alike), returnees or not.
    members = dict(
        GroupMember.objects.filter(
            group__in=groups_for_user(scope.user).filter(community=community).values("pk"),
            left_on__isnull=True,
        )
        .order_by()
        .annotate(is_returnee=ExpressionWrapper(Q(returnee__isnull=False), BooleanField()))
        .values_list("is_returnee")
        .annotate(n=Count("pk"))
        .values_list("is_returnee", "n")
    )
    project_returnees = sum(p.returnee_count for p in projects)
    project_others = sum(p.non_migrant_count for p in projects)
    member_returnees, member_others = members.get(True, 0), members.get(False, 0)
    balance = benefit_balance(
        returnees=project_returnees + member_returnees,
        non_migrants=project_others + member_others,
    )
    table = DataTable(
        key="community_projects",
        title=_("Projects in the community"),
        columns=[
            Column("name", _("Project")),
            Column("approach", _("Approach (Table 3.3)")),
            Column("kind", _("Kind")),
            Column("step", _("Step (Table 3.4)")),
            Column("status", _("Status")),
            Column("returnees", _("Returnee participants"), numeric=True),
            Column("non_migrants", _("Non-migrant participants"), numeric=True),
        ],
        rows=[
            [
                p.name,
                p.get_approach_display(),
                p.get_kind_display(),
                COMPLETED if p.lifecycle_completed_on else steps.get(p.current_step, "—"),
                p.get_status_display(),
                p.returnee_count,
                p.non_migrant_count,
            ]
            for p in projects
        ],
        chart=Chart("stacked", "name", ("returnees", "non_migrants"), ("#0d6efd", "#fd7e14")),
    )
    balance_table = DataTable(
        key="benefit_balance",
        title=_("Who takes part and benefits: returnees and non-migrants"),
        columns=[
            Column("who", _("Counted among")),
            Column("returnees", _("Returnees"), numeric=True),
            Column("non_migrants", _("Non-migrants"), numeric=True),
            Column("total", _("Total"), numeric=True),
        ],
        rows=[
            [
                _("Project participants"),
                project_returnees,
                project_others,
                project_returnees + project_others,
            ],
            [
                _("Financial support group members"),
                member_returnees,
                member_others,
                member_returnees + member_others,
            ],
            [_("All"), balance.returnees, balance.non_migrants, balance.total],
        ],
        chart=Chart("stacked", "who", ("returnees", "non_migrants"), ("#0d6efd", "#fd7e14")),
        note=_("A warning shows when either side holds more than %(percent)s%% (handbook 3.2.1).")
        % {"percent": balance.threshold_percent},
    )
    return SectionResult(
        key="projects",
        title=_("Community-based projects"),
        source=_(
            "Handbook Module 3: interventions that involve and benefit both returnees "
            "and non-migrants"
        ),
        figures=[
            Figure("projects", _("Projects"), len(projects)),
            Figure(
                "open_projects",
                _("Open projects"),
                sum(p.status in Project.OPEN_STATUSES for p in projects),
            ),
            Figure("people", _("People counted"), balance.total),
            Figure("returnee_share", _("Returnees among them"), balance.returnee_percent, unit="%"),
        ],
        tables=[table, balance_table],
        warnings=[balance.warning] if balance.warning else [],
    )


COMMUNITY_SECTION = Section(
    key="projects",
    title=_("Community-based projects"),
    tables=("community_projects", "benefit_balance"),
    queries=2,
    build=build_community,
)
