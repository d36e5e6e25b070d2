"""What every write of a group's books shares: the lock, the cycle and the entry itself."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from accounts.audit import audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor


def today() -> datetime.date:
    return datetime.date.today()


def lock_group(group: FinancialGroup) -> FinancialGroup:
    """The group, locked until the transaction ends: one writer at a time per ledger, so
    sequence numbers and balance checks never race."""
    return FinancialGroup.objects.select_for_update().select_related("community").get(pk=group.pk)


def require_open(group: FinancialGroup) -> None:
    if not group.is_open:
        raise ValidationError(
            _("The cycle of %(group)s was closed by its share-out: nothing more can be recorded.")
            % {"group": group}
        )


def require_in_cycle(group: FinancialGroup, day: datetime.date, field: str = "date") -> None:
    if day is None:
        raise ValidationError({field: _("Give a date.")})
    if not group.cycle_start <= day <= group.cycle_end:
        raise ValidationError(
            {
                field: _("%(day)s is outside the group's cycle (%(cycle_start)s to %(cycle_end)s).")
                % {
                    "day": f"{day:%Y-%m-%d}",
                    "cycle_start": f"{group.cycle_start:%Y-%m-%d}",
                    "cycle_end": f"{group.cycle_end:%Y-%m-%d}",
                }
            }
        )
    if day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def append_entry(
    *,
    actor: User,
    group: FinancialGroup,
    guarantors: list[GroupMember] = (),
    **fields,
) -> LedgerEntry:
    """Write one ledger entry (and a loan's guarantors) with the next sequence number of
    the group, and audit it. The caller holds the group's lock and has validated."""
    last = group.ledger.aggregate(last=models.Max("sequence"))["last"] or 0
    entry = LedgerEntry(group=group, sequence=last + 1, recorded_by=actor, **fields)
    entry.full_clean()
    entry.save()
    LoanGuarantor.objects.bulk_create(
        [LoanGuarantor(loan=entry, member=member) for member in guarantors]
    )
    changes = audit_snapshot(entry)
    if guarantors:
        changes["guarantors"] = [member.pk for member in guarantors]
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=entry, changes=changes)
    return entry
