"""Factories of financial support groups (tests of the ledger go through the services)."""

import datetime

import factory

from accounts.tests.factories import OrganizationFactory
from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, GroupMember
from reintegration.tests.factories import ConsentFactory, ReturneeFactory


class FinancialGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialGroup

    name = factory.Sequence(lambda n: f"Savings group {n}")
    kind = FinancialGroup.Kind.COLLECTIVE_SAVINGS
    community = factory.SubFactory(CommunityFactory)
    organization = factory.SubFactory(OrganizationFactory)
    currency = "GNF"
    cycle_start = datetime.date(2025, 1, 1)
    cycle_end = datetime.date(2025, 12, 31)


class NonMigrantMemberFactory(factory.django.DjangoModelFactory):
    """A community member who is not a returnee."""

    class Meta:
        model = GroupMember

    group = factory.SubFactory(FinancialGroupFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    sex = "female"
    age_band = "25-34"
    joined_on = factory.LazyAttribute(lambda o: o.group.cycle_start)


def consenting_returnee(*, case_manager, community, group_contact=True, **fields):
    """A returnee of the case manager's organization, back since 2024-06-01, whose consent
    covers group activities."""
    fields.setdefault("return_date", datetime.date(2024, 6, 1))
    returnee = ReturneeFactory(case_manager=case_manager, community=community, **fields)
    ConsentFactory(returnee=returnee, group_contact=group_contact)
    return returnee


class ReturneeMemberFactory(factory.django.DjangoModelFactory):
    """A returnee member, written directly (``returnee`` must be given)."""

    class Meta:
        model = GroupMember

    group = factory.SubFactory(FinancialGroupFactory)
    joined_on = factory.LazyAttribute(lambda o: o.group.cycle_start)


__all__ = [
    "FinancialGroupFactory",
    "NonMigrantMemberFactory",
    "ReturneeMemberFactory",
    "consenting_returnee",
]
