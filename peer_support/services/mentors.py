"""Mentors, their training and supervision, and returnees' mentoring preferences."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audited_create, audited_update
from accounts.models import AuditEvent, Organization, User
from peer_support import rules
from peer_support.models import (
    Mentor,
    MentoringPreference,
    MentorTraining,
    SupervisionSession,
)
from reintegration.models import Returnee


def _clean_languages(languages: Iterable[str] | None) -> list[str]:
    seen: dict[str, str] = {}
    for language in languages or []:
        word = str(language).strip()
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())


@transaction.atomic
def mentor_create(
    *,
    actor: User | None,
    organization: Organization,
    kind: str,
    returnee: Returnee | None = None,
    **fields: Any,
) -> Mentor:
    """A returnee mentor takes their sex, community and languages from the registry unless
    given; a community member who has not migrated is named here."""
    if kind == Mentor.Kind.RETURNEE and returnee is not None:
        if not fields.get("sex"):
            fields["sex"] = returnee.sex
        if not fields.get("community"):
            fields["community"] = returnee.community
        if not fields.get("languages"):
            fields["languages"] = list(returnee.languages or [])
        fields["name"] = ""
        if Mentor.objects.filter(returnee=returnee).exists():
            raise ValidationError(
                {
                    "returnee": _("%(reference)s is already a mentor.")
                    % {"reference": returnee.reference}
                }
            )
    fields["languages"] = _clean_languages(fields.get("languages"))
    return audited_create(
        Mentor,
        actor=actor,
        fields={"organization": organization, "kind": kind, "returnee": returnee, **fields},
    )


@transaction.atomic
def mentor_update(*, actor: User | None, mentor: Mentor, **fields: Any) -> Mentor:
    if "languages" in fields:
        fields["languages"] = _clean_languages(fields["languages"])
    if "capacity" in fields and fields["capacity"] is not None:
        active = mentor.mentorships.filter(status="active").count()
        if fields["capacity"] < active:
            raise ValidationError(
                {
                    "capacity": _(
                        "The mentor accompanies %(active)s returnees now: the capacity cannot be "
                        "lower."
                    )
                    % {"active": active}
                }
            )
    return audited_update(mentor, actor=actor, fields=fields)


@transaction.atomic
def mentor_set_active(*, actor: User | None, mentor: Mentor, is_active: bool) -> Mentor:
    """Deactivating keeps the record and its mentorships; it stops new ones."""
    return audited_update(mentor, actor=actor, fields={"is_active": is_active})


def _sync_training(*, actor: User | None, mentor: Mentor) -> rules.TrainingProgress:
    """Recompute what the training records say (handbook 3.5.2) and keep it on the mentor,
    so lists and matching filter on trained mentors in SQL."""
    progress = rules.training_progress(
        rules.TrainingSession(kind=t.kind, date=t.date, days=t.days, topics=frozenset(t.topics))
        for t in mentor.trainings.all()
    )
    audited_update(
        mentor,
        actor=actor,
        fields={
            "trained_on": progress.trained_on,
            "last_training_on": progress.last_training_on,
            "refresher_due_on": progress.refresher_due_on,
        },
    )
    return progress


@transaction.atomic
def training_record(
    *,
    actor: User | None,
    mentor: Mentor,
    kind: str,
    date: datetime.date,
    days: int,
    topics: Iterable[str],
    trainer: str = "",
    notes: str = "",
) -> MentorTraining:
    """One session of the initial training, or a yearly refresher. A refresher follows a
    completed initial training (3.5.2: "a two-day initial training period and yearly
    refreshers")."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    topics = [t for t in rules.TrainingTopic.values if t in set(topics)] + sorted(
        set(topics) - rules.ALL_TOPICS
    )
    if kind == MentorTraining.Kind.REFRESHER:
        if mentor.trained_on is None:
            raise ValidationError(
                {
                    "kind": _(
                        "A refresher follows the initial training, which this mentor has not "
                        "completed (at least two days covering the seven topics)."
                    )
                }
            )
        if date and date < mentor.trained_on:
            raise ValidationError(
                {
                    "date": _(
                        "A refresher comes after the initial training, completed on %(trained_on)s."
                    )
                    % {"trained_on": format(mentor.trained_on, "%Y-%m-%d")}
                }
            )
    training = audited_create(
        MentorTraining,
        actor=actor,
        fields={
            "mentor": mentor,
            "kind": kind,
            "date": date,
            "days": days,
            "topics": topics,
            "trainer": trainer,
            "notes": notes,
            "recorded_by": actor,
        },
    )
    _sync_training(actor=actor, mentor=mentor)
    return training


@transaction.atomic
def training_delete(*, actor: User | None, training: MentorTraining) -> Mentor:
    """Remove a session recorded by mistake; the mentor's training status is recomputed.
    A refresher left without the initial training it followed is refused."""
    mentor = Mentor.objects.select_for_update().get(pk=training.mentor_id)
    remaining = [t for t in mentor.trainings.all() if t.pk != training.pk]
    progress = rules.training_progress(
        rules.TrainingSession(kind=t.kind, date=t.date, days=t.days, topics=frozenset(t.topics))
        for t in remaining
    )
    orphan = [
        t
        for t in remaining
        if t.kind == MentorTraining.Kind.REFRESHER
        and (progress.trained_on is None or t.date < progress.trained_on)
    ]
    if orphan:
        raise ValidationError(
            _(
                "Without this session the initial training is incomplete, but refreshers were "
                "recorded after it (%(date)s): remove those first."
            )
            % {"date": format(orphan[0].date, "%Y-%m-%d")}
        )
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, instance=training)
    training.delete()
    _sync_training(actor=actor, mentor=mentor)
    return mentor


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    organization: Organization,
    date: datetime.date,
    mentors: Iterable[Mentor],
    issues: str,
    solutions: str = "",
) -> SupervisionSession:
    mentors = list(mentors)
    if not mentors:
        raise ValidationError({"mentors": _("Choose the mentors who took part.")})
    foreign = [m for m in mentors if m.organization_id != organization.pk]
    if foreign:
        raise ValidationError(
            {
                "mentors": _("%(display_name)s is not one of your organization's mentors.")
                % {"display_name": foreign[0].display_name}
            }
        )
    session = audited_create(
        SupervisionSession,
        actor=actor,
        fields={
            "organization": organization,
            "date": date,
            "supervisor": actor,
            "issues": issues,
            "solutions": solutions,
        },
    )
    ids = sorted(m.pk for m in mentors)
    session.mentors.set(ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=session,
        changes={"mentors": [[], ids]},
    )
    return session


@transaction.atomic
def mentoring_preference_set(
    *, actor: User | None, returnee: Returnee, mentor_sex: str
) -> MentoringPreference:
    preference = MentoringPreference.objects.filter(returnee=returnee).first()
    if preference is None:
        return audited_create(
            MentoringPreference,
            actor=actor,
            fields={"returnee": returnee, "mentor_sex": mentor_sex, "recorded_by": actor},
        )
    return audited_update(
        preference, actor=actor, fields={"mentor_sex": mentor_sex, "recorded_by": actor}
    )
