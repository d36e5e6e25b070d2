"""Invented demo financial support groups (no real people) for ``seed_demo``: a savings
group with five months of books (contributions, two loans, a repayment with interest, a
correction, one loan overdue) and a young self-help group. Idempotent: skipped when the demo
organization already runs a group."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import Organization, User
from communities.models import Community
from projects.models.finance import FinancialGroup
from projects.services.finance import (
    contribution_record,
    correction_record,
    financial_group_create,
    loan_disburse,
    member_add,
    repayment_record,
)
from reintegration.models import Returnee

NON_MIGRANTS = [
    ("Mariame Soumah", "female", "25-34"),
    ("Fanta Camara", "female", "35-44"),
    ("Ibrahima Sylla", "male", "45-59"),
    ("Hadja Bangoura", "female", "18-24"),
]
# name, kind, community, currency, returnees, non-migrants, months of books
GROUPS = [
    ("Kaloum savings and loans group", "collective_savings", "Kaloum", "GNF", 8, 4, 5),
    ("Benin City self-help group", "self_help", "Benin City East", "NGN", 5, 2, 2),
]


def _eligible_returnees(organization, community, count, returned_by):
    """Returnees of the community, back by ``returned_by``, whose consent covers group
    activities."""
    return list(
        Returnee.objects.filter(
            organization=organization,
            community=community,
            return_date__lte=returned_by,
            consent__case_management=True,
            consent__group_contact=True,
            consent__withdrawn_on__isnull=True,
        ).order_by("pk")[:count]
    )


def _seed_group(actor, organization, spec, today) -> FinancialGroup | None:
    name, kind, community_name, currency, returnee_count, non_migrant_count, months = spec
    community = Community.objects.filter(name=community_name).first()
    if community is None:
        return None
    start = today - datetime.timedelta(days=30 * months)
    group = financial_group_create(
        actor=actor,
        organization=organization,
        name=name,
        kind=kind,
        community=community,
        currency=currency,
        cycle_start=start,
        cycle_end=start + datetime.timedelta(days=364),
        notes="Demo group. Weekly meetings; interest of 5% a month on loans, paid monthly.",
    )
    members = [
        member_add(actor=actor, group=group, joined_on=start, returnee=returnee)
        for returnee in _eligible_returnees(organization, community, returnee_count, start)
    ]
    members += [
        member_add(actor=actor, group=group, joined_on=start, name=member, sex=sex, age_band=band)
        for member, sex, band in NON_MIGRANTS[:non_migrant_count]
    ]
    unit = Decimal(50_000) if currency == "GNF" else Decimal(2_000)
    for month in range(months):
        day = start + datetime.timedelta(days=30 * month)
        for index, member in enumerate(members):
            contribution_record(
                actor=actor, group=group, member=member, date=day, amount=unit * (1 + index % 2)
            )
    if months >= 5 and len(members) >= 4:
        typo = contribution_record(
            actor=actor, group=group, member=members[1], date=start, amount=unit * 10
        )
        correction_record(
            actor=actor,
            entry=typo,
            date=start + datetime.timedelta(days=2),
            amount=-unit * 10,
            reason="Entered twice: the contribution of that day is already recorded.",
        )
        loan = loan_disburse(
            actor=actor,
            group=group,
            borrower=members[0],
            date=start + datetime.timedelta(days=65),
            amount=unit * 6,
            due_date=start + datetime.timedelta(days=185),
            purpose="Sewing machine for a tailoring business",
            guarantors=members[1:3],
        )
        repayment_record(
            actor=actor,
            loan=loan,
            date=start + datetime.timedelta(days=125),
            principal=unit * 2,
            interest=unit * 6 * Decimal("0.05") * 2,
        )
        loan_disburse(
            actor=actor,
            group=group,
            borrower=members[3],
            date=start + datetime.timedelta(days=95),
            amount=unit * 3,
            due_date=start + datetime.timedelta(days=140),
            purpose="Stock for a market stall",
            guarantors=[members[2]],
        )
    return group


@transaction.atomic
def seed_financial_groups(**kwargs) -> list[str]:
    organization = Organization.objects.filter(name="Demo Reintegration Organization").first()
    actor = User.objects.filter(username="demo-case-manager").first()
    if not (organization and actor):
        return ["Financial groups: skipped (demo users missing)."]
    existing = FinancialGroup.objects.filter(organization=organization).count()
    if existing:
        return [f"Financial groups: already seeded ({existing})."]
    today = datetime.date.today()
    groups = [g for spec in GROUPS if (g := _seed_group(actor, organization, spec, today))]
    return [f"Financial groups: {len(groups)} created with their books."]
