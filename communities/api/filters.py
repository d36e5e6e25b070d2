"""Filters of the communities API."""

import django_filters

from communities import selectors
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    Sector,
    Service,
    Stakeholder,
)

# Communities are filtered by id with a NumberFilter, not a ModelChoiceFilter: validating a
# choice would cost a query on every request.


class CommunityFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(label="ISO 3166-1 alpha-3 code, e.g. GIN")
    admin1 = django_filters.CharFilter(label="First administrative level (any capitalisation)")
    area_type = django_filters.ChoiceFilter(choices=Community.AreaType.choices)
    due_for_review = django_filters.BooleanFilter(
        label="The latest profile's review date has passed (false includes no profile)"
    )
    q = django_filters.CharFilter(label="Name or admin areas (contains), or exact P-code")

    class Meta:
        model = Community
        fields = ["country", "admin1", "area_type", "due_for_review", "q"]

    def filter_queryset(self, queryset):
        """Narrow ``queryset`` to what ``selectors.community_list`` matches: the selector owns
        the rules (a community without a profile is not due, a P-code matches whole), so the
        browser list and the API cannot drift apart. One query still: an IN subquery."""
        data = self.form.cleaned_data
        criteria = {
            "country": data["country"] or "",
            "admin1": data["admin1"] or "",
            "area_type": data["area_type"] or "",
            "due_for_review": data["due_for_review"],
            "search": (data["q"] or "").strip(),
        }
        if not any(value not in ("", None) for value in criteria.values()):
            return queryset
        return queryset.filter(pk__in=selectors.community_list(**criteria).values("pk"))


class ProfileFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = CommunityProfile
        fields = ["community", "status"]


class StakeholderFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = Stakeholder
        fields = ["community", "kind", "is_civil_society", "is_active"]


class ServiceFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = Service
        fields = ["community", "sector", "is_active"]


class SectorFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(
        field_name="parent__code", label="Code of the parent sector, e.g. C"
    )
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label="ISIC sections only (no parent)"
    )

    class Meta:
        model = Sector
        fields = ["parent", "top_level"]


class LivelihoodOpportunityFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    sector = django_filters.CharFilter(field_name="sector__code", label="Sector code")

    class Meta:
        model = LivelihoodOpportunity
        fields = ["community", "sector", "kind", "growth_potential"]
