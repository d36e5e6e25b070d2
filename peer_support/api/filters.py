"""FilterSets of the peer-support API (ids rather than model choices: no extra query)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from peer_support.models import CommunityEvent, NetworkGroup, PeerGroup
from peer_support.selectors import GROUP_STATUSES


class PeerGroupFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    country = django_filters.CharFilter(field_name="community__country", label=_("ISO alpha-3"))
    status = django_filters.ChoiceFilter(
        field_name="activity_status", choices=list(GROUP_STATUSES.items())
    )

    class Meta:
        model = PeerGroup
        fields = ["community", "country", "focus", "composition", "status"]


class NetworkGroupFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    country = django_filters.CharFilter(field_name="community__country", label=_("ISO alpha-3"))

    class Meta:
        model = NetworkGroup
        fields = ["community", "country", "kind", "formality", "accepts_returnees", "is_active"]


class CommunityEventFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id")
    country = django_filters.CharFilter(field_name="community__country", label=_("ISO alpha-3"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = CommunityEvent
        fields = ["community", "country", "kind", "date_from", "date_to"]
