"""The handbook's rules as pure functions, pinned at their edges (acceptance 2)."""

import datetime

from peer_support import rules
from peer_support.rules import TrainingSession, TrainingTopic

D = datetime.date
ALL = frozenset(TrainingTopic.values)
JAN_10 = D(2026, 1, 10)


def session(kind="initial", date=JAN_10, days=2, topics=ALL):
    return TrainingSession(kind=kind, date=date, days=days, topics=frozenset(topics))


def test_the_seven_training_topics_of_handbook_3_5_2_in_order():
    assert TrainingTopic.labels == [
        "The types of activities that mentors and returnees can do together",
        "How to listen effectively (Annex 1.A)",
        "How to manage and adapt expectations",
        "How to encourage equal and respectful relationships",
        "How to refer the returnee to a help service or agency",
        "How to provide Psychological First Aid (Annex 1.C)",
        "How to end the mentor relationship",
    ]


def test_a_one_day_training_does_not_train_a_two_day_one_does():
    one_day = rules.training_progress([session(days=1)])
    assert (one_day.trained_on, one_day.initial_days, one_day.missing_topics) == (None, 1, [])
    two_days = rules.training_progress([session(days=2)])
    assert two_days.trained_on == D(2026, 1, 10)
    assert two_days.refresher_due_on == D(2027, 1, 10)


def test_two_days_missing_a_topic_do_not_train():
    progress = rules.training_progress(
        [session(days=3, topics=ALL - {TrainingTopic.PSYCHOLOGICAL_FIRST_AID})]
    )
    assert progress.trained_on is None
    assert progress.missing_topics == ["psychological_first_aid"]


def test_the_initial_training_may_be_given_in_several_sessions():
    """Decision: sessions add up; trained on the session completing both two days and the
    seven topics."""
    first_four = list(TrainingTopic.values)[:4]
    last_three = list(TrainingTopic.values)[4:]
    progress = rules.training_progress(
        [
            session(date=D(2026, 3, 1), days=1, topics=last_three),
            session(date=D(2026, 2, 1), days=1, topics=first_four),
        ]
    )
    assert progress.trained_on == D(2026, 3, 1)
    assert progress.initial_days == 2
    # Two days but all seven topics only with a third session:
    progress = rules.training_progress(
        [
            session(date=D(2026, 2, 1), days=2, topics=first_four),
            session(date=D(2026, 4, 1), days=1, topics=last_three),
        ]
    )
    assert progress.trained_on == D(2026, 4, 1)


def test_a_refresher_before_the_initial_training_is_completed_does_not_count():
    progress = rules.training_progress(
        [
            session(kind="refresher", date=D(2026, 1, 1), days=1),
            session(date=D(2026, 2, 1), days=2),
        ]
    )
    assert (progress.trained_on, progress.last_training_on) == (D(2026, 2, 1), D(2026, 2, 1))


def test_the_refresher_is_due_twelve_months_after_the_last_training():
    progress = rules.training_progress(
        [session(date=D(2025, 1, 15)), session(kind="refresher", date=D(2026, 1, 20), days=1)]
    )
    assert progress.trained_on == D(2025, 1, 15)
    assert progress.refresher_due_on == D(2027, 1, 20)


def test_refresher_at_twelve_months_is_due_at_thirteen_overdue():
    trained = D(2025, 3, 31)
    due = rules.add_months(trained, 12)
    assert due == D(2026, 3, 31)
    at_twelve_months = rules.add_months(trained, 12)
    at_thirteen_months = rules.add_months(trained, 13)
    assert rules.refresher_state(due, at_twelve_months) == "due"
    assert rules.refresher_state(due, due + datetime.timedelta(days=1)) == "overdue"
    assert rules.refresher_state(due, at_thirteen_months) == "overdue"
    assert rules.refresher_state(due, due - datetime.timedelta(days=30)) == "due"
    assert rules.refresher_state(due, due - datetime.timedelta(days=31)) == "current"
    assert rules.refresher_state(None, at_twelve_months) == "not_trained"


def test_add_months_falls_back_to_the_end_of_the_month():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_participant_warning_outside_8_to_20():
    assert rules.participant_warning(7) == (
        "7 participants: the handbook suggests ideally 8 to 20 (3.5.2)."
    )
    assert rules.participant_warning(8) == ""
    assert rules.participant_warning(20) == ""
    assert rules.participant_warning(21) == (
        "21 participants: the handbook suggests ideally 8 to 20 (3.5.2); at most 25 are accepted."
    )
    assert rules.participant_warning(1) == (
        "1 participant: the handbook suggests ideally 8 to 20 (3.5.2)."
    )


def test_extension_up_to_one_year_from_the_start():
    assert rules.latest_extension(D(2026, 3, 1)) == D(2027, 3, 1)
    assert rules.latest_extension(D(2028, 2, 29)) == D(2029, 2, 28)


def test_focus_group_size_warning_around_twenty():
    assert rules.focus_group_warning(20) == ""
    assert rules.focus_group_warning(10) == ""
    assert rules.focus_group_warning(30) == ""
    assert rules.focus_group_warning(9) == (
        "9 participants: the Ghana focus groups (handbook case study 12) gather about 20 people."
    )
    assert rules.focus_group_warning(31).startswith("31 participants")
