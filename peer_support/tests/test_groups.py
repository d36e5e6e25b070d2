"""Peer-support groups through the services: every rule of handbook 3.5.2 at its edges, and
every refusal with its message and nothing saved (acceptance 2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from peer_support import rules, selectors, services
from peer_support.models import PeerGroup, PeerGroupAttendance, PeerGroupMeeting, PeerGroupMember
from peer_support.tests.factories import (
    PeerGroupFactory,
    PeerGroupMemberFactory,
    ReturneeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def snapshot():
    return (
        AuditEvent.objects.count(),
        PeerGroup.objects.count(),
        PeerGroupMember.objects.count(),
        PeerGroupMeeting.objects.count(),
        PeerGroupAttendance.objects.count(),
        list(
            PeerGroup.objects.order_by("pk").values_list(
                "planned_initial_meetings", "extended_until", "leaders_approved_on"
            )
        ),
    )


def refused(call, message, **kwargs):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert message in " ".join(error.value.messages), error.value.messages
    assert snapshot() == before


@pytest.fixture
def group(case_manager):
    return PeerGroupFactory(organization=case_manager.organization, name="Kaloum returnees")


def meet(group, actor, date=None, **kwargs):
    return services.peer_group_meeting_record(
        actor=actor, group=group, date=date or TODAY - 10 * DAY, **kwargs
    )


def create(actor, **overrides):
    from communities.tests.factories import CommunityFactory

    fields = {
        "community": CommunityFactory(),
        "name": "New group",
        "composition": "mixed",
        "facilitator_kind": "professional",
        "facilitator_name": "A. Psychologist",
        "started_on": TODAY,
        "planned_initial_meetings": 6,
        **overrides,
    }
    return services.peer_group_create(actor=actor, organization=actor.organization, **fields)


# --- creation ---


def test_one_to_six_initial_meetings(case_manager):
    assert create(case_manager, planned_initial_meetings=6).planned_initial_meetings == 6
    assert create(case_manager, name="One", planned_initial_meetings=1)
    for wrong in (7, 0):
        refused(
            create,
            "Plan 1 to 6 one-hour initial meetings (handbook 3.5.2)",
            actor=case_manager,
            name=f"Group {wrong}",
            planned_initial_meetings=wrong,
        )


def test_a_facilitator_is_a_professional_or_trained(case_manager):
    refused(
        create,
        "A returnee facilitator must have been trained to facilitate peer support groups",
        actor=case_manager,
        facilitator_kind="trained_returnee",
        facilitator_name="",
        facilitator_returnee=ReturneeFactory(case_manager=case_manager),
    )
    refused(
        create,
        "Give the professional facilitator's name.",
        actor=case_manager,
        facilitator_name="",
    )
    group = create(
        case_manager,
        facilitator_kind="trained_returnee",
        facilitator_name="",
        facilitator_returnee=ReturneeFactory(case_manager=case_manager, first_name="Ibrahima"),
        facilitator_trained_on=TODAY - 90 * DAY,
    )
    assert group.facilitator_label.startswith("Ibrahima ")
    refused(
        create,
        "A community facilitator is trained first (handbook 6.3.5)",
        actor=case_manager,
        name="Caregivers",
        focus="caregivers",
        facilitator_kind="community_facilitator",
        facilitator_name="Mother of three",
    )


# --- leaders' approval and the start ---


def test_a_first_meeting_before_the_leaders_approval_is_refused(case_manager):
    group = PeerGroupFactory(
        organization=case_manager.organization,
        leaders_approved_by="",
        leaders_approved_on=None,
    )
    refused(
        meet,
        "The community leaders' approval is needed before the first meeting (handbook 3.5.2): "
        "record who approved and when.",
        group=group,
        actor=case_manager,
    )
    services.peer_group_record_approval(
        actor=case_manager,
        group=group,
        informed_on=TODAY - 15 * DAY,
        approved_by="Imam and chief of the quarter",
        approved_on=TODAY - 9 * DAY,
    )
    group.refresh_from_db()
    refused(
        meet,
        f"it was given on {TODAY - 9 * DAY:%Y-%m-%d}.",
        group=group,
        actor=case_manager,
        date=TODAY - 10 * DAY,
    )
    assert meet(group, case_manager, date=TODAY - 9 * DAY).number == 1


def test_approval_needs_who_and_when_together(group, case_manager):
    refused(
        services.peer_group_record_approval,
        "Say which leaders approved.",
        actor=case_manager,
        group=group,
        informed_on=TODAY,
        approved_by=" ",
        approved_on=TODAY,
    )
    refused(
        services.peer_group_record_approval,
        "The leaders approve after being informed.",
        actor=case_manager,
        group=group,
        informed_on=TODAY,
        approved_by="Chief",
        approved_on=TODAY - DAY,
    )


def test_a_meeting_before_the_groups_start_is_refused(group, case_manager):
    refused(
        meet,
        f"The group starts on {group.started_on:%Y-%m-%d}: no meeting before.",
        group=group,
        actor=case_manager,
        date=group.started_on - DAY,
    )
    assert meet(group, case_manager, date=group.started_on).kind == "initial"


# --- initial meetings and the extension ---


def test_six_initial_meetings_then_a_seventh_needs_an_extension(group, case_manager):
    for n in range(6):
        meeting = meet(group, case_manager, date=group.started_on + n * 7 * DAY)
        assert (meeting.kind, meeting.number) == ("initial", n + 1)
    refused(
        meet,
        "The group has held its 6 planned initial meetings (one to six, handbook 3.5.2): record "
        "an extension of up to one year from the start, or record a follow-up session.",
        group=group,
        actor=case_manager,
        date=TODAY - DAY,
    )
    services.peer_group_extend(
        actor=case_manager, group=group, until=rules.latest_extension(group.started_on)
    )
    group.refresh_from_db()
    seventh = meet(group, case_manager, date=TODAY - DAY)
    assert (seventh.kind, seventh.number) == ("extension", None)


def test_fewer_planned_meetings_suggest_planning_more(case_manager):
    group = PeerGroupFactory(organization=case_manager.organization, planned_initial_meetings=1)
    meet(group, case_manager)
    refused(
        meet,
        "or plan more initial meetings (up to 6)",
        group=group,
        actor=case_manager,
        date=TODAY - 5 * DAY,
    )
    services.peer_group_update(actor=case_manager, group=group, planned_initial_meetings=2)
    group.refresh_from_db()
    assert meet(group, case_manager, date=TODAY - 5 * DAY).number == 2
    refused(
        services.peer_group_update,
        "The group has held 2 initial meetings: plan at least as many.",
        actor=case_manager,
        group=group,
        planned_initial_meetings=1,
    )


def test_an_extension_up_to_one_year_from_the_start(group, case_manager):
    one_year = rules.latest_extension(group.started_on)
    refused(
        services.peer_group_extend,
        f"A group extends up to one year from its start (handbook 3.5.2): {one_year:%Y-%m-%d} "
        "at the latest.",
        actor=case_manager,
        group=group,
        until=one_year + DAY,
    )
    services.peer_group_extend(actor=case_manager, group=group, until=one_year)
    group.refresh_from_db()
    assert group.extended_until == one_year


def test_follow_up_sessions_come_after_the_initial_meetings(group, case_manager):
    refused(
        meet,
        "Follow-up sessions come after the group's initial meetings.",
        group=group,
        actor=case_manager,
        follow_up=True,
    )
    meet(group, case_manager, date=TODAY - 20 * DAY)
    assert meet(group, case_manager, follow_up=True).kind == "follow_up"


def test_no_meeting_after_the_group_closed(group, case_manager):
    meet(group, case_manager, date=TODAY - 20 * DAY)
    services.peer_group_close(actor=case_manager, group=group, closed_on=TODAY - 15 * DAY)
    group.refresh_from_db()
    refused(
        meet,
        f"The group closed on {TODAY - 15 * DAY:%Y-%m-%d}.",
        group=group,
        actor=case_manager,
    )


# --- participants ---


def test_seven_participants_warn_eight_do_not(group, case_manager):
    for _ in range(7):
        services.peer_group_member_add(
            actor=case_manager, group=group, returnee=ReturneeFactory(case_manager=case_manager)
        )
    assert selectors.group_size_warning(group) == (
        "7 participants: the handbook suggests ideally 8 to 20 (3.5.2)."
    )
    services.peer_group_member_add(
        actor=case_manager, group=group, returnee=ReturneeFactory(case_manager=case_manager)
    )
    assert selectors.group_size_warning(group) == ""


def test_twenty_participants_are_ideal_twenty_five_the_most(group, case_manager):
    PeerGroupMemberFactory.create_batch(20, group=group, returnee__case_manager=case_manager)
    assert selectors.group_size_warning(group) == ""
    for _ in range(5):
        services.peer_group_member_add(
            actor=case_manager, group=group, returnee=ReturneeFactory(case_manager=case_manager)
        )
    assert selectors.group_size_warning(group).startswith("25 participants")
    refused(
        services.peer_group_member_add,
        "Kaloum returnees has 25 participants, the maximum (25; ideally 8 to 20, handbook "
        "3.5.2): form a new group.",
        actor=case_manager,
        group=group,
        returnee=ReturneeFactory(case_manager=case_manager),
    )
    # Someone leaving makes room again.
    services.peer_group_member_leave(
        actor=case_manager, member=group.members.first(), left_on=TODAY
    )
    services.peer_group_member_add(
        actor=case_manager, group=group, returnee=ReturneeFactory(case_manager=case_manager)
    )


def test_a_newcomer_after_the_first_meeting_needs_a_reason(group, case_manager):
    meet(group, case_manager, date=TODAY - 30 * DAY)
    returnee = ReturneeFactory(case_manager=case_manager)
    refused(
        services.peer_group_member_add,
        f"Kaloum returnees has met since {TODAY - 30 * DAY:%Y-%m-%d}: newcomers form new groups "
        "(handbook 3.5.2). Give the reason for joining this one",
        actor=case_manager,
        group=group,
        returnee=returnee,
    )
    member = services.peer_group_member_add(
        actor=case_manager,
        group=group,
        returnee=returnee,
        late_join_reason="No other group within a day's walk",
    )
    assert member.late_join_reason == "No other group within a day's walk"


def test_single_gender_groups(case_manager):
    women = PeerGroupFactory(organization=case_manager.organization, composition="women")
    refused(
        services.peer_group_member_add,
        "is a women only group (handbook 3.5.2 asks to consider single-gender groups)",
        actor=case_manager,
        group=women,
        returnee=ReturneeFactory(case_manager=case_manager, sex="male"),
    )
    services.peer_group_member_add(
        actor=case_manager, group=women, returnee=ReturneeFactory(case_manager=case_manager)
    )
    refused(
        services.peer_group_update,
        "The group has female members: it cannot become men only.",
        actor=case_manager,
        group=women,
        composition="men",
    )


# --- attendance ---


def test_attendance_only_of_members_on_the_day(group, case_manager):
    member = PeerGroupMemberFactory(group=group, returnee__case_manager=case_manager)
    stranger = PeerGroupMemberFactory(returnee__case_manager=case_manager)
    refused(
        meet,
        f"Not members of Kaloum returnees: {stranger.returnee.reference}.",
        group=group,
        actor=case_manager,
        attendee_ids=[member.pk, stranger.pk],
    )
    late = PeerGroupMemberFactory(
        group=group, returnee__case_manager=case_manager, joined_on=TODAY - 5 * DAY
    )
    refused(
        meet,
        f"{late.returnee.reference} was not a member on {TODAY - 10 * DAY:%Y-%m-%d} (joined "
        f"{TODAY - 5 * DAY:%Y-%m-%d}).",
        group=group,
        actor=case_manager,
        attendee_ids=[late.pk],
    )
    meeting = meet(group, case_manager, attendee_ids=[member.pk])
    assert list(meeting.attendees.all()) == [member]
    event = AuditEvent.objects.filter(object_id=str(meeting.pk), action="update").get()
    assert event.changes == {"attendees": [[], [member.pk]]}
