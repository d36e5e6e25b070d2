"""The ledger's writes: contributions, loans, repayments, corrections and the share-out.

Each refuses bad input with a message naming the field and writes nothing; each locks the
group first, so the balance a check reads is the balance the entry is written against. The
ledger is append-only: a mistake is put right by ``correction_record``, never by an update.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import User
from projects.currency_finance import currency_unit, format_money
from projects.models.finance import ZERO, FinancialGroup, GroupMember, LedgerEntry
from projects.selectors.finance import (
    cash_available,
    entry_effective,
    loan_outstanding,
    share_out_plan,
)
from projects.services.finance.common import (
    append_entry,
    lock_group,
    require_in_cycle,
    require_open,
)

Kind = LedgerEntry.Kind


def _money(group: FinancialGroup, value: Decimal | None, field: str) -> Decimal:
    """A Decimal in whole minor units of the group's currency (never a float)."""
    if value is None:
        raise ValidationError({field: _("Give an amount.")})
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal.")
    value = Decimal(value)
    unit = currency_unit(group.currency)
    if value != value.quantize(unit):
        if unit == 1:
            message = _("%(currency)s amounts are recorded whole numbers.")
        else:
            message = _("%(currency)s amounts are recorded to the cent.")
        raise ValidationError({field: message % {"currency": group.currency}})
    return value.quantize(ZERO)  # two places, as stored


def _require_member(
    group: FinancialGroup, member: GroupMember | None, day: datetime.date, field: str
) -> GroupMember:
    """A member of this group on ``day``, who has not left."""
    if member is None or member.group_id != group.pk:
        raise ValidationError(
            {
                field: _("%(value)s is not a member of %(group)s.")
                % {"value": member or _("Nobody"), "group": group}
            }
        )
    if member.left_on is not None:
        raise ValidationError(
            {
                field: _(
                    "%(member)s left the group on %(left_on)s: nothing more can "
                    "be recorded for them."
                )
                % {"member": member, "left_on": f"{member.left_on:%Y-%m-%d}"}
            }
        )
    if day < member.joined_on:
        raise ValidationError(
            {
                field: _("%(member)s joined on %(joined_on)s, after %(day)s.")
                % {
                    "member": member,
                    "joined_on": f"{member.joined_on:%Y-%m-%d}",
                    "day": f"{day:%Y-%m-%d}",
                }
            }
        )
    return member


def _require_cash(group: FinancialGroup, day: datetime.date, amount: Decimal, field: str):
    available = cash_available(group=group, on_date=day)
    if amount > available:
        raise ValidationError(
            {
                field: _(
                    "The group has %(value)s in cash on %(day)s (or later): "
                    "%(amount)s is more than it holds."
                )
                % {
                    "value": format_money(max(available, ZERO), group.currency),
                    "day": f"{day:%Y-%m-%d}",
                    "amount": format_money(amount, group.currency),
                }
            }
        )


@transaction.atomic
def contribution_record(
    *,
    actor: User,
    group: FinancialGroup,
    member: GroupMember,
    date: datetime.date,
    amount: Decimal,
    note: str = "",
) -> LedgerEntry:
    """A member's savings contribution."""
    group = lock_group(group)
    require_open(group)
    require_in_cycle(group, date)
    _require_member(group, member, date, "member")
    amount = _money(group, amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A contribution must be more than zero.")})
    return append_entry(
        actor=actor,
        group=group,
        kind=Kind.CONTRIBUTION,
        date=date,
        member=member,
        amount=amount,
        note=note,
    )


@transaction.atomic
def loan_disburse(
    *,
    actor: User,
    group: FinancialGroup,
    borrower: GroupMember,
    date: datetime.date,
    amount: Decimal,
    due_date: datetime.date,
    purpose: str,
    guarantors: list[GroupMember] = (),
    note: str = "",
) -> LedgerEntry:
    """A loan from the group's cash to a member, due before the cycle ends (the fund is
    shared out at the end), guaranteed by other members."""
    group = lock_group(group)
    require_open(group)
    require_in_cycle(group, date)
    _require_member(group, borrower, date, "borrower")
    amount = _money(group, amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A loan must be more than zero.")})
    if due_date is None or due_date <= date:
        raise ValidationError({"due_date": _("The due date must come after the loan date.")})
    if due_date > group.cycle_end:
        raise ValidationError(
            {
                "due_date": _(
                    "The cycle ends on %(cycle_end)s, when the fund is shared "
                    "out: the loan must be due by then."
                )
                % {"cycle_end": f"{group.cycle_end:%Y-%m-%d}"}
            }
        )
    if not (purpose or "").strip():
        raise ValidationError({"purpose": _("Say what the loan is for.")})
    guarantors = list(guarantors)
    for guarantor in guarantors:
        _require_member(group, guarantor, date, "guarantors")
        if guarantor.pk == borrower.pk:
            raise ValidationError({"guarantors": _("A borrower cannot guarantee their own loan.")})
    if len({g.pk for g in guarantors}) != len(guarantors):
        raise ValidationError({"guarantors": _("Name each guarantor once.")})
    # Handbook 3.3.3: group-based microcredit "is based on joint liability", the group
    # collectively providing the collateral.
    if group.kind == FinancialGroup.Kind.GROUP_MICROCREDIT and not guarantors:
        raise ValidationError(
            {"guarantors": _("Group-based microcredit rests on joint liability: name a guarantor.")}
        )
    _require_cash(group, date, amount, "amount")
    return append_entry(
        actor=actor,
        group=group,
        kind=Kind.LOAN,
        date=date,
        member=borrower,
        amount=amount,
        due_date=due_date,
        purpose=purpose.strip(),
        guarantors=guarantors,
        note=note,
    )


@transaction.atomic
def repayment_record(
    *,
    actor: User,
    loan: LedgerEntry,
    date: datetime.date,
    principal: Decimal,
    interest: Decimal = ZERO,
    note: str = "",
) -> LedgerEntry:
    """A repayment of a loan: principal, interest on top, or both."""
    if loan is None or loan.kind != Kind.LOAN:
        raise ValidationError({"loan": _("Choose the loan being repaid.")})
    group = lock_group(loan.group)
    require_open(group)
    require_in_cycle(group, date)
    if date < loan.date:
        raise ValidationError(
            {
                "date": _("The loan was made on %(date)s: it is repaid after.")
                % {"date": f"{loan.date:%Y-%m-%d}"}
            }
        )
    borrower = GroupMember.objects.get(pk=loan.member_id)
    _require_member(group, borrower, date, "loan")
    principal = _money(group, principal, "principal")
    interest = _money(group, interest, "interest")
    if principal < 0 or interest < 0:
        raise ValidationError({"principal": _("Amounts repaid cannot be negative.")})
    if principal + interest == 0:
        raise ValidationError({"principal": _("A repayment repays principal, interest or both.")})
    outstanding = loan_outstanding(loan=loan)
    if principal > outstanding:
        raise ValidationError(
            {
                "principal": _(
                    "Only %(outstanding)s is outstanding on loan #%(sequence)s: "
                    "%(principal)s is more."
                )
                % {
                    "outstanding": format_money(outstanding, group.currency),
                    "sequence": loan.sequence,
                    "principal": format_money(principal, group.currency),
                }
            }
        )
    return append_entry(
        actor=actor,
        group=group,
        kind=Kind.REPAYMENT,
        date=date,
        member=borrower,
        amount=principal,
        interest=interest,
        loan=loan,
        note=note,
    )


@transaction.atomic
def correction_record(
    *,
    actor: User,
    entry: LedgerEntry,
    date: datetime.date,
    reason: str,
    amount: Decimal = ZERO,
    interest: Decimal = ZERO,
) -> LedgerEntry:
    """Correct an entry by a signed change to its amount (and a repayment's interest),
    recorded as a new entry with the reason. To move an entry to another member or date,
    correct it to zero and record the right entry."""
    group = lock_group(entry.group)
    require_open(group)
    require_in_cycle(group, date)
    if entry.kind == Kind.CORRECTION:
        raise ValidationError({"entry": _("Correct the original entry, not a correction.")})
    if date < entry.date:
        raise ValidationError(
            {
                "date": _("The entry is dated %(date)s: its correction comes after.")
                % {"date": f"{entry.date:%Y-%m-%d}"}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the entry is corrected.")})
    amount, interest = _money(group, amount, "amount"), _money(group, interest, "interest")
    if amount == 0 and interest == 0:
        raise ValidationError({"amount": _("A correction changes the amount or the interest.")})
    if interest and entry.kind != Kind.REPAYMENT:
        raise ValidationError({"interest": _("Only a repayment carries interest.")})
    member = GroupMember.objects.get(pk=entry.member_id)
    _require_member(group, member, date, "entry")
    current_amount, current_interest = entry_effective(entry=entry)
    if current_amount + amount < 0 or current_interest + interest < 0:
        raise ValidationError(
            {"amount": _("The entry would fall below zero: correct it to zero at most.")}
        )
    if entry.kind == Kind.LOAN and amount < 0 and -amount > loan_outstanding(loan=entry):
        raise ValidationError(
            {"amount": _("The loan would fall below the principal already repaid.")}
        )
    if entry.kind == Kind.REPAYMENT and amount > loan_outstanding(loan=entry.loan):
        raise ValidationError(
            {"amount": _("The repayment would exceed what is outstanding on the loan.")}
        )
    effect = amount + interest if entry.kind in (Kind.CONTRIBUTION, Kind.REPAYMENT) else -amount
    if effect < 0:
        _require_cash(group, date, -effect, "amount")
    return append_entry(
        actor=actor,
        group=group,
        kind=Kind.CORRECTION,
        date=date,
        member=member,
        amount=amount,
        interest=interest,
        corrects=entry,
        loan=entry if entry.kind == Kind.LOAN else entry.loan,
        note=reason.strip(),
    )


@transaction.atomic
def share_out_record(
    *,
    actor: User,
    group: FinancialGroup,
    date: datetime.date,
    expected_fund: Decimal | None = None,
) -> list[LedgerEntry]:
    """Close the cycle: pay the whole fund out to the members by the rule of
    ``projects.selectors.finance.share_out_plan``, one share-out payment each. Refused while
    a loan is outstanding. ``expected_fund`` is the fund the user confirmed: if the books
    changed since, nothing is paid."""
    group = lock_group(group)
    require_open(group)
    require_in_cycle(group, date)
    last = group.ledger.order_by("-date").values_list("date", flat=True).first()
    if last and date < last:
        raise ValidationError(
            {
                "date": _("The last entry is dated %(last)s: the share-out comes after.")
                % {"last": f"{last:%Y-%m-%d}"}
            }
        )
    plan = share_out_plan(group=group)
    if plan.outstanding_loans:
        loans = "; ".join(
            f"#{b.loan.sequence} to {b.loan.member}: {format_money(b.outstanding, group.currency)}"
            for b in plan.outstanding_loans
        )
        raise ValidationError(
            _("Loans are still outstanding, collect them first (%(loans)s).") % {"loans": loans}
        )
    if plan.fund <= 0 or not plan.parts:
        raise ValidationError(_("There is nothing to share out: no savings in the fund."))
    if expected_fund is not None and Decimal(expected_fund) != plan.fund:
        raise ValidationError(
            _(
                "The fund is now %(fund)s, not the %(value)s you confirmed: "
                "the books changed, review the share-out again."
            )
            % {
                "fund": format_money(plan.fund, group.currency),
                "value": format_money(Decimal(expected_fund), group.currency),
            }
        )
    entries = [
        append_entry(
            actor=actor,
            group=group,
            kind=Kind.SHARE_OUT,
            date=date,
            member=part.member,
            amount=part.share,
            note="End-of-cycle share-out.",
        )
        for part in plan.parts
        if part.share > 0
    ]
    audited_update(group, actor=actor, fields={"status": FinancialGroup.Status.SHARED_OUT})
    return entries
