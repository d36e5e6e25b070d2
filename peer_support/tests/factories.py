"""One factory per model (written directly; tests of rules go through the services)."""

import datetime

import factory

from accounts.tests.factories import OrganizationFactory
from communities.tests.factories import CommunityFactory
from peer_support import rules
from peer_support.models import (
    CommunityEvent,
    Mentor,
    Mentorship,
    MentorTraining,
    NetworkGroup,
    PeerGroup,
    PeerGroupMember,
)
from reintegration.tests.factories import ConsentFactory, ReturneeFactory

TODAY = datetime.date.today()
ALL_TOPICS = list(rules.TrainingTopic.values)


class MentorFactory(factory.django.DjangoModelFactory):
    """A community member mentor, not trained (``trained=True`` marks them trained)."""

    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = Mentor.Kind.COMMUNITY_MEMBER
    name = factory.Sequence(lambda n: f"Mentor {n}")
    sex = "female"
    community = factory.SubFactory(CommunityFactory)
    languages = factory.LazyFunction(lambda: ["French"])
    background = Mentor.Background.TEACHER
    capacity = 3

    class Params:
        trained = factory.Trait(
            trained_on=TODAY - datetime.timedelta(days=30),
            last_training_on=TODAY - datetime.timedelta(days=30),
            refresher_due_on=rules.add_months(TODAY - datetime.timedelta(days=30), 12),
        )


class MentorTrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorTraining

    mentor = factory.SubFactory(MentorFactory)
    kind = MentorTraining.Kind.INITIAL
    date = TODAY - datetime.timedelta(days=30)
    days = 2
    topics = factory.LazyFunction(lambda: list(ALL_TOPICS))


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(MentorFactory, trained=True)
    returnee = factory.SubFactory(ReturneeFactory)
    started_on = TODAY - datetime.timedelta(days=10)
    planned_end_on = factory.LazyAttribute(lambda o: rules.add_months(o.started_on, 6))


class PeerGroupFactory(factory.django.DjangoModelFactory):
    """An approved group started 60 days ago, facilitated by a professional."""

    class Meta:
        model = PeerGroup

    organization = factory.SubFactory(OrganizationFactory)
    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Peer group {n}")
    composition = PeerGroup.Composition.MIXED
    facilitator_kind = PeerGroup.FacilitatorKind.PROFESSIONAL
    facilitator_name = "Dr. Mariam Sylla"
    started_on = TODAY - datetime.timedelta(days=60)
    planned_initial_meetings = 6
    leaders_informed_on = TODAY - datetime.timedelta(days=70)
    leaders_approved_by = "Chief of the community"
    leaders_approved_on = TODAY - datetime.timedelta(days=65)


class PeerGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerGroupMember

    group = factory.SubFactory(PeerGroupFactory)
    returnee = factory.SubFactory(ReturneeFactory)
    joined_on = factory.LazyAttribute(lambda o: o.group.started_on)


class NetworkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkGroup

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Network group {n}")
    kind = NetworkGroup.Kind.THEATRE
    formality = NetworkGroup.Formality.INFORMAL
    contact_name = "Group contact"
    sensitised_on = TODAY - datetime.timedelta(days=20)
    accepts_returnees = True


class CommunityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityEvent

    organization = factory.SubFactory(OrganizationFactory)
    community = factory.SubFactory(CommunityFactory)
    kind = CommunityEvent.Kind.FOCUS_GROUP
    title = factory.Sequence(lambda n: f"Event {n}")
    date = TODAY - datetime.timedelta(days=5)
    place = "Youth centre"
    returnees_count = 5
    family_members_count = 6
    community_members_count = 6
    opinion_leaders_count = 2
    local_authorities_count = 1


__all__ = [
    "CommunityEventFactory",
    "ConsentFactory",
    "MentorFactory",
    "MentorTrainingFactory",
    "MentorshipFactory",
    "NetworkGroupFactory",
    "PeerGroupFactory",
    "PeerGroupMemberFactory",
    "ReturneeFactory",
]
