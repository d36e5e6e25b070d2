import datetime

import factory

from communities.models import Community, LivelihoodOpportunity, Sector, Service, Stakeholder


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    country = "GIN"
    admin1 = "Conakry"
    admin2 = factory.Sequence(lambda n: f"District {n}")
    pcode = factory.Sequence(lambda n: f"GN{n:05d}")
    latitude = "9.509167"
    longitude = "-13.712222"
    population_estimate = 12000
    area_type = Community.AreaType.URBAN


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    kind = Stakeholder.Kind.NGO
    is_civil_society = True


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    sector = Service.Sector.HEALTH


class LivelihoodOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivelihoodOpportunity

    community = factory.SubFactory(CommunityFactory)
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="C-TAILORING"))
    kind = LivelihoodOpportunity.Kind.SELF_EMPLOYMENT
    growth_potential = LivelihoodOpportunity.GrowthPotential.HIGH
    source = "Labour market assessment"
    source_date = datetime.date(2026, 3, 1)
