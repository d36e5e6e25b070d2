"""Factories of the projects app (tests of services use the services)."""

import datetime

import factory

from accounts.tests.factories import OrganizationFactory, UserFactory
from communities.models import Sector
from projects.models import Approach, Kind, Participant, Project, ProposedBy
from reintegration.tests.factories import ConsentFactory, ReturneeFactory

__all__ = [
    "ConsentFactory",
    "ParticipantFactory",
    "ProjectFactory",
    "ReturneeFactory",
    "community_member",
]


class ProjectFactory(factory.django.DjangoModelFactory):
    """A proposed new community project written directly; ``communities=[...]`` sets them
    (a fresh community otherwise)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Project {n}")
    approach = Approach.NEW_COMMUNITY_PROJECT
    kind = Kind.LOCAL_DEVELOPMENT
    proposed_by = ProposedBy.COMMUNITY
    organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    current_step = factory.LazyAttribute(lambda o: 1 if o.kind == Kind.COLLECTIVE_INCOME else None)
    sector = factory.LazyAttribute(
        lambda o: (
            Sector.objects.get(code="C-TAILORING") if o.kind == Kind.COLLECTIVE_INCOME else None
        )
    )

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            from communities.tests.factories import CommunityFactory

            extracted = [CommunityFactory()]
        self.communities.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A returnee participant by default; see ``community_member`` for a non-migrant."""

    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    returnee = factory.SubFactory(ReturneeFactory)
    role = Participant.Role.MEMBER
    joined_on = datetime.date(2026, 10, 1)


def community_member(project, *, sex="female", **fields) -> Participant:
    return ParticipantFactory(
        project=project,
        returnee=None,
        name=fields.pop("name", f"Neighbour {Participant.objects.count() + 1}"),
        sex=sex,
        **fields,
    )
