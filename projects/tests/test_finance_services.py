"""The services of financial support groups: every refusal of the issue's list (and a few
more) says what is wrong, names the field, and changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from projects.models.finance import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor
from projects.selectors import finance as selectors
from projects.services import finance as services
from projects.tests.factories_finance import (
    FinancialGroupFactory,
    NonMigrantMemberFactory,
    consenting_returnee,
)

pytestmark = pytest.mark.django_db
D = Decimal
JAN = datetime.date(2025, 1, 1)


def on(month: int, dom: int = 1) -> datetime.date:
    return datetime.date(2025, month, dom)


def snapshot():
    """Everything a refused write could have changed."""
    return (
        LedgerEntry.objects.count(),
        LoanGuarantor.objects.count(),
        GroupMember.objects.filter(left_on__isnull=True).count(),
        AuditEvent.objects.count(),
        list(FinancialGroup.objects.values_list("name", "currency", "cycle_end", "status")),
    )


@pytest.fixture
def group(organization):
    return FinancialGroupFactory(organization=organization, currency="GNF")


@pytest.fixture
def members(group):
    return [NonMigrantMemberFactory(group=group, name=f"M{n}") for n in range(1, 5)]


@pytest.fixture
def funded(group, members, case_manager):
    """Each member saved 100,000 GNF on 2025-01-01: 400,000 GNF in the box."""
    for member in members:
        services.contribution_record(
            actor=case_manager, group=group, member=member, date=JAN, amount=D(100_000)
        )
    return group


def refused(call, field, message, **kwargs):
    """``call(**kwargs)`` raises a ValidationError on ``field`` (None: not tied to one field)
    containing ``message``, and nothing changes."""
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    if field is None:
        text = " ".join(error.value.messages)
    else:
        assert field in error.value.message_dict, error.value
        text = " ".join(error.value.message_dict[field])
    assert message in text, text
    assert snapshot() == before


# --- the list --------------------------------------------------------------------


def test_a_repayment_larger_than_the_outstanding_loan_is_refused(funded, members, case_manager):
    loan = services.loan_disburse(
        actor=case_manager,
        group=funded,
        borrower=members[0],
        date=on(2),
        amount=D(50_000),
        due_date=on(5),
        purpose="Tools",
    )
    services.repayment_record(actor=case_manager, loan=loan, date=on(3), principal=D(30_000))
    refused(
        services.repayment_record,
        "principal",
        "Only 20,000 GNF is outstanding on loan #5: 20,001 GNF is more.",
        actor=case_manager,
        loan=loan,
        date=on(4),
        principal=D(20_001),
    )
    assert selectors.loan_outstanding(loan=loan) == D(20_000)


def test_a_loan_to_a_non_member_is_refused(funded, members, case_manager, organization):
    stranger = NonMigrantMemberFactory(group=FinancialGroupFactory(organization=organization))
    refused(
        services.loan_disburse,
        "borrower",
        f"{stranger} is not a member of {funded}.",
        actor=case_manager,
        group=funded,
        borrower=stranger,
        date=on(2),
        amount=D(10_000),
        due_date=on(5),
        purpose="Tools",
    )


def test_a_guarantor_who_is_not_a_member_is_refused(funded, members, case_manager, organization):
    stranger = NonMigrantMemberFactory(group=FinancialGroupFactory(organization=organization))
    loan = {
        "actor": case_manager,
        "group": funded,
        "borrower": members[0],
        "date": on(2),
        "amount": D(10_000),
        "due_date": on(5),
        "purpose": "Tools",
    }
    refused(
        services.loan_disburse,
        "guarantors",
        f"{stranger} is not a member of {funded}.",
        guarantors=[members[1], stranger],
        **loan,
    )
    refused(
        services.loan_disburse,
        "guarantors",
        "A borrower cannot guarantee their own loan.",
        guarantors=[members[0]],
        **loan,
    )
    refused(
        services.loan_disburse,
        "guarantors",
        "Name each guarantor once.",
        guarantors=[members[1], members[1]],
        **loan,
    )


@pytest.mark.parametrize("amount", [D(0), D(-5_000)])
def test_a_negative_or_zero_contribution_is_refused(group, members, case_manager, amount):
    refused(
        services.contribution_record,
        "amount",
        "A contribution must be more than zero.",
        actor=case_manager,
        group=group,
        member=members[0],
        date=JAN,
        amount=amount,
    )


def test_a_loan_larger_than_the_cash_is_refused(funded, members, case_manager):
    loan = {
        "actor": case_manager,
        "group": funded,
        "borrower": members[0],
        "due_date": on(6),
        "purpose": "Tools",
    }
    refused(
        services.loan_disburse,
        "amount",
        "The group has 400,000 GNF in cash on 2025-02-01 (or later): 400,001 GNF is more",
        date=on(2),
        amount=D(400_001),
        **loan,
    )
    # A back-dated loan may not empty a box that later loans already drew on: 300,000 went
    # out on 03-01, so on 02-01 only 100,000 can still be lent.
    services.loan_disburse(date=on(3), amount=D(300_000), **loan)
    refused(
        services.loan_disburse,
        "amount",
        "The group has 100,000 GNF in cash on 2025-02-01 (or later)",
        date=on(2),
        amount=D(100_001),
        **loan,
    )
    assert selectors.cash_available(group=funded, on_date=on(2)) == D(100_000)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2024, 12, 31), "2024-12-31 is outside the group's cycle"),
        (datetime.date(2026, 1, 1), "2026-01-01 is outside the group's cycle"),
    ],
)
def test_entries_outside_the_cycle_are_refused(funded, members, case_manager, day, message):
    refused(
        services.contribution_record,
        "date",
        message,
        actor=case_manager,
        group=funded,
        member=members[0],
        date=day,
        amount=D(1_000),
    )
    refused(
        services.loan_disburse,
        "date",
        message,
        actor=case_manager,
        group=funded,
        borrower=members[0],
        date=day,
        amount=D(1_000),
        due_date=day + datetime.timedelta(days=10),
        purpose="Tools",
    )


def test_entries_for_a_member_who_left_are_refused(funded, members, case_manager):
    services.member_leave(actor=case_manager, member=members[3], left_on=on(2))
    members[3].refresh_from_db()
    message = "M4 left the group on 2025-02-01: nothing more can be recorded for them."
    refused(
        services.contribution_record,
        "member",
        message,
        actor=case_manager,
        group=funded,
        member=members[3],
        date=on(3),
        amount=D(1_000),
    )
    refused(
        services.loan_disburse,
        "borrower",
        message,
        actor=case_manager,
        group=funded,
        borrower=members[3],
        date=on(3),
        amount=D(1_000),
        due_date=on(4),
        purpose="Tools",
    )
    refused(
        services.loan_disburse,
        "guarantors",
        message,
        actor=case_manager,
        group=funded,
        borrower=members[0],
        guarantors=[members[3]],
        date=on(3),
        amount=D(1_000),
        due_date=on(4),
        purpose="Tools",
    )


def test_a_cycle_ending_before_it_starts_is_refused(case_manager, group):
    community = CommunityFactory()
    refused(
        services.financial_group_create,
        "cycle_end",
        "The cycle must end after it starts.",
        actor=case_manager,
        name="Backwards",
        kind="self_help",
        community=community,
        currency="GNF",
        cycle_start=on(6),
        cycle_end=on(5),
    )
    refused(
        services.financial_group_update,
        "cycle_end",
        "The cycle must end after it starts.",
        actor=case_manager,
        group=group,
        cycle_end=group.cycle_start,
    )


# --- more refusals -----------------------------------------------------------------------


def test_money_is_in_the_currency_s_units_and_never_a_float(group, members, case_manager):
    entry = {"actor": case_manager, "group": group, "member": members[0], "date": JAN}
    refused(
        services.contribution_record,
        "amount",
        "GNF amounts are recorded whole numbers.",
        amount=D("1000.50"),
        **entry,
    )
    with pytest.raises(TypeError, match="never a float"):
        services.contribution_record(amount=1000.0, **entry)
    refused(
        services.financial_group_create,
        "currency",
        "'XAU' is not an ISO 4217 currency code.",
        actor=case_manager,
        name="Gold",
        kind="self_help",
        community=group.community,
        currency="xau",
        cycle_start=on(1),
        cycle_end=on(12),
    )


def test_loan_rules(funded, members, case_manager):
    loan = {
        "actor": case_manager,
        "group": funded,
        "borrower": members[0],
        "date": on(2),
        "amount": D(10_000),
        "purpose": "Tools",
    }
    refused(
        services.loan_disburse,
        "due_date",
        "The due date must come after the loan date.",
        due_date=on(2),
        **loan,
    )
    refused(
        services.loan_disburse,
        "due_date",
        "The cycle ends on 2025-12-31, when the fund is shared out: the loan must be due",
        due_date=datetime.date(2026, 1, 31),
        **loan,
    )
    refused(
        services.loan_disburse,
        "purpose",
        "Say what the loan is for.",
        due_date=on(3),
        **{**loan, "purpose": "  "},
    )
    FinancialGroup.objects.filter(pk=funded.pk).update(kind="group_microcredit")
    funded.refresh_from_db()
    refused(
        services.loan_disburse,
        "guarantors",
        "Group-based microcredit rests on joint liability: name a guarantor.",
        due_date=on(3),
        **{**loan, "group": funded},
    )


def test_corrections(funded, members, case_manager):
    first = funded.ledger.get(sequence=1)
    refused(
        services.correction_record,
        "reason",
        "Say why the entry is corrected.",
        actor=case_manager,
        entry=first,
        date=on(2),
        amount=D(-1_000),
        reason="",
    )
    refused(
        services.correction_record,
        "amount",
        "The entry would fall below zero",
        actor=case_manager,
        entry=first,
        date=on(2),
        amount=D(-100_001),
        reason="r",
    )
    refused(
        services.correction_record,
        "interest",
        "Only a repayment carries interest.",
        actor=case_manager,
        entry=first,
        date=on(2),
        interest=D(5),
        reason="r",
    )
    correction = services.correction_record(
        actor=case_manager, entry=first, date=on(2), amount=D(-100_000), reason="Never paid"
    )
    assert selectors.entry_effective(entry=first) == (D(0), D(0))
    assert selectors.member_totals(group=funded)[members[0].pk].contributions == D(0)
    refused(
        services.correction_record,
        "entry",
        "Correct the original entry, not a correction.",
        actor=case_manager,
        entry=correction,
        date=on(2),
        amount=D(1),
        reason="r",
    )


def test_a_correction_of_a_loan_or_repayment_keeps_the_loan_consistent(
    funded, members, case_manager
):
    loan = services.loan_disburse(
        actor=case_manager,
        group=funded,
        borrower=members[0],
        date=on(2),
        amount=D(50_000),
        due_date=on(5),
        purpose="Tools",
    )
    repayment = services.repayment_record(
        actor=case_manager, loan=loan, date=on(3), principal=D(40_000), interest=D(2_000)
    )
    refused(
        services.correction_record,
        "amount",
        "The loan would fall below the principal already repaid.",
        actor=case_manager,
        entry=loan,
        date=on(3),
        amount=D(-10_001),
        reason="r",
    )
    refused(
        services.correction_record,
        "amount",
        "The repayment would exceed what is outstanding on the loan.",
        actor=case_manager,
        entry=repayment,
        date=on(3),
        amount=D(10_001),
        reason="r",
    )
    services.correction_record(
        actor=case_manager, entry=loan, date=on(3), amount=D(-5_000), reason="Lent 45,000"
    )
    assert selectors.loan_outstanding(loan=loan) == D(5_000)


def test_members_who_owe_or_guarantee_cannot_leave(funded, members, case_manager):
    services.loan_disburse(
        actor=case_manager,
        group=funded,
        borrower=members[0],
        date=on(2),
        amount=D(50_000),
        due_date=on(5),
        purpose="Tools",
        guarantors=[members[1]],
    )
    refused(
        services.member_leave,
        None,
        "M1 still owes 50,000 GNF on loan #5.",
        actor=case_manager,
        member=members[0],
        left_on=on(3),
    )
    refused(
        services.member_leave,
        None,
        "M2 guarantees loan #5 to M1, with 50,000 GNF outstanding",
        actor=case_manager,
        member=members[1],
        left_on=on(3),
    )


def test_a_member_who_leaves_is_paid_back_their_savings(funded, members, case_manager):
    services.member_leave(actor=case_manager, member=members[2], left_on=on(3))
    payment = funded.ledger.get(kind="share_out")
    assert (payment.member_id, payment.amount, payment.date) == (members[2].pk, D(100_000), on(3))
    assert selectors.group_totals(group=funded).cash == D(300_000)


def test_members_are_added_once_with_consent_and_access(
    group, case_manager, outsider, organization
):
    community = group.community
    returnee = consenting_returnee(case_manager=case_manager, community=community)
    services.member_add(actor=case_manager, group=group, joined_on=JAN, returnee=returnee)
    refused(
        services.member_add,
        "returnee",
        f"{returnee.reference} is already a member of {group}.",
        actor=case_manager,
        group=group,
        joined_on=JAN,
        returnee=returnee,
    )
    refused(
        services.member_add,
        "returnee",
        "No such returnee in your registry.",
        actor=outsider,
        group=group,
        joined_on=JAN,
        returnee=consenting_returnee(case_manager=case_manager, community=community),
    )
    refused(
        services.member_add,
        "returnee",
        "has not consented to contact for group activities",
        actor=case_manager,
        group=group,
        joined_on=JAN,
        returnee=consenting_returnee(
            case_manager=case_manager, community=community, group_contact=False
        ),
    )
    late = consenting_returnee(case_manager=case_manager, community=community, return_date=on(3))
    refused(
        services.member_add,
        "joined_on",
        f"{late.reference} returned on 2025-03-01: they join a group after.",
        actor=case_manager,
        group=group,
        joined_on=JAN,
        returnee=late,
    )
    refused(
        services.member_add,
        "age_band",
        "Required for a community member who is not a returnee.",
        actor=case_manager,
        group=group,
        joined_on=JAN,
        name="Fanta",
        sex="female",
    )
    services.member_add(
        actor=case_manager, group=group, joined_on=JAN, name="Fanta", sex="female", age_band="60+"
    )
    refused(
        services.member_add,
        "name",
        f"fanta is already a member of {group}.",
        actor=case_manager,
        group=group,
        joined_on=JAN,
        name="fanta",
        sex="female",
        age_band="60+",
    )
    refused(
        services.member_add,
        "joined_on",
        "2026-02-01 is outside the group's cycle",
        actor=case_manager,
        group=group,
        joined_on=datetime.date(2026, 2, 1),
        name="Late",
        sex="male",
        age_band="60+",
    )


def test_the_currency_and_cycle_hold_the_entries(funded, members, case_manager):
    refused(
        services.financial_group_update,
        "currency",
        "Money is already recorded in this currency: it cannot change.",
        actor=case_manager,
        group=funded,
        currency="XOF",
    )
    refused(
        services.financial_group_update,
        "cycle_end",
        "Entries are recorded outside these dates",
        actor=case_manager,
        group=funded,
        cycle_start=on(2),
    )
    services.financial_group_update(actor=case_manager, group=funded, name="Renamed", notes="n")
    funded.refresh_from_db()
    assert (funded.name, funded.notes) == ("Renamed", "n")
    event = AuditEvent.objects.get(
        object_id=str(funded.pk), content_type__model="financialgroup", action="update"
    )
    assert event.changes == {"name": [event.changes["name"][0], "Renamed"], "notes": ["", "n"]}


def test_every_change_is_audited(group, members, case_manager):
    entry = services.contribution_record(
        actor=case_manager, group=group, member=members[0], date=JAN, amount=D(5_000)
    )
    event = AuditEvent.objects.get(object_id=str(entry.pk), content_type__model="ledgerentry")
    assert (event.actor, event.action) == (case_manager, "create")
    assert (event.changes["amount"], event.changes["kind"], event.changes["sequence"]) == (
        "5000.00",
        "contribution",
        1,
    )
