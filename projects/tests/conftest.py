"""Fixtures of the projects tests: a community, a tailoring sector, returnees with consent
and projects created through the services."""

import datetime

import pytest

from communities.models import Sector
from communities.tests.factories import CommunityFactory
from projects import services
from projects.models import Approach, Kind, ProposedBy
from reintegration.models import ReturneeSkill
from reintegration.tests.factories import ConsentFactory, ReturneeFactory

TODAY = datetime.date.today()


@pytest.fixture
def community(db):
    return CommunityFactory(
        name="Kaloum", country="GIN", latitude="9.509167", longitude="-13.712222"
    )


@pytest.fixture
def tailoring(db):
    return Sector.objects.get(code="C-TAILORING")


@pytest.fixture
def make_returnee(case_manager, community):
    """``make_returnee(sex=..., level=..., ...)``: a returnee of the case manager's
    organization with active consent, optionally skilled in tailoring."""

    def make(*, sex="female", level=None, consent=True, years=3, **fields):
        returnee = ReturneeFactory(
            case_manager=case_manager,
            sex=sex,
            community=fields.pop("community", community),
            **fields,
        )
        if level:
            ReturneeSkill.objects.create(
                returnee=returnee,
                sector=Sector.objects.get(code="C-TAILORING"),
                level=level,
                years_experience=years,
            )
        if consent:
            ConsentFactory(returnee=returnee, recorded_by=case_manager)
        return returnee

    return make


@pytest.fixture
def make_project(programme_manager, community):
    """``make_project(**fields)``: a project created through the service by the programme
    manager; a collective income-generating tailoring activity unless told otherwise."""

    def make(*, communities=None, required_sectors=(), **fields):
        values = {
            "name": "Tailoring cooperative",
            "approach": Approach.COLLECTIVE_RETURNEES,
            "kind": Kind.COLLECTIVE_INCOME,
            "sector": Sector.objects.get(code="C-TAILORING"),
            "proposed_by": ProposedBy.RETURNEES,
            **fields,
        }
        return services.project_create(
            actor=programme_manager,
            fields=values,
            communities=[community] if communities is None else communities,
            required_sectors=required_sectors,
        )

    return make
