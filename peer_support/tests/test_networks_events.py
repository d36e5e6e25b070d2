"""Network groups, community events, the social-cohesion selector, the mentor list's
training filter, and the audit trail of every change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from peer_support import rules, selectors, services
from peer_support.models import CommunityEvent, NetworkGroup
from peer_support.tests.factories import (
    CommunityEventFactory,
    MentorFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    ReturneeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
COUNTS = dict.fromkeys(CommunityEvent.COUNT_FIELDS, 0)


def event(actor, **fields):
    values = {
        "community": CommunityFactory(),
        "kind": "storytelling",
        "title": "Stories of return",
        "date": TODAY,
        "place": "Hall",
        **COUNTS,
        **fields,
    }
    return services.event_create(actor=actor, organization=actor.organization, **values)


def test_an_event_needs_participants_except_a_radio_programme(case_manager):
    before = (AuditEvent.objects.count(), CommunityEvent.objects.count())
    with pytest.raises(ValidationError, match="Count the participants by category"):
        event(case_manager)
    assert (AuditEvent.objects.count(), CommunityEvent.objects.count()) == before
    radio = event(case_manager, kind="radio", title="On air")
    assert radio.total_participants == 0
    with pytest.raises(ValidationError, match="Record an event once it has taken place"):
        event(case_manager, date=TODAY + DAY, returnees_count=3)


def test_a_focus_group_of_about_twenty_people(case_manager):
    ghana = event(case_manager, kind="focus_group", returnees_count=5, community_members_count=15)
    assert (ghana.total_participants, ghana.warning) == (20, "")
    crowd = event(case_manager, kind="focus_group", title="Crowd", community_members_count=45)
    assert crowd.warning == (
        "45 participants: the Ghana focus groups (handbook case study 12) gather about 20 people."
    )


def test_an_event_with_a_group_of_another_country(case_manager):
    senegal = NetworkGroupFactory(community=CommunityFactory(country="SEN"))
    with pytest.raises(ValidationError, match="The group must be in the event's country."):
        event(case_manager, network_group=senegal, returnees_count=2)


def test_network_group_names_are_unique_in_a_community(case_manager):
    community = CommunityFactory()
    services.network_group_create(
        actor=case_manager, community=community, name="Troupe", kind="theatre", formality="formal"
    )
    with pytest.raises(ValidationError, match="This group is already recorded in this community"):
        services.network_group_create(
            actor=case_manager,
            community=community,
            name=" troupe ",
            kind="theatre",
            formality="formal",
        )
    assert NetworkGroup.objects.count() == 1


def test_a_sensitisation_in_the_future_is_refused(case_manager):
    group = NetworkGroupFactory()
    with pytest.raises(ValidationError, match="Record the sensitisation once it has taken place"):
        services.network_group_update(actor=case_manager, group=group, sensitised_on=TODAY + DAY)
    group.refresh_from_db()
    assert group.sensitised_on == TODAY - 20 * DAY


def test_matching_groups_follow_the_interests_and_the_country(case_manager):
    kaloum = CommunityFactory(name="Kaloum", country="GIN")
    returnee = ReturneeFactory(case_manager=case_manager, community=kaloum)
    near = NetworkGroupFactory(community=kaloum, name="B near", kind="theatre")
    far = NetworkGroupFactory(community=CommunityFactory(country="GIN"), name="A far")
    unsure = NetworkGroupFactory(community=kaloum, name="C unsure", accepts_returnees=None)
    NetworkGroupFactory(community=kaloum, name="Refuses", accepts_returnees=False)
    NetworkGroupFactory(community=kaloum, name="Inactive", is_active=False)
    NetworkGroupFactory(community=CommunityFactory(country="SEN"), name="Abroad")
    NetworkGroupFactory(community=kaloum, name="Football", kind="sports")
    found = selectors.matching_network_groups(
        user=case_manager, returnee=returnee, kinds=["theatre"]
    )
    # Own community first, confirmed acceptance before not asked, then the rest.
    assert list(found) == [near, unsure, far]


def test_the_mentor_list_shows_the_refresher_at_twelve_and_thirteen_months(case_manager):
    trained = datetime.date(2025, 5, 10)
    mentor = MentorFactory(
        organization=case_manager.organization,
        trained_on=trained,
        last_training_on=trained,
        refresher_due_on=rules.add_months(trained, 12),
    )
    untrained = MentorFactory(organization=case_manager.organization)

    def listed(state, today):
        return list(selectors.mentor_list(user=case_manager, state=state, today=today))

    at_12 = rules.add_months(trained, 12)
    at_13 = rules.add_months(trained, 13)
    assert (listed("due", at_12), listed("overdue", at_12)) == ([mentor], [])
    assert (listed("due", at_13), listed("overdue", at_13)) == ([], [mentor])
    assert listed("trained", at_12 - 31 * DAY) == [mentor]
    assert listed("not_trained", at_12) == [untrained]


def test_social_cohesion_is_scoped_to_an_organization_and_a_period(case_manager, outsider):
    community = CommunityFactory(name="Kaloum")
    CommunityEventFactory(organization=case_manager.organization, community=community)
    CommunityEventFactory(
        organization=case_manager.organization, community=community, date=TODAY - 100 * DAY
    )
    CommunityEventFactory(organization=outsider.organization, community=community)
    PeerGroupFactory(organization=outsider.organization, community=community)
    rows = selectors.social_cohesion_by_community(
        organization_id=case_manager.organization_id, date_from=TODAY - 30 * DAY
    )
    assert [(r["community_name"], r["events"], r["peer_groups_active"]) for r in rows] == [
        ("Kaloum", 1, 0)
    ]
    everyone = selectors.social_cohesion_by_community()
    totals = selectors.social_cohesion_totals(everyone)
    assert (totals["events"], totals["peer_groups_active"], totals["communities"]) == (3, 1, 1)
    assert (totals["total_participants"], totals["non_returnee_share"]) == (60, 75)


def test_every_change_is_audited_with_its_actor(case_manager):
    group = services.peer_group_create(
        actor=case_manager,
        organization=case_manager.organization,
        community=CommunityFactory(),
        name="Audited",
        composition="women",
        facilitator_kind="professional",
        facilitator_name="Dr. A",
        started_on=TODAY - 10 * DAY,
        planned_initial_meetings=3,
    )
    services.peer_group_record_approval(
        actor=case_manager,
        group=group,
        informed_on=TODAY - 12 * DAY,
        approved_by="Chief",
        approved_on=TODAY - 11 * DAY,
    )
    services.peer_group_extend(
        actor=case_manager, group=group, until=rules.latest_extension(group.started_on)
    )
    member = services.peer_group_member_add(
        actor=case_manager, group=group, returnee=ReturneeFactory(case_manager=case_manager)
    )
    services.peer_group_meeting_record(actor=case_manager, group=group, date=TODAY)
    services.peer_group_close(actor=case_manager, group=group, closed_on=TODAY)
    events = AuditEvent.objects.filter(object_id=str(group.pk), content_type__model="peergroup")
    assert [e.action for e in events.order_by("at", "id")] == [
        "create",
        "update",
        "update",
        "update",
    ]
    assert events.order_by("at", "id")[1].changes["leaders_approved_by"] == ["", "Chief"]
    assert AuditEvent.objects.filter(object_id=str(member.pk), actor=case_manager).count() == 1
    assert {e.actor for e in AuditEvent.objects.all()} == {case_manager}
