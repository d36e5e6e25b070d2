"""django-filter FilterSets of the projects API; they only narrow a queryset that
``projects.access`` already limited."""

import django_filters
from django.db.models import Q

from projects.models import Participant, Project


class ProjectFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(method="filter_community")
    sector = django_filters.CharFilter(field_name="sector__code", label="Sector code")
    step = django_filters.NumberFilter(field_name="current_step", label="Table 3.4 step")
    iati_identifier = django_filters.CharFilter(method="filter_iati")

    class Meta:
        model = Project
        fields = ["approach", "kind", "status", "step", "community", "sector", "iati_identifier"]

    def filter_community(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.communities.through.objects.filter(community_id=value).values(
                "project_id"
            )
        )

    def filter_iati(self, queryset, name, value):
        # "<reporting org ref>-<activity id>", where the reference has hyphens of its own
        # (XM-DAC-47066): try every split.
        condition = Q(pk__in=[])
        for i, char in enumerate(value):
            if char == "-":
                condition |= Q(iati_reporting_org=value[:i], iati_activity_id=value[i + 1 :])
        return queryset.filter(condition)


class ParticipantFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    active = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull")

    class Meta:
        model = Participant
        fields = ["project", "role", "active"]
