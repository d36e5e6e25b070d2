"""django-filter FilterSets of the assessments API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from assessments.models import Assessment, CommunityScore, Instrument
from communities.models import Community

# Communities are filtered by id with a NumberFilter, not a ModelChoiceFilter: validating a
# choice would cost a query on every request.


class InstrumentFilter(django_filters.FilterSet):
    class Meta:
        model = Instrument
        fields = ["code", "subject", "is_active"]


class AssessmentFilter(django_filters.FilterSet):
    instrument = django_filters.CharFilter(
        field_name="instrument__code", label=_("Instrument code, e.g. altai")
    )
    community = django_filters.NumberFilter(field_name="community_id")

    class Meta:
        model = Assessment
        fields = ["instrument", "community", "status"]


class ScoreFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    latest_only = django_filters.BooleanFilter(
        method="filter_latest_only", label=_("Only each community's latest score")
    )

    class Meta:
        model = CommunityScore
        fields = ["community", "band", "latest_only"]

    def filter_latest_only(self, queryset, name, value):
        return selectors.scores_latest_only(queryset) if value else queryset


class RankingFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(label=_("ISO 3166-1 alpha-3 code, e.g. GIN"))
    band = django_filters.ChoiceFilter(choices=CommunityScore.Band.choices)
    min_coverage = django_filters.NumberFilter(label=_("Lowest coverage of the latest score (%)"))

    class Meta:
        model = Community
        fields = ["country", "band", "min_coverage"]

    def filter_queryset(self, queryset):
        """``selectors.ranking`` owns these filters (the browser's ranking uses it too), so
        the API asks it for the filtered ranking rather than filtering again here."""
        data = self.form.cleaned_data
        minimum = data["min_coverage"]
        return selectors.ranking(
            country=data["country"] or "",
            band=data["band"] or "",
            min_coverage=float(minimum) if minimum is not None else None,
        )
