"""The case: assignment, status, consent, counselling sessions and notes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record, audited_create, audited_update
from accounts.models import AuditEvent, Organization, Role, User
from reintegration.models import CaseNote, Consent, CounsellingSession, Returnee


@transaction.atomic
def case_assign(*, actor: User, returnee: Returnee, case_manager: User) -> Returnee:
    """Reassign a case; the audit trail keeps who had it before."""
    if case_manager.organization_id != returnee.organization_id or not case_manager.has_role(
        Role.CASE_MANAGER, Role.SUPERVISOR
    ):
        raise ValidationError(
            {"case_manager": _("Assign the case to a case manager of the returnee's organization.")}
        )
    return audited_update(returnee, actor=actor, fields={"case_manager": case_manager})


@transaction.atomic
def case_set_status(
    *, actor: User, returnee: Returnee, status: str, closure_reason: str = ""
) -> Returnee:
    closed_on = None
    if status == Returnee.CaseStatus.CLOSED:
        # Retention runs from the closure (SECURITY.md): re-saving a closed case keeps it.
        closed_on = returnee.closed_on if returnee.status == status else None
        closed_on = closed_on or datetime.date.today()
    else:
        closure_reason = ""
    return audited_update(
        returnee,
        actor=actor,
        fields={"status": status, "closure_reason": closure_reason, "closed_on": closed_on},
    )


@transaction.atomic
def case_update(
    *, actor: User, returnee: Returnee, case_manager: User, status: str, closure_reason: str = ""
) -> Returnee:
    """Reassign (when the case manager changes) and set the status, together or not at all."""
    if case_manager.pk != returnee.case_manager_id:
        case_assign(actor=actor, returnee=returnee, case_manager=case_manager)
    return case_set_status(
        actor=actor, returnee=returnee, status=status, closure_reason=closure_reason
    )


@transaction.atomic
def consent_record(
    *,
    actor: User,
    returnee: Returnee,
    given_on: datetime.date,
    case_management: bool = True,
    group_contact: bool = False,
    shared_with: list[Organization] = (),
) -> Consent:
    """Record (or renew) consent; renewing after a withdrawal clears the withdrawal."""
    if given_on > datetime.date.today():
        raise ValidationError({"given_on": _("Consent cannot be dated in the future.")})
    shared = sorted({o.pk for o in shared_with})
    consent = Consent.objects.filter(returnee=returnee).first()
    before_shared = sorted(consent.shared_with.values_list("pk", flat=True)) if consent else []
    fields = {
        "given_on": given_on,
        "case_management": case_management,
        "group_contact": group_contact,
        "withdrawn_on": None,
        "recorded_by": actor,
    }
    if consent is None:
        consent = audited_create(Consent, actor=actor, fields={"returnee": returnee, **fields})
    else:
        consent = audited_update(consent, actor=actor, fields=fields)
    consent.shared_with.set(shared)
    if shared != before_shared:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=consent,
            changes={"shared_with": [before_shared, shared]},
        )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, returnee: Returnee, withdrawn_on: datetime.date) -> Consent:
    """Withdrawal stops all sharing at once: partners' access checks read it directly."""
    consent = Consent.objects.filter(returnee=returnee).first()
    if consent is None:
        raise ValidationError(_("There is no consent to withdraw."))
    if withdrawn_on > datetime.date.today():
        raise ValidationError({"withdrawn_on": _("A withdrawal cannot be dated in the future.")})
    return audited_update(consent, actor=actor, fields={"withdrawn_on": withdrawn_on})


def require_case_management_consent(returnee: Returnee) -> None:
    consent = getattr(returnee, "consent", None)
    if consent is None or not consent.is_active or not consent.case_management:
        raise ValidationError(
            _("The returnee has not consented to case management: record their consent first.")
        )


@transaction.atomic
def session_log(
    *,
    actor: User,
    returnee: Returnee,
    date: datetime.date,
    kind: str = CounsellingSession.Kind.INDIVIDUAL,
    notes: str = "",
    next_steps: str = "",
) -> CounsellingSession:
    require_case_management_consent(returnee)
    session = audited_create(
        CounsellingSession,
        actor=actor,
        fields={
            "returnee": returnee,
            "date": date,
            "kind": kind,
            "notes": notes,
            "next_steps": next_steps,
            "counsellor": actor,
        },
    )
    if returnee.status == Returnee.CaseStatus.OPEN:
        # The first session makes an open case active.
        audited_update(returnee, actor=actor, fields={"status": Returnee.CaseStatus.ACTIVE})
    return session


@transaction.atomic
def note_add(*, actor: User, returnee: Returnee, text: str) -> CaseNote:
    return audited_create(
        CaseNote, actor=actor, fields={"returnee": returnee, "author": actor, "text": text}
    )
