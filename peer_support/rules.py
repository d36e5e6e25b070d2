"""The handbook's rules for mentors and peer-support groups, as constants and pure functions.

Everything here is cited; the numbers the handbook leaves open (a hard maximum of
participants, a mentoring cycle, a mentor's capacity, how often supervision is "regular")
are product choices, each documented beside its constant so it can be changed in one place.
"""

import datetime
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# --- Mentors (Handbook 3.5.2, "Mentoring approach") ---


class TrainingTopic(models.TextChoices):
    """Handbook 3.5.2, "Training for a mentor": the seven aspects the training covers,
    in the handbook's order."""

    ACTIVITIES = (
        "activities",
        _("The types of activities that mentors and returnees can do together"),
    )
    LISTENING = "listening", _("How to listen effectively (Annex 1.A)")
    EXPECTATIONS = "expectations", _("How to manage and adapt expectations")
    RELATIONSHIPS = "relationships", _("How to encourage equal and respectful relationships")
    REFERRAL = "referral", _("How to refer the returnee to a help service or agency")
    PSYCHOLOGICAL_FIRST_AID = (
        "psychological_first_aid",
        _("How to provide Psychological First Aid (Annex 1.C)"),
    )
    ENDING = "ending", _("How to end the mentor relationship")


ALL_TOPICS = frozenset(TrainingTopic.values)
# Handbook 3.5.2: "at least a two-day initial training period and yearly refreshers".
MIN_INITIAL_TRAINING_DAYS = 2
REFRESHER_INTERVAL_MONTHS = 12
# Product choice: a refresher shows as "due" from 30 days before its date.
REFRESHER_DUE_SOON_DAYS = 30
# Product choice: the handbook asks for "regular supervision" without a rhythm; a mentor
# without a supervision session for 90 days is flagged.
SUPERVISION_INTERVAL_DAYS = 90
# Product choices: the handbook gives no cycle length or number of mentees per mentor.
DEFAULT_CYCLE_MONTHS = 6
DEFAULT_MENTOR_CAPACITY = 3
MAX_MENTOR_CAPACITY = 10


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the 31st (or 29 February) falls back to month end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class TrainingSession:
    kind: str  # "initial" or "refresher"
    date: datetime.date
    days: int
    topics: frozenset[str]


@dataclass(frozen=True)
class TrainingProgress:
    """Where a mentor stands against the handbook's initial training."""

    trained_on: datetime.date | None
    initial_days: int
    topics_covered: frozenset[str]
    last_training_on: datetime.date | None

    @property
    def missing_topics(self) -> list[str]:
        return [t for t in TrainingTopic.values if t not in self.topics_covered]

    @property
    def refresher_due_on(self) -> datetime.date | None:
        if self.trained_on is None or self.last_training_on is None:
            return None
        return add_months(self.last_training_on, REFRESHER_INTERVAL_MONTHS)


def training_progress(sessions: Iterable[TrainingSession]) -> TrainingProgress:
    """Decision (the handbook speaks of "at least a two-day initial training period", not of
    one event; tested in tests/test_rules.py): the initial training may be given in several
    sessions. A mentor is trained on the date of the initial session
    that brings the initial sessions to at least two days in total AND to all seven topics
    together. Refreshers count only once the mentor is trained; the yearly refresher is due
    12 months after the last training (the completing initial session or a refresher)."""
    ordered = sorted(sessions, key=lambda s: (s.date, s.kind != "initial"))
    days = 0
    topics: set[str] = set()
    trained_on = None
    last = None
    for session in ordered:
        if trained_on is None:
            if session.kind != "initial":
                continue
            days += session.days
            topics |= set(session.topics)
            if days >= MIN_INITIAL_TRAINING_DAYS and topics >= ALL_TOPICS:
                trained_on = session.date
                last = session.date
        else:
            if session.kind == "initial":
                days += session.days
                topics |= set(session.topics)
            last = max(last, session.date)
    return TrainingProgress(
        trained_on=trained_on,
        initial_days=days,
        topics_covered=frozenset(topics & ALL_TOPICS),
        last_training_on=last,
    )


class RefresherState(models.TextChoices):
    NOT_TRAINED = "not_trained", _("Not trained")
    CURRENT = "current", _("Trained, refresher not due")
    DUE = "due", _("Refresher due")
    OVERDUE = "overdue", _("Refresher overdue")


def refresher_state(due_on: datetime.date | None, today: datetime.date) -> str:
    """Due from 30 days before the date up to the date itself; overdue the day after."""
    if due_on is None:
        return RefresherState.NOT_TRAINED
    if today > due_on:
        return RefresherState.OVERDUE
    if today >= due_on - datetime.timedelta(days=REFRESHER_DUE_SOON_DAYS):
        return RefresherState.DUE
    return RefresherState.CURRENT


# --- Peer-support groups (Handbook 3.5.2, "Peer support groups") ---

# "One to six one-hour initial meetings that the group can decide to extend up to one year"
MIN_INITIAL_MEETINGS = 1
MAX_INITIAL_MEETINGS = 6
MEETING_MINUTES = 60
EXTENSION_MAX_MONTHS = 12
# "Ideally 8 to 20 participants"
IDEAL_MIN_PARTICIPANTS = 8
IDEAL_MAX_PARTICIPANTS = 20
# Product choice, the hard maximum the handbook leaves open: beyond 25 participants a
# one-hour meeting leaves each under two and a half minutes to share their experience,
# the first objective of a peer-support meeting (3.5.2); above it, form a second group.
HARD_MAX_PARTICIPANTS = 25


# 3.5.2: "due consideration should be given to whether it is appropriate or preferable to
# have mixed- or single-gender groups": the sex a member of a single-gender group may not
# have (a returnee of another or unstated sex is left to the case manager's judgement).
EXCLUDED_SEX = {"women": "male", "men": "female"}


def latest_extension(started_on: datetime.date) -> datetime.date:
    """ "extend up to one year": the same date a year after the start (28 February for a
    group started on 29 February)."""
    return add_months(started_on, EXTENSION_MAX_MONTHS)


def participant_warning(count: int) -> str:
    """The handbook's ideal size, as a warning (never a refusal below the hard maximum)."""
    if count < IDEAL_MIN_PARTICIPANTS:
        return ngettext(
            "%(count)s participant: the handbook suggests ideally %(low)s to %(high)s (3.5.2).",
            "%(count)s participants: the handbook suggests ideally %(low)s to %(high)s (3.5.2).",
            count,
        ) % {"count": count, "low": IDEAL_MIN_PARTICIPANTS, "high": IDEAL_MAX_PARTICIPANTS}
    if count > IDEAL_MAX_PARTICIPANTS:
        return _(
            "%(count)s participants: the handbook suggests ideally %(low)s to %(high)s (3.5.2); "
            "at most %(max)s are accepted."
        ) % {
            "count": count,
            "low": IDEAL_MIN_PARTICIPANTS,
            "high": IDEAL_MAX_PARTICIPANTS,
            "max": HARD_MAX_PARTICIPANTS,
        }
    return ""


# --- Community events (Handbook 3.5.3 and case study 12) ---

# Case study 12 (Ghana): focus groups "usually gather small groups of about 20 people".
# Product choice: warn when a focus group is under half or over one and a half times that.
FOCUS_GROUP_TYPICAL = 20
FOCUS_GROUP_WARN_BELOW = 10
FOCUS_GROUP_WARN_ABOVE = 30


def focus_group_warning(total: int) -> str:
    if total < FOCUS_GROUP_WARN_BELOW or total > FOCUS_GROUP_WARN_ABOVE:
        return _(
            "%(total)s participants: the Ghana focus groups (handbook case study 12) gather "
            "about %(typical)s people."
        ) % {"total": total, "typical": FOCUS_GROUP_TYPICAL}
    return ""
