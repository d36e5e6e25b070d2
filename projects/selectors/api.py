"""Reads of the projects API. Each starts from ``projects.access`` and only narrows it."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value

from accounts.models import User
from communities.models import Community
from communities.selectors import COMMUNITY_REF_FIELDS
from projects.access import participants_for_user, projects_for_user
from projects.models import Participant, Project
from reintegration.access import shared_with_partner


def api_project_list(*, user: User) -> QuerySet[Project]:
    """Projects with sector, organization, communities and their current participant counts."""
    today = datetime.date.today()
    active = Q(participants__joined_on__lte=today) & (
        Q(participants__left_on__isnull=True) | Q(participants__left_on__gt=today)
    )
    return (
        projects_for_user(user)
        .select_related("sector", "organization")
        .prefetch_related(
            Prefetch("communities", queryset=Community.objects.only(*COMMUNITY_REF_FIELDS))
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


def api_project_detail(*, user: User) -> QuerySet[Project]:
    return (
        api_project_list(user=user)
        .select_related("run_by_organization", "location")
        .prefetch_related("required_sectors")
    )


def api_participant_list(*, user: User, partner: bool = False) -> QuerySet[Participant]:
    """Participants of the projects the user sees, with the returnee's registry record. For
    a partner, ``shared`` says whether the returnee shared their record with the partner's
    organization (referred to it with consent); only then does the reference show."""
    queryset = participants_for_user(user).select_related("returnee")
    if partner:
        shared = shared_with_partner(user.organization_id).filter(pk=OuterRef("returnee_id"))
        return queryset.annotate(shared=Exists(shared))
    return queryset.annotate(shared=Value(True))
