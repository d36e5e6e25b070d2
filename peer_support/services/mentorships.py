"""Mentorships: a trained, active mentor and a newly arrived returnee over a cycle that ends
with an evaluation meeting with the returnee (Handbook 3.5.2)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.audit import audited_create, audited_update
from accounts.models import User
from peer_support import rules
from peer_support.models import (
    Mentor,
    MentoringPreference,
    Mentorship,
    MentorshipMeeting,
)
from reintegration.models import Referral, Returnee


def mentor_check_can_take(*, mentor: Mentor, returnee: Returnee) -> None:
    """Why this mentor cannot take on this returnee now, as a ValidationError; used before a
    referral is made and again when the mentorship starts."""
    name = mentor.display_name
    if not mentor.is_active:
        raise ValidationError(
            {
                "mentor": _(
                    "%(name)s is not an active mentor: only active mentors take on returnees."
                )
                % {"name": name}
            }
        )
    if mentor.trained_on is None:
        raise ValidationError(
            {
                "mentor": _(
                    "%(name)s has not completed the initial training: at least two days covering "
                    "the seven topics of handbook 3.5.2. Record the training first."
                )
                % {"name": name}
            }
        )
    if mentor.returnee_id == returnee.pk:
        raise ValidationError({"mentor": _("A returnee cannot be their own mentor.")})
    if mentor.community.country != returnee.community.country:
        raise ValidationError(
            {
                "mentor": _("%(name)s lives in %(country)s, the returnee in %(country2)s.")
                % {
                    "name": name,
                    "country": mentor.community.country,
                    "country2": returnee.community.country,
                }
            }
        )
    active = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE)
    if active.filter(returnee=returnee).exists():
        raise ValidationError(
            {"mentor": _("%(name)s already mentors this returnee.") % {"name": name}}
        )
    count = active.count()
    if count >= mentor.capacity:
        raise ValidationError(
            {
                "mentor": ngettext(
                    "%(name)s already accompanies %(count)s returnee, their capacity: "
                    "choose another mentor.",
                    "%(name)s already accompanies %(count)s returnees, their capacity: "
                    "choose another mentor.",
                    count,
                )
                % {"name": name, "count": count}
            }
        )


@transaction.atomic
def mentorship_start(
    *,
    actor: User | None,
    mentor: Mentor,
    returnee: Returnee,
    started_on: datetime.date | None = None,
    planned_end_on: datetime.date | None = None,
    referral: Referral | None = None,
) -> Mentorship:
    # Locked so two acceptances cannot both take a mentor's last place.
    mentor = Mentor.objects.select_for_update().select_related("community").get(pk=mentor.pk)
    mentor_check_can_take(mentor=mentor, returnee=returnee)
    current = (
        Mentorship.objects.filter(returnee=returnee, status=Mentorship.Status.ACTIVE)
        .select_related("mentor__returnee")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "returnee": _(
                    "%(reference)s already has an active mentorship with %(display_name)s: end "
                    "it first."
                )
                % {"reference": returnee.reference, "display_name": current.mentor.display_name}
            }
        )
    started_on = started_on or datetime.date.today()
    if started_on < returnee.return_date:
        raise ValidationError(
            {
                "started_on": _("A mentorship starts after the return (%(return_date)s).")
                % {"return_date": format(returnee.return_date, "%Y-%m-%d")}
            }
        )
    if planned_end_on is None:
        planned_end_on = rules.add_months(started_on, rules.DEFAULT_CYCLE_MONTHS)
    preference = MentoringPreference.objects.filter(returnee=returnee).first()
    return audited_create(
        Mentorship,
        actor=actor,
        fields={
            "mentor": mentor,
            "returnee": returnee,
            "referral": referral,
            "started_on": started_on,
            "planned_end_on": planned_end_on,
            "mentor_sex_preference": preference.mentor_sex if preference else "",
            "created_by": actor,
        },
    )


def _require_active(mentorship: Mentorship, date: datetime.date, field: str = "date") -> None:
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise ValidationError(
            _("This mentorship is %(lower)s: nothing more is recorded on it.")
            % {"lower": mentorship.get_status_display().lower()}
        )
    if date < mentorship.started_on:
        raise ValidationError(
            {
                field: (
                    _("The mentorship started on %(date)s: a meeting cannot be before it.")
                    if field == "date"
                    else _("The mentorship started on %(date)s: it ends after that.")
                )
                % {"date": format(mentorship.started_on, "%Y-%m-%d")}
            }
        )


@transaction.atomic
def mentorship_meeting_record(
    *, actor: User | None, mentorship: Mentorship, date: datetime.date, notes: str = ""
) -> MentorshipMeeting:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_active(mentorship, date)
    return audited_create(
        MentorshipMeeting,
        actor=actor,
        fields={
            "mentorship": mentorship,
            "kind": MentorshipMeeting.Kind.MEETING,
            "date": date,
            "notes": notes,
            "recorded_by": actor,
        },
    )


@transaction.atomic
def mentorship_evaluate(
    *,
    actor: User | None,
    mentorship: Mentorship,
    date: datetime.date,
    satisfaction: int | None,
    notes: str = "",
) -> MentorshipMeeting:
    """3.5.2: "Evaluating the mentoring approach on a regular basis by meeting the returnees
    at the end of a mentoring cycle". The evaluation meeting completes the mentorship."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_active(mentorship, date)
    meeting = audited_create(
        MentorshipMeeting,
        actor=actor,
        fields={
            "mentorship": mentorship,
            "kind": MentorshipMeeting.Kind.EVALUATION,
            "date": date,
            "notes": notes,
            "satisfaction": satisfaction,
            "recorded_by": actor,
        },
    )
    audited_update(
        mentorship,
        actor=actor,
        fields={"status": Mentorship.Status.COMPLETED, "ended_on": date},
    )
    return meeting


@transaction.atomic
def mentorship_end(
    *, actor: User | None, mentorship: Mentorship, ended_on: datetime.date, reason: str
) -> Mentorship:
    """End a cycle early (the returnee moved, the relationship did not work...)."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_active(mentorship, ended_on, field="ended_on")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the mentorship ends early.")})
    if ended_on > datetime.date.today():
        raise ValidationError({"ended_on": _("The end date cannot be in the future.")})
    return audited_update(
        mentorship,
        actor=actor,
        fields={
            "status": Mentorship.Status.ENDED_EARLY,
            "ended_on": ended_on,
            "end_reason": reason.strip(),
        },
    )
