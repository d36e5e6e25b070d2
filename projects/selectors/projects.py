"""Reads of projects. Every queryset starts from ``projects.access``."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from communities.models import Community
from projects.access import projects_for_user
from projects.models import ActionRecord, Participant, Project, StepCompletion
from reintegration.access import referrals_for_user
from reintegration.models import Referral

SORTS = {
    "recent": ["-created_at", "-id"],
    "name": ["name", "id"],
    "start": ["start_date", "name", "id"],
    "step": ["current_step", "name", "id"],
}
LIFECYCLE_DONE = "done"  # the "step" filter's value for a completed lifecycle


def project_list(
    *,
    user: User,
    search: str = "",
    approach: str = "",
    kind: str = "",
    step: str = "",
    community_id: int | None = None,
    sector_id: int | None = None,
    status: str = "",
    sort: str = "recent",
) -> QuerySet[Project]:
    """List rows with sector and counts of active returnee and non-migrant participants;
    the communities come in one prefetch query for the page."""
    today = datetime.date.today()
    active = Q(participants__joined_on__lte=today) & (
        Q(participants__left_on__isnull=True) | Q(participants__left_on__gt=today)
    )
    queryset = (
        projects_for_user(user)
        .select_related("sector")
        .prefetch_related(
            Prefetch("communities", queryset=Community.objects.only("pk", "name", "country"))
        )
        .annotate(
            returnee_count=Count(
                "participants", filter=active & Q(participants__returnee__isnull=False)
            ),
            non_migrant_count=Count(
                "participants", filter=active & Q(participants__returnee__isnull=True)
            ),
        )
    )
    if approach:
        queryset = queryset.filter(approach=approach)
    if kind:
        queryset = queryset.filter(kind=kind)
    if step == LIFECYCLE_DONE:
        queryset = queryset.filter(lifecycle_completed_on__isnull=False)
    elif step.isdigit():
        queryset = queryset.filter(current_step=int(step), lifecycle_completed_on__isnull=True)
    if community_id:
        queryset = queryset.filter(
            pk__in=Project.communities.through.objects.filter(community_id=community_id).values(
                "project_id"
            )
        )
    if sector_id:
        queryset = queryset.filter(Q(sector_id=sector_id) | Q(sector__parent_id=sector_id))
    if status:
        queryset = queryset.filter(status=status)
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(iati_activity_id__iexact=search)
            | Q(description__icontains=search)
        )
    return queryset.order_by(*SORTS.get(sort, SORTS["recent"]))


def project_detail(*, project: Project) -> Project:
    return (
        Project.objects.select_related(
            "sector",
            "sector__parent",
            "organization",
            "run_by_organization",
            "location",
            "created_by",
        )
        .prefetch_related(
            "communities",
            "required_sectors",
            Prefetch(
                "action_records",
                queryset=ActionRecord.objects.select_related("recorded_by"),
            ),
            Prefetch(
                "completions",
                queryset=StepCompletion.objects.select_related("completed_by", "appraisal"),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "returnee", "returnee__community"
                ).order_by("left_on", "joined_on", "id"),
            ),
        )
        .get(pk=project.pk)
    )


def referrals_to_project(*, user: User, project: Project) -> QuerySet[Referral]:
    """The referrals to this project the user may see."""
    return (
        referrals_for_user(user)
        .filter(target_type=ContentType.objects.get_for_model(Project), target_id=project.pk)
        .select_related("returnee", "referred_by")
        .order_by("-created_at", "-id")
    )


def project_country(project: Project) -> str:
    """The one country of a project's communities (services keep them in one country)."""
    community = project.communities.order_by("pk").first()
    return community.country if community else ""


def project_history(*, project: Project):
    """The audit events of the project, its participants and its Table 3.4 records,
    newest first. A reopened action's record is gone, so its events are found by the
    project id kept in their snapshot."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import AuditEvent

    def of(model, ids):
        content_type = ContentType.objects.get_for_model(model)
        return Q(content_type=content_type) & (
            Q(object_id__in=[str(i) for i in ids]) | Q(changes__project=project.pk)
        )

    condition = Q(
        content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk)
    )
    condition |= of(Participant, project.participants.values_list("pk", flat=True))
    condition |= of(ActionRecord, project.action_records.values_list("pk", flat=True))
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-at", "-id")
