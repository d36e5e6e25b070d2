"""django-filter FilterSets of the reintegration API. They only narrow a queryset that an
access function already limited to what the user may see."""

import datetime

import django_filters

from reintegration import selectors
from reintegration.models import Referral, Returnee


class ReturneeFilter(django_filters.FilterSet):
    """Staff filters. Ids rather than model choices: validating a choice would cost a query
    and tell the caller whether another organization's user exists."""

    community = django_filters.NumberFilter(field_name="community_id")
    case_manager = django_filters.NumberFilter(field_name="case_manager_id")
    q = django_filters.CharFilter(
        method="search", label="Reference, phone or name (at least 3 characters)"
    )

    class Meta:
        model = Returnee
        fields = ["community", "status", "sex", "case_manager", "q"]

    def search(self, queryset, name, value):
        return selectors.search_returnees(queryset, value)


class PartnerReturneeFilter(django_filters.FilterSet):
    """A partner's filters: no search by name or phone, which would let a partner confirm
    who is behind a pseudonymised record."""

    community = django_filters.NumberFilter(field_name="community_id")
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")

    class Meta:
        model = Returnee
        fields = ["community", "sex", "reference"]


class CaseFilter(django_filters.FilterSet):
    case_manager = django_filters.NumberFilter(field_name="case_manager_id")

    class Meta:
        model = Returnee
        fields = ["status", "case_manager"]


class ReferralFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Open with a follow-up date in the past"
    )
    incoming = django_filters.BooleanFilter(
        method="filter_incoming", label="Addressed to my organization"
    )

    class Meta:
        model = Referral
        fields = ["status", "overdue", "incoming"]

    def filter_overdue(self, queryset, name, value):
        today = datetime.date.today()
        if value:
            return selectors.overdue_referrals(queryset=queryset, today=today)
        return selectors.referrals_not_overdue(queryset=queryset, today=today)

    def filter_incoming(self, queryset, name, value):
        organization_id = self.request.user.organization_id
        if organization_id is None:
            # filter(target_organization_id=None) would mean "addressed to no organization".
            return queryset.none() if value else queryset
        if value:
            return queryset.filter(target_organization_id=organization_id)
        return queryset.exclude(target_organization_id=organization_id)
