"""Adding participants to a project, changing their role and recording who left."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from projects.models import LEADER_TERM_MONTHS, Participant, Project
from reintegration.models import Referral, Returnee
from reintegration.services.case import require_case_management_consent

PARTICIPANT_FIELDS = frozenset(
    {
        "name",
        "sex",
        "age_band",
        "vulnerability",
        "role",
        "term_start",
        "term_end",
        "share_percentage",
        "joined_on",
    }
)
MAX_SHARES = Decimal(100)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month is
    28 or 29 February)."""
    from calendar import monthrange

    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _lock_open_project(project: Project) -> Project:
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.status not in Project.OPEN_STATUSES:
        raise ValidationError(
            _("%(project)s is %(status)s: participants can no longer change.")
            % {"project": current, "status": current.get_status_display().lower()}
        )
    return current


def _check_returnee(project: Project, returnee: Returnee, exclude_pk: int | None = None) -> None:
    label = returnee.reference
    if returnee.status == Returnee.CaseStatus.CLOSED:
        raise ValidationError(
            {
                "returnee": _("The case of %(reference)s is closed: reopen it before adding them.")
                % {"reference": label}
            }
        )
    try:
        require_case_management_consent(returnee)
    except ValidationError as error:
        raise ValidationError(
            {
                "returnee": _("%(reference)s: %(error)s")
                % {"reference": label, "error": error.messages[0]}
            }
        ) from error
    countries = set(project.communities.values_list("country", flat=True))
    if returnee.community.country not in countries:
        raise ValidationError(
            {
                "returnee": _(
                    "%(reference)s lives in %(country)s; the project is in %(countries)s."
                )
                % {
                    "reference": label,
                    "country": returnee.community.country,
                    "countries": ", ".join(sorted(countries)),
                }
            }
        )
    already = Participant.objects.filter(
        project=project, returnee=returnee, left_on__isnull=True
    ).exclude(pk=exclude_pk)
    if already.exists():
        raise ValidationError(
            {
                "returnee": _(
                    "%(reference)s already takes part in %(project)s (one active place each)."
                )
                % {"reference": label, "project": project}
            }
        )


def _check_shares(project: Project, participant: Participant) -> None:
    """Handbook Case study 8: shareholders hold shares of one enterprise, so the current
    shareholders' shares total at most 100 per cent."""
    if participant.role != Participant.Role.SHAREHOLDER or participant.share_percentage is None:
        return
    others = Participant.objects.filter(
        project=project, role=Participant.Role.SHAREHOLDER, left_on__isnull=True
    ).exclude(pk=participant.pk).aggregate(total=Sum("share_percentage"))["total"] or Decimal(0)
    total = others + participant.share_percentage
    if total > MAX_SHARES:
        raise ValidationError(
            {
                "share_percentage": _(
                    "Shares would total %(total)s%%: the shareholders already hold %(others)s%%, "
                    "so at most %(left)s%% is left."
                )
                % {"total": total, "others": others, "left": MAX_SHARES - others}
            }
        )


def _prepare(participant: Participant) -> None:
    if participant.role in Participant.TERM_ROLES:
        participant.term_start = participant.term_start or participant.joined_on
        if participant.term_end is None and participant.term_start:
            participant.term_end = add_months(participant.term_start, LEADER_TERM_MONTHS)
    else:
        participant.term_start = participant.term_end = None
    if participant.role != Participant.Role.SHAREHOLDER:
        participant.share_percentage = None
    if participant.returnee_id is None:
        participant.name = participant.name.strip()


def _validated(participant: Participant, project: Project) -> Participant:
    _prepare(participant)
    participant.full_clean(validate_constraints=False)
    _check_shares(project, participant)
    return participant


@transaction.atomic
def participant_add(
    *,
    actor: User,
    project: Project,
    fields: dict[str, Any],
    returnee: Returnee | None = None,
) -> Participant:
    """Add a returnee from the registry (the caller checked the actor may see them) or,
    without ``returnee``, a non-migrant community member."""
    unknown = sorted(set(fields) - PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    current = _lock_open_project(project)
    values = {"joined_on": datetime.date.today(), **fields}
    participant = Participant(project=current, returnee=returnee, **values)
    if returnee is not None:
        _check_returnee(current, returnee)
    _validated(participant, current)
    participant.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=participant)
    return participant


@transaction.atomic
def participant_update(
    *, actor: User, participant: Participant, fields: dict[str, Any]
) -> Participant:
    unknown = sorted(set(fields) - PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    current_project = _lock_open_project(participant.project)
    current = Participant.objects.select_related("returnee").get(pk=participant.pk)
    if current.left_on is not None:
        raise ValidationError(_("This participant has left the project; add them again instead."))
    before = audit_snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    if (
        current.role in Participant.TERM_ROLES
        and "term_end" not in fields
        and ("term_start" in fields or before["role"] != current.role)
    ):
        current.term_end = None  # recomputed from the new start: a new 12-month term
    _validated(current, current_project)
    changes = audit_diff(before, audit_snapshot(current))
    if changes:
        current.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=current, changes=changes
        )
    return current


@transaction.atomic
def participant_leave(
    *, actor: User, participant: Participant, left_on: datetime.date
) -> Participant:
    """Record that a participant left: the record stays, for the history and the balance."""
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if current.left_on is not None:
        raise ValidationError(
            {"left_on": _("This participant left on %(date)s.") % {"date": current.left_on}}
        )
    if left_on > datetime.date.today():
        raise ValidationError({"left_on": _("Record a departure once it has happened.")})
    if left_on < current.joined_on:
        joined = f"{current.joined_on:%Y-%m-%d}"
        raise ValidationError(
            {
                "left_on": _("A participant cannot leave before joining (%(date)s).")
                % {"date": joined}
            }
        )
    before = audit_snapshot(current)
    current.left_on = left_on
    current.full_clean()
    current.save(update_fields=["left_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        changes=audit_diff(before, audit_snapshot(current)),
    )
    return current


def participant_enrol(*, referral: Referral, actor: User) -> None:
    """Referral target hook: accepting a referral to a project adds the returnee as a
    member, in the transaction that accepts it (reintegration.referral_targets)."""
    returnee = Returnee.objects.select_related("community", "consent").get(pk=referral.returnee_id)
    participant_add(
        actor=actor,
        project=referral.target,
        returnee=returnee,
        fields={"role": Participant.Role.MEMBER},
    )
