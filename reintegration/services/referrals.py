"""Referrals: proposed -> accepted | declined -> in progress -> completed | dropped, every
change kept with who and when (DESIGN.md, Referrals)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_diff, audit_record, audit_snapshot, audited_create
from accounts.models import AuditEvent, User
from reintegration import referral_targets
from reintegration.models import Referral, ReferralStatusChange, Returnee
from reintegration.services.case import require_case_management_consent


@transaction.atomic
def referral_create(
    *,
    actor: User,
    returnee: Returnee,
    target: models.Model,
    reason: str,
    follow_up_date: datetime.date | None = None,
) -> Referral:
    registered = referral_targets.get(type(target))
    if registered is None:
        raise ValidationError(
            {
                "target": _("A %(kind)s cannot receive referrals.")
                % {"kind": target._meta.verbose_name}
            }
        )
    require_case_management_consent(returnee)
    target_country = registered.country_of(target)
    if target_country != returnee.community.country:
        raise ValidationError(
            {
                "target": _(
                    "%(target)s is in %(target_country)s, but the returnee lives in "
                    "%(country)s: refer within the country of return."
                )
                % {
                    "target": target,
                    "target_country": target_country,
                    "country": returnee.community.country,
                }
            }
        )
    if follow_up_date and follow_up_date < datetime.date.today():
        raise ValidationError({"follow_up_date": _("The follow-up date cannot be in the past.")})
    organization = registered.organization_of(target)
    if organization is not None and organization.pk != returnee.organization_id:
        consent = returnee.consent
        if not consent.shared_with.filter(pk=organization.pk).exists():
            raise ValidationError(
                {
                    "target": _(
                        "%(organization)s answers referrals to %(target)s, but the returnee "
                        "has not consented to sharing their record with %(organization)s. "
                        "Update the consent first."
                    )
                    % {"organization": organization, "target": target}
                }
            )
    referral = audited_create(
        Referral,
        actor=actor,
        fields={
            "returnee": returnee,
            "target_type": _content_type(target),
            "target_id": target.pk,
            "target_label": str(target)[:250],
            "target_organization": organization,
            "reason": reason,
            "referred_by": actor,
            "follow_up_date": follow_up_date,
        },
    )
    ReferralStatusChange.objects.create(
        referral=referral, from_status="", to_status=referral.status, changed_by=actor
    )
    return referral


def _content_type(target):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(target)


@transaction.atomic
def referral_transition(
    *,
    actor: User,
    referral: Referral,
    to_status: str,
    note: str = "",
    decline_reason: str = "",
    outcome: str = "",
    follow_up_date: datetime.date | None = None,
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    allowed = Referral.TRANSITIONS[referral.status]
    if to_status not in allowed:
        names = ", ".join(sorted(str(Referral.Status(s).label).lower() for s in allowed))
        current = referral.get_status_display().lower()
        # English needs "An" before a vowel: two messages, which translators word alike.
        if current[0] in "aeiou":
            message = _(
                "An %(current)s referral cannot become %(target)s; it can become: %(allowed)s."
            )
        else:
            message = _(
                "A %(current)s referral cannot become %(target)s; it can become: %(allowed)s."
            )
        raise ValidationError(
            {
                "status": message
                % {
                    "current": current,
                    "target": str(Referral.Status(to_status).label).lower(),
                    "allowed": names or _("nothing"),
                }
            }
        )
    if to_status == Referral.Status.DECLINED and not decline_reason.strip():
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    before = audit_snapshot(referral)
    from_status = referral.status
    referral.status = to_status
    referral.decline_reason = decline_reason.strip()
    if outcome:
        referral.outcome = outcome
    if follow_up_date is not None:
        referral.follow_up_date = follow_up_date
    referral.full_clean()
    referral.save()
    if to_status == Referral.Status.ACCEPTED:
        registered = referral_targets.get(referral.target_type.model_class())
        if registered and registered.enrol:
            registered.enrol(referral=referral, actor=actor)
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        changed_by=actor,
        note=note[:300],
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=referral,
        changes=audit_diff(before, audit_snapshot(referral)),
    )
    return referral
