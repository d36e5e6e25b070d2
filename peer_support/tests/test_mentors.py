"""Mentors, training, supervision and mentorships through the services: the handbook's
rules at their edges, every refusal with its message and nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from peer_support import rules, services
from peer_support.models import Mentor, Mentorship, MentorshipMeeting, MentorTraining
from peer_support.tests.factories import (
    ALL_TOPICS,
    MentorFactory,
    MentorshipFactory,
    ReturneeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def snapshot():
    """What a refused write must leave as it was."""
    return (
        AuditEvent.objects.count(),
        MentorTraining.objects.count(),
        Mentorship.objects.count(),
        MentorshipMeeting.objects.count(),
        list(
            Mentor.objects.order_by("pk").values_list("trained_on", "refresher_due_on", "is_active")
        ),
    )


def refused(call, message, **kwargs):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert message in " ".join(error.value.messages), error.value.messages
    assert snapshot() == before
    return error.value


@pytest.fixture
def mentor(case_manager):
    return MentorFactory(organization=case_manager.organization, name="Fanta Kouyaté")


@pytest.fixture
def returnee(case_manager, mentor):
    return ReturneeFactory(case_manager=case_manager, community=mentor.community)


def train(mentor, actor, days=2, date=TODAY - 30 * DAY, topics=ALL_TOPICS, kind="initial"):
    return services.training_record(
        actor=actor, mentor=mentor, kind=kind, date=date, days=days, topics=topics
    )


# --- mentors ---


def test_a_returnee_mentor_takes_sex_community_and_languages_from_the_registry(case_manager):
    returnee = ReturneeFactory(
        case_manager=case_manager, sex="male", languages=["Pular", "French", "pular"]
    )
    mentor = services.mentor_create(
        actor=case_manager,
        organization=case_manager.organization,
        kind=Mentor.Kind.RETURNEE,
        returnee=returnee,
        background=Mentor.Background.SUCCESSFUL_REINTEGRATION,
    )
    assert (mentor.sex, mentor.community, mentor.languages, mentor.name) == (
        "male",
        returnee.community,
        ["Pular", "French"],
        "",
    )
    assert mentor.display_name == returnee.full_name
    event = AuditEvent.objects.get(object_id=str(mentor.pk), action="create")
    assert event.actor == case_manager


def test_a_community_member_mentor_needs_a_name_and_no_registry_record(case_manager):
    from communities.tests.factories import CommunityFactory

    refused(
        services.mentor_create,
        "Give the community member's name.",
        actor=case_manager,
        organization=case_manager.organization,
        kind=Mentor.Kind.COMMUNITY_MEMBER,
        name=" ",
        sex="female",
        community=CommunityFactory(),
        background="teacher",
    )


def test_a_returnee_of_another_organization_cannot_be_your_mentor(case_manager, outsider):
    refused(
        services.mentor_create,
        "The returnee must be in your organization's registry.",
        actor=case_manager,
        organization=case_manager.organization,
        kind=Mentor.Kind.RETURNEE,
        returnee=ReturneeFactory(case_manager=outsider),
        background="teacher",
    )


# --- training (Handbook 3.5.2: at least two days, seven topics, yearly refreshers) ---


def test_a_one_day_training_does_not_train_a_second_day_does(mentor, case_manager):
    train(mentor, case_manager, days=1, date=TODAY - 40 * DAY)
    mentor.refresh_from_db()
    assert (mentor.trained_on, mentor.refresher_due_on) == (None, None)
    assert mentor.refresher_state() == "not_trained"
    train(mentor, case_manager, days=1, date=TODAY - 30 * DAY, topics=["listening"])
    mentor.refresh_from_db()
    assert mentor.trained_on == TODAY - 30 * DAY
    assert mentor.refresher_due_on == rules.add_months(TODAY - 30 * DAY, 12)
    assert mentor.refresher_state() == "current"
    changes = AuditEvent.objects.filter(object_id=str(mentor.pk), action="update").first()
    assert changes.changes["trained_on"] == [None, (TODAY - 30 * DAY).isoformat()]


def test_a_two_day_training_trains_at_once(mentor, case_manager):
    training = train(mentor, case_manager, days=2)
    mentor.refresh_from_db()
    assert mentor.is_trained
    assert training.topic_labels[5] == "How to provide Psychological First Aid (Annex 1.C)"


def test_a_training_of_zero_days_is_refused(mentor, case_manager):
    refused(train, "A training lasts at least one day.", mentor=mentor, actor=case_manager, days=0)


def test_a_training_without_topics_or_with_unknown_topics_is_refused(mentor, case_manager):
    refused(
        train, "Tick the topics the session covered.", mentor=mentor, actor=case_manager, topics=[]
    )
    refused(train, "Unknown topic(s): yoga.", mentor=mentor, actor=case_manager, topics=["yoga"])


def test_a_training_in_the_future_is_refused(mentor, case_manager):
    refused(
        train,
        "Record a training once it has taken place.",
        mentor=mentor,
        actor=case_manager,
        date=TODAY + DAY,
    )


def test_a_refresher_needs_the_completed_initial_training(mentor, case_manager):
    refused(
        train,
        "A refresher follows the initial training",
        mentor=mentor,
        actor=case_manager,
        kind="refresher",
        days=1,
    )
    train(mentor, case_manager, date=TODAY - 30 * DAY)
    refused(
        train,
        "A refresher comes after the initial training",
        mentor=mentor,
        actor=case_manager,
        kind="refresher",
        days=1,
        date=TODAY - 31 * DAY,
    )


def test_a_refresher_moves_the_due_date_twelve_months_on(mentor, case_manager):
    start = TODAY - 400 * DAY
    train(mentor, case_manager, date=start)
    mentor.refresh_from_db()
    assert mentor.refresher_due_on == rules.add_months(start, 12)
    assert mentor.refresher_state() == "overdue"
    train(mentor, case_manager, kind="refresher", days=1, date=TODAY - 5 * DAY, topics=["ending"])
    mentor.refresh_from_db()
    assert mentor.refresher_due_on == rules.add_months(TODAY - 5 * DAY, 12)
    assert mentor.refresher_state() == "current"


def test_refresher_at_twelve_months_due_at_thirteen_overdue(mentor, case_manager):
    trained = datetime.date(2025, 6, 15)
    train(mentor, case_manager, date=trained)
    mentor.refresh_from_db()
    assert mentor.refresher_state(today=rules.add_months(trained, 12)) == "due"
    assert mentor.refresher_state(today=rules.add_months(trained, 13)) == "overdue"


def test_deleting_a_session_recomputes_and_protects_refreshers(mentor, case_manager):
    first = train(mentor, case_manager, days=1, date=TODAY - 60 * DAY)
    second = train(mentor, case_manager, days=1, date=TODAY - 50 * DAY)
    train(mentor, case_manager, kind="refresher", days=1, date=TODAY - 10 * DAY)
    refused(
        services.training_delete,
        "remove those first",
        actor=case_manager,
        training=second,
    )
    assert MentorTraining.objects.filter(pk=first.pk).exists()


def test_supervision_of_your_mentors_only(mentor, case_manager, supervisor, outsider):
    session = services.supervision_record(
        actor=supervisor,
        organization=supervisor.organization,
        date=TODAY,
        mentors=[mentor],
        issues="Returnees expect money from their mentors",
        solutions="Role-play on managing expectations",
    )
    assert list(session.mentors.all()) == [mentor]
    assert AuditEvent.objects.filter(object_id=str(session.pk)).count() == 2
    foreign = MentorFactory(organization=outsider.organization, name="Other")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Other is not one of your organization's mentors"):
        services.supervision_record(
            actor=supervisor,
            organization=supervisor.organization,
            date=TODAY,
            mentors=[foreign],
            issues="x",
        )
    assert AuditEvent.objects.count() == before


# --- mentorships ---


def test_a_mentorship_with_an_untrained_mentor_is_refused(mentor, returnee, case_manager):
    train(mentor, case_manager, days=1)
    refused(
        services.mentorship_start,
        "Fanta Kouyaté has not completed the initial training: at least two days covering the "
        "seven topics of handbook 3.5.2.",
        actor=case_manager,
        mentor=mentor,
        returnee=returnee,
    )


def test_a_mentorship_with_an_inactive_mentor_is_refused(mentor, returnee, case_manager):
    train(mentor, case_manager)
    services.mentor_set_active(actor=case_manager, mentor=mentor, is_active=False)
    refused(
        services.mentorship_start,
        "Fanta Kouyaté is not an active mentor: only active mentors take on returnees.",
        actor=case_manager,
        mentor=mentor,
        returnee=returnee,
    )


def test_a_mentorship_starts_for_a_six_month_cycle_with_the_preference(
    mentor, returnee, case_manager
):
    train(mentor, case_manager)
    services.mentoring_preference_set(actor=case_manager, returnee=returnee, mentor_sex="female")
    mentorship = services.mentorship_start(
        actor=case_manager, mentor=mentor, returnee=returnee, started_on=TODAY - 7 * DAY
    )
    assert (mentorship.status, mentorship.planned_end_on, mentorship.mentor_sex_preference) == (
        "active",
        rules.add_months(TODAY - 7 * DAY, 6),
        "female",
    )
    refused(
        services.mentorship_start,
        "Fanta Kouyaté already mentors this returnee.",
        actor=case_manager,
        mentor=mentor,
        returnee=returnee,
    )


def test_a_mentor_at_capacity_and_a_returnee_already_mentored_are_refused(
    mentor, returnee, case_manager
):
    train(mentor, case_manager)
    Mentor.objects.filter(pk=mentor.pk).update(capacity=1)
    MentorshipFactory(mentor=mentor, returnee=ReturneeFactory(case_manager=case_manager))
    refused(
        services.mentorship_start,
        "Fanta Kouyaté already accompanies 1 returnee, their capacity",
        actor=case_manager,
        mentor=mentor,
        returnee=returnee,
    )
    other = MentorFactory(
        organization=mentor.organization, community=mentor.community, trained=True
    )
    MentorshipFactory(mentor=other, returnee=returnee)
    second = MentorFactory(
        organization=mentor.organization, community=mentor.community, trained=True, name="Awa"
    )
    refused(
        services.mentorship_start,
        f"{returnee.reference} already has an active mentorship with {other.name}",
        actor=case_manager,
        mentor=second,
        returnee=returnee,
    )


def test_a_returnee_cannot_mentor_themself(case_manager):
    returnee = ReturneeFactory(case_manager=case_manager)
    mentor = MentorFactory(
        organization=case_manager.organization,
        kind="returnee",
        returnee=returnee,
        name="",
        community=returnee.community,
        trained=True,
    )
    refused(
        services.mentorship_start,
        "A returnee cannot be their own mentor.",
        actor=case_manager,
        mentor=mentor,
        returnee=returnee,
    )


def test_meetings_and_the_end_of_cycle_evaluation(case_manager):
    mentorship = MentorshipFactory(
        mentor__organization=case_manager.organization,
        returnee=ReturneeFactory(case_manager=case_manager),
        started_on=TODAY - 20 * DAY,
    )
    refused(
        services.mentorship_meeting_record,
        f"The mentorship started on {TODAY - 20 * DAY:%Y-%m-%d}: a meeting cannot be before it.",
        actor=case_manager,
        mentorship=mentorship,
        date=TODAY - 21 * DAY,
    )
    refused(
        services.mentorship_meeting_record,
        "Record a meeting once it has taken place.",
        actor=case_manager,
        mentorship=mentorship,
        date=TODAY + DAY,
    )
    services.mentorship_meeting_record(
        actor=case_manager, mentorship=mentorship, date=TODAY - 20 * DAY, notes="Market visit"
    )
    refused(
        services.mentorship_evaluate,
        "Record how helpful the returnee found the mentoring.",
        actor=case_manager,
        mentorship=mentorship,
        date=TODAY,
        satisfaction=None,
    )
    services.mentorship_evaluate(
        actor=case_manager, mentorship=mentorship, date=TODAY, satisfaction=4, notes="Good"
    )
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.ended_on) == ("completed", TODAY)
    assert [m.kind for m in mentorship.meetings.all()] == ["meeting", "evaluation"]
    refused(
        services.mentorship_meeting_record,
        "This mentorship is completed (evaluated): nothing more is recorded on it.",
        actor=case_manager,
        mentorship=mentorship,
        date=TODAY,
    )


def test_ending_a_mentorship_early_needs_a_reason(case_manager):
    mentorship = MentorshipFactory(
        mentor__organization=case_manager.organization,
        returnee=ReturneeFactory(case_manager=case_manager),
    )
    refused(
        services.mentorship_end,
        "Say why the mentorship ends early.",
        actor=case_manager,
        mentorship=mentorship,
        ended_on=TODAY,
        reason=" ",
    )
    services.mentorship_end(
        actor=case_manager, mentorship=mentorship, ended_on=TODAY, reason="Moved to the capital"
    )
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.end_reason) == ("ended_early", "Moved to the capital")
