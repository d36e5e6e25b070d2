"""What a dashboard counts: the user's returnees (through the access function), narrowed to
a place, and the period its flows are counted in."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from communities.models import Community
from reintegration.access import returnees_for_user
from reintegration.models import Referral, Returnee


@dataclass(frozen=True)
class DashboardFilters:
    """Country (ISO 3166-1 alpha-3) and first administrative level narrow the places;
    ``start``..``end`` (inclusive) is the period of the flows: arrivals, registrations and
    referrals made. Stocks (open cases, overdue follow-ups, bands, children) are as of today."""

    start: datetime.date
    end: datetime.date
    country: str = ""
    admin1: str = ""


@dataclass(frozen=True)
class OverviewScope:
    user: object
    filters: DashboardFilters
    today: datetime.date

    @property
    def communities(self) -> QuerySet[Community]:
        queryset = Community.objects.order_by()
        if self.filters.country:
            queryset = queryset.filter(country=self.filters.country)
        if self.filters.admin1:
            queryset = queryset.filter(admin1__iexact=self.filters.admin1)
        return queryset

    @property
    def returnees(self) -> QuerySet[Returnee]:
        """The returnees the user may see, living in the filtered places (a query to compose,
        never evaluated here)."""
        queryset = returnees_for_user(self.user).order_by()
        if self.filters.country:
            queryset = queryset.filter(community__country=self.filters.country)
        if self.filters.admin1:
            queryset = queryset.filter(community__admin1__iexact=self.filters.admin1)
        return queryset

    @property
    def referrals(self) -> QuerySet[Referral]:
        """The referrals of those returnees, whoever they are addressed to."""
        return Referral.objects.filter(returnee__in=self.returnees.values("pk")).order_by()


@dataclass(frozen=True)
class CommunityScope:
    user: object
    community: Community
    today: datetime.date

    @property
    def returnees(self) -> QuerySet[Returnee]:
        return returnees_for_user(self.user).filter(community=self.community).order_by()
