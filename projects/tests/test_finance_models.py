"""The ledger is append-only in the code and, on PostgreSQL, in the database; the
invariants hold as constraints; no money anywhere is a float (issue 6, acceptance 4)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from accounts.models import Role
from projects.currency_finance import currency_exponent, currency_name, format_money
from projects.models.finance import (
    AppendOnlyError,
    FinancialGroup,
    GroupMember,
    LedgerEntry,
    LoanGuarantor,
)
from projects.selectors.finance import allocate_in_proportion
from projects.services import finance as services
from projects.tests.factories_finance import FinancialGroupFactory, NonMigrantMemberFactory

pytestmark = pytest.mark.django_db
JAN = datetime.date(2025, 1, 1)


@pytest.fixture
def loan(case_manager, organization):
    group = FinancialGroupFactory(organization=organization)
    borrower, guarantor = NonMigrantMemberFactory(group=group), NonMigrantMemberFactory(group=group)
    services.contribution_record(
        actor=case_manager, group=group, member=guarantor, date=JAN, amount=Decimal(10_000)
    )
    return services.loan_disburse(
        actor=case_manager,
        group=group,
        borrower=borrower,
        guarantors=[guarantor],
        date=JAN,
        amount=Decimal(5_000),
        due_date=datetime.date(2025, 3, 1),
        purpose="Seeds",
    )


def test_entries_refuse_save_and_delete_in_the_code(loan):
    guarantee = LoanGuarantor.objects.get(loan=loan)
    for row in (loan, guarantee):
        with pytest.raises(AppendOnlyError, match="append-only"):
            row.save()
        with pytest.raises(AppendOnlyError, match="append-only"):
            row.delete()
    for queryset in (LedgerEntry.objects.all(), LoanGuarantor.objects.all()):
        with pytest.raises(AppendOnlyError):
            queryset.update(note="tampered")
        with pytest.raises(AppendOnlyError):
            queryset.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.bulk_update([loan], ["note"])
    with pytest.raises(AppendOnlyError):
        loan.group.ledger.all().delete()
    loan.refresh_from_db()
    assert (loan.amount, LedgerEntry.objects.count(), LoanGuarantor.objects.count()) == (
        Decimal("5000.00"),
        2,
        1,
    )


def test_a_group_with_books_cannot_be_deleted(loan):
    with pytest.raises(models.ProtectedError):
        loan.group.delete()
    with pytest.raises(models.ProtectedError):
        loan.member.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_entries_are_append_only_in_the_database(loan):
    for table in ("projects_ledgerentry", "projects_loanguarantor"):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
            with (
                pytest.raises(DatabaseError, match=f"{table} is append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
    assert LedgerEntry.objects.get(pk=loan.pk).amount == Decimal("5000.00")
    assert LoanGuarantor.objects.count() == 1


def test_nobody_holds_a_permission_to_change_or_delete_the_books():
    codenames = set(
        Permission.objects.filter(content_type__app_label="projects").values_list(
            "codename", flat=True
        )
    )
    assert {"add_ledgerentry", "view_ledgerentry", "add_loanguarantor"} <= codenames
    assert (
        not {
            "change_ledgerentry",
            "delete_ledgerentry",
            "change_loanguarantor",
            "delete_loanguarantor",
        }
        & codenames
    )
    partner = set(
        Permission.objects.filter(
            group__name=Role.PARTNER, content_type__app_label="projects"
        ).values_list("codename", flat=True)
    )
    # Of the financial groups, partners read the group (its aggregates) and nothing else.
    assert {c for c in partner if "financialgroup" in c or "member" in c or "ledger" in c} == {
        "view_financialgroup"
    }
    assert partner == {"view_financialgroup", "view_project", "view_participant"}


def test_the_database_refuses_what_the_services_refuse(case_manager, organization):
    group = FinancialGroupFactory(organization=organization)
    member = NonMigrantMemberFactory(group=group)
    entry = {"group": group, "member": member, "date": JAN, "recorded_by": case_manager}
    bad_rows = [
        (LedgerEntry, {**entry, "sequence": 1, "kind": "contribution", "amount": -1}),
        (LedgerEntry, {**entry, "sequence": 1, "kind": "contribution", "amount": 0}),
        (
            LedgerEntry,
            {**entry, "sequence": 1, "kind": "loan", "amount": 5, "due_date": JAN, "purpose": "x"},
        ),
        (LedgerEntry, {**entry, "sequence": 1, "kind": "repayment", "amount": 5}),
        (LedgerEntry, {**entry, "sequence": 1, "kind": "contribution", "amount": 5, "interest": 1}),
        (LedgerEntry, {**entry, "sequence": 1, "kind": "correction", "amount": 5}),
        (GroupMember, {"group": group, "name": "", "joined_on": JAN}),
        (
            GroupMember,
            {
                "group": group,
                "name": "X",
                "sex": "male",
                "age_band": "60+",
                "joined_on": JAN,
                "left_on": JAN - datetime.timedelta(days=1),
            },
        ),
        (
            GroupMember,
            {
                "group": group,
                "name": member.name.upper(),
                "sex": "male",
                "age_band": "60+",
                "joined_on": JAN,
            },
        ),
    ]
    for model, fields in bad_rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialGroupFactory(cycle_start=JAN, cycle_end=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialGroupFactory(currency="gnf")
    assert LedgerEntry.objects.count() == 0
    assert GroupMember.objects.count() == 1


def test_no_money_is_a_float_anywhere():
    """Acceptance 4: a scan of every model of every app."""
    floats = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]
    assert floats == []
    money = {
        field.name: (field.max_digits, field.decimal_places)
        for field in LedgerEntry._meta.get_fields()
        if isinstance(field, models.DecimalField)
    }
    assert money == {"amount": (14, 2), "interest": (14, 2)}


def test_currencies():
    assert (currency_name("gnf"), currency_exponent("GNF"), currency_exponent("NGN")) == (
        "Guinean Franc",
        0,
        2,
    )
    assert currency_name("XAU") is None and currency_name("ABC") is None
    assert format_money(Decimal("1234567.5"), "EUR") == "1,234,567.50 EUR"
    assert format_money(Decimal("1234567"), "XOF") == "1,234,567 XOF"


def test_allocation_sums_exactly_and_breaks_ties_by_position():
    # 100.00 in three equal parts: 33.33 each and one cent left, to the first.
    shares = allocate_in_proportion(
        fund=Decimal("100.00"),
        weights=[("a", Decimal(1)), ("b", Decimal(1)), ("c", Decimal(1))],
        unit=Decimal("0.01"),
    )
    assert shares == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    # 1,000 GNF (whole francs) for savings of 1, 2 and 4: exact 142.857, 285.714, 571.428;
    # rounded down 142 + 285 + 571 = 998; the 2 francs left go to the remainders .857 and
    # .714 (not .428).
    shares = allocate_in_proportion(
        fund=Decimal(1000),
        weights=[("a", Decimal(1)), ("b", Decimal(2)), ("c", Decimal(4))],
        unit=Decimal(1),
    )
    assert shares == {"a": Decimal(143), "b": Decimal(286), "c": Decimal(571)}


def test_kinds_are_the_four_of_handbook_3_3_3():
    assert FinancialGroup.Kind.labels == [
        "Collective investment scheme",
        "Group-based microcredit scheme",
        "Collective saving scheme and microsavings programme",
        "Self-help group",
    ]
    assert set(FinancialGroup.KIND_DESCRIPTIONS) == set(FinancialGroup.Kind.values)
