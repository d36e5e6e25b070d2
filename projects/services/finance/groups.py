"""Groups and their members (handbook 3.3.3); the referral target's enrolment."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record, audited_create, audited_update
from accounts.models import AuditEvent, Organization, User
from communities.models import Community
from projects.currency_finance import format_money
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry
from projects.selectors.finance import cash_available, loan_balances, member_totals
from projects.services.finance.common import (
    append_entry,
    lock_group,
    require_in_cycle,
    require_open,
    today,
)
from reintegration.access import returnees_for_user
from reintegration.models import Referral, Returnee

GROUP_FIELDS = ("name", "kind", "community", "currency", "cycle_start", "cycle_end", "notes")


# --- groups ------------------------------------------------------------------------------


@transaction.atomic
def financial_group_create(
    *,
    actor: User,
    name: str,
    kind: str,
    community: Community,
    currency: str,
    cycle_start: datetime.date,
    cycle_end: datetime.date,
    notes: str = "",
    organization: Organization | None = None,
) -> FinancialGroup:
    """A new group, run by ``organization`` (by default the actor's)."""
    organization = organization or actor.organization
    if organization is None:
        raise ValidationError(_("Only a member of an organization can create a group."))
    return audited_create(
        FinancialGroup,
        actor=actor,
        fields={
            "name": name.strip(),
            "kind": kind,
            "community": community,
            "organization": organization,
            "currency": (currency or "").strip().upper(),
            "cycle_start": cycle_start,
            "cycle_end": cycle_end,
            "notes": notes,
            "created_by": actor,
        },
    )


@transaction.atomic
def financial_group_update(*, actor: User, group: FinancialGroup, **fields) -> FinancialGroup:
    """Change the group's details. The currency is fixed once money is recorded, and the
    cycle cannot shrink past an entry or a member's dates."""
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    group = lock_group(group)
    if "currency" in fields:
        fields["currency"] = (fields["currency"] or "").strip().upper()
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    ledger = group.ledger.all()
    if fields.get("currency", group.currency) != group.currency and ledger.exists():
        raise ValidationError(
            {"currency": _("Money is already recorded in this currency: it cannot change.")}
        )
    start = fields.get("cycle_start", group.cycle_start)
    end = fields.get("cycle_end", group.cycle_end)
    if (start, end) != (group.cycle_start, group.cycle_end) and start and end:
        if not group.is_open:
            raise ValidationError({"cycle_end": _("The cycle is closed: its dates are final.")})
        if ledger.exclude(date__range=(start, end)).exists():
            raise ValidationError(
                {
                    "cycle_end": _(
                        "Entries are recorded outside these dates: the cycle must hold them."
                    )
                }
            )
        if group.members.exclude(joined_on__range=(start, end)).exists():
            raise ValidationError(
                {"cycle_start": _("Members joined outside these dates: the cycle must hold them.")}
            )
    return audited_update(group, actor=actor, fields=fields)


# --- members -----------------------------------------------------------------------------


def _require_group_consent(returnee: Returnee) -> None:
    consent = getattr(returnee, "consent", None)
    if consent is None or not consent.is_active or not consent.case_management:
        raise ValidationError(
            {
                "returnee": _("%(reference)s has not consented to case management.")
                % {"reference": returnee.reference}
            }
        )
    # Members of a group meet and know each other: the consent must cover group activities.
    if not consent.group_contact:
        raise ValidationError(
            {
                "returnee": _(
                    "%(reference)s has not consented to contact for group "
                    "activities: update their consent first."
                )
                % {"reference": returnee.reference}
            }
        )


def _add_member(*, actor: User, group: FinancialGroup, joined_on, **fields) -> GroupMember:
    require_open(group)
    require_in_cycle(group, joined_on, "joined_on")
    returnee = fields.get("returnee")
    if returnee is not None:
        _require_group_consent(returnee)
        if returnee.community.country != group.community.country:
            raise ValidationError(
                {
                    "returnee": _(
                        "%(reference)s lives in %(country)s; the group meets in %(country2)s."
                    )
                    % {
                        "reference": returnee.reference,
                        "country": returnee.community.country,
                        "country2": group.community.country,
                    }
                }
            )
        if joined_on < returnee.return_date:
            raise ValidationError(
                {
                    "joined_on": _(
                        "%(reference)s returned on %(return_date)s: they join a group after."
                    )
                    % {
                        "reference": returnee.reference,
                        "return_date": f"{returnee.return_date:%Y-%m-%d}",
                    }
                }
            )
        if group.members.filter(returnee=returnee, left_on__isnull=True).exists():
            raise ValidationError(
                {
                    "returnee": _("%(reference)s is already a member of %(group)s.")
                    % {"reference": returnee.reference, "group": group}
                }
            )
    else:
        fields["name"] = (fields.get("name") or "").strip()
        missing = {
            key: "Required for a community member who is not a returnee."
            for key in ("name", "sex", "age_band")
            if not fields.get(key)
        }
        if missing:
            raise ValidationError(missing)
        if group.members.filter(
            returnee__isnull=True, left_on__isnull=True, name__iexact=fields["name"]
        ).exists():
            raise ValidationError(
                {
                    "name": _("%(name)s is already a member of %(group)s.")
                    % {"name": fields["name"], "group": group}
                }
            )
    return audited_create(
        GroupMember, actor=actor, fields={"group": group, "joined_on": joined_on, **fields}
    )


@transaction.atomic
def member_add(
    *,
    actor: User,
    group: FinancialGroup,
    joined_on: datetime.date,
    returnee: Returnee | None = None,
    name: str = "",
    sex: str = "",
    age_band: str = "",
) -> GroupMember:
    """Add a returnee the actor may see in the registry, or a non-migrant community member
    (name, sex and age band only)."""
    group = lock_group(group)
    if returnee is not None:
        if name or sex or age_band:
            raise ValidationError(
                {"name": _("A returnee's name, sex and age come from the registry: leave empty.")}
            )
        if not returnees_for_user(actor).filter(pk=returnee.pk).exists():
            raise ValidationError({"returnee": _("No such returnee in your registry.")})
        return _add_member(actor=actor, group=group, joined_on=joined_on, returnee=returnee)
    return _add_member(
        actor=actor, group=group, joined_on=joined_on, name=name, sex=sex, age_band=age_band
    )


@transaction.atomic
def member_leave(*, actor: User, member: GroupMember, left_on: datetime.date) -> GroupMember:
    """A member leaves during the cycle. They may not owe the group (a loan of theirs, or one
    they guarantee, outstanding); their savings are paid back on the day they leave, without
    a part of the cycle's earnings, which go to those who stay to the share-out."""
    group = lock_group(member.group)
    member = GroupMember.objects.select_related("returnee").get(pk=member.pk)
    require_open(group)
    if member.left_on:
        raise ValidationError(
            _("%(member)s already left the group on %(left_on)s.")
            % {"member": member, "left_on": f"{member.left_on:%Y-%m-%d}"}
        )
    require_in_cycle(group, left_on, "left_on")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    last = member.entries.order_by("-date").values_list("date", flat=True).first()
    if last and left_on < last:
        raise ValidationError(
            {
                "left_on": _("%(member)s has an entry on %(last)s: they leave after it.")
                % {"member": member, "last": f"{last:%Y-%m-%d}"}
            }
        )
    for balance in loan_balances(group=group):
        if balance.outstanding <= 0:
            continue
        loan = balance.loan
        owes = format_money(balance.outstanding, group.currency)
        if loan.member_id == member.pk:
            raise ValidationError(
                _("%(member)s still owes %(owes)s on loan #%(sequence)s.")
                % {"member": member, "owes": owes, "sequence": loan.sequence}
            )
        if any(g.member_id == member.pk for g in loan.guarantees.all()):
            raise ValidationError(
                _(
                    "%(member)s guarantees loan #%(sequence)s to %(member2)s, "
                    "with %(owes)s outstanding: they stay liable until it is "
                    "repaid."
                )
                % {
                    "member": member,
                    "sequence": loan.sequence,
                    "member2": loan.member,
                    "owes": owes,
                }
            )
    savings = member_totals(group=group).get(member.pk)
    owed = savings.contributions - savings.share_out if savings else 0
    if owed > 0:
        if cash_available(group=group, on_date=left_on) < owed:
            raise ValidationError(
                {
                    "left_on": _(
                        "The group cannot pay back %(member)s's savings of %(owed)s "
                        "on that day: not enough cash."
                    )
                    % {"member": member, "owed": format_money(owed, group.currency)}
                }
            )
        append_entry(
            actor=actor,
            group=group,
            kind=LedgerEntry.Kind.SHARE_OUT,
            date=left_on,
            member=member,
            amount=owed,
            note="Savings paid back on leaving the group.",
        )
    return audited_update(member, actor=actor, fields={"left_on": left_on})


# --- referral target ---------------------------------------------------------------------


def financial_group_enrol(*, referral: Referral, actor: User) -> None:
    """Accepting a referral to a group makes the returnee a member from today (called in
    the transaction of ``referral_transition``). The referral already carries the
    returnee's consent to share with the group's organization."""
    group = lock_group(referral.target)
    returnee = referral.returnee
    if group.members.filter(returnee=returnee, left_on__isnull=True).exists():
        return
    member = _add_member(actor=actor, group=group, joined_on=today(), returnee=returnee)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=group,
        changes={"members": [None, member.pk]},
        note=f"Enrolled through referral {referral.pk}.",
    )
