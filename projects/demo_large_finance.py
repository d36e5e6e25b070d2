"""The large demo dataset's financial support groups (handbook 3.3.3) and their books: 1,000
groups of returnees and non-migrants over one-year cycles, monthly contributions, loans
(guaranteed by two members in group-microcredit schemes) repaid with interest, and a
share-out closing each finished cycle, in proportion to what each member saved. The ledger
is append-only, so every entry is inserted once, in date order, numbered 1, 2, 3... per
group; 8,000 referrals to groups complete the set."""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo_large import COUNTRIES, lead_name, staff
from accounts.models import Organization
from communities.demo_large import large_communities
from projects.demo_large import CURRENCY, PER_DOLLAR, _non_migrant
from projects.models import FinancialGroup, GroupMember, LedgerEntry, LoanGuarantor
from reintegration.demo_referrals import referral_pool, write_referrals
from reintegration.models import Returnee

GROUPS = 1_000
GROUP_REFERRALS = 8_000
KIND_NAMES = {
    "collective_investment": "Investment club",
    "group_microcredit": "Solidarity credit group",
    "collective_savings": "Savings group",
    "self_help": "Self-help group",
}
PURPOSES = [
    "Stock for the market stall",
    "Sewing machine",
    "Seeds and fertiliser",
    "Motorcycle repair",
    "School fees",
    "Medical costs",
]


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(16), tzinfo=datetime.UTC)


def _books(
    rng,
    members: list[int],
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    unit: int,
    microcredit: bool,
):
    """The group's entries in date order: (kind, day, member, amount, interest, loan number
    repaid, due date, purpose, note, guarantors, loan number of a loan)."""
    entries = []
    cash = 0
    saved = dict.fromkeys(members, 0)
    loans = []  # [entry index, member, outstanding]
    last_month = min(12, ((min(end, today) - start).days // 30))
    for month in range(last_month):
        day = start + datetime.timedelta(days=30 * month + 3)
        for member in members:
            if rng.random() < 0.85:
                amount = unit * rng.randint(1, 3)
                entries.append(
                    ("contribution", day, member, amount, 0, None, None, "", "", (), None)
                )
                cash += amount
                saved[member] += amount
        for loan in loans:
            if loan[2] > 0 and (rng.random() < 0.5 or month >= 9):
                principal = loan[2] if month >= 9 else min(loan[2], max(unit, loan[2] // 2))
                interest = max(1, principal // 10)
                repaid_on = day + datetime.timedelta(days=5)
                entries.append(
                    (
                        "repayment",
                        repaid_on,
                        loan[1],
                        principal,
                        interest,
                        loan[0],
                        None,
                        "",
                        "",
                        (),
                        None,
                    )
                )
                loan[2] -= principal
                cash += principal + interest
        if month < 9 and cash > 4 * unit and rng.random() < 0.4:
            borrower = rng.choice(members)
            amount = min(cash // 2, unit * rng.randint(3, 10))
            others = [m for m in members if m != borrower]
            guarantors = tuple(rng.sample(others, k=2)) if microcredit and len(others) >= 2 else ()
            made = day + datetime.timedelta(days=10)
            entries.append(
                (
                    "loan",
                    made,
                    borrower,
                    amount,
                    0,
                    None,
                    made + datetime.timedelta(days=90),
                    rng.choice(PURPOSES),
                    "",
                    guarantors,
                    len(loans),
                )
            )
            loans.append([len(loans), borrower, amount])
            cash -= amount
    shared_out = end <= today and cash > 0 and all(loan[2] == 0 for loan in loans)
    if shared_out:
        total = sum(saved.values())
        savers = [m for m in members if saved[m] > 0]
        paid = 0
        for k, member in enumerate(savers):
            share = cash - paid if k == len(savers) - 1 else cash * saved[member] // total
            paid += share
            if share > 0:
                entries.append(
                    (
                        "share_out",
                        end,
                        member,
                        share,
                        0,
                        None,
                        None,
                        "",
                        "End-of-cycle share-out.",
                        (),
                        None,
                    )
                )
    entries.sort(key=lambda e: e[1])  # stable: same-day entries keep their order
    return entries, shared_out


def seed_finance_large(*, seed: int, scale: float, today: datetime.date, progress, **kwargs):
    rng = random.Random(seed * 1_000 + 6)  # noqa: S311 -- deterministic demo data
    communities = list(large_communities().order_by("pk").values_list("pk", "country", "name"))
    people: dict[int, list[int]] = {}
    for pk, community in (
        Returnee.objects.filter(community_id__in=[c[0] for c in communities])
        .order_by("pk")
        .values_list("pk", "community_id")
    ):
        people.setdefault(community, []).append(pk)
    leads = {c: Organization.objects.get(name=lead_name(c)).pk for c in COUNTRIES}
    recorders = {c: staff(c)["cm"][0] for c in COUNTRIES}
    count = scaled(GROUPS, scale)
    group_first = reserve_ids(FinancialGroup, count)
    groups, members, entries, guarantees = [], [], [], []
    info = {}
    rows_members = []
    for n in range(count):
        pk = group_first + n
        community, country, place = rng.choice(communities)
        kind = rng.choice(list(KIND_NAMES))
        start = today - datetime.timedelta(days=rng.randint(30, 3 * 365))
        if n == 0:  # one guaranteed-loan group with a finished cycle, at any scale
            kind, start = (
                "group_microcredit",
                today - datetime.timedelta(days=rng.randint(400, 900)),
            )
        end = start + datetime.timedelta(days=365)
        currency = CURRENCY[country]
        unit = 5 * PER_DOLLAR[currency]
        name = f"{KIND_NAMES[kind]} {place} {n + 1:04d}"
        chosen = rng.sample(
            people.get(community, []), k=min(len(people.get(community, [])), rng.randint(5, 12))
        )
        group_members = [(pk, r, "", "", "") for r in chosen]
        names = set()
        for _ in range(rng.randint(3, 10)):
            name_, sex, band, _v = _non_migrant(rng)
            if name_.lower() not in names:
                names.add(name_.lower())
                group_members.append((pk, None, name_, sex, band))
        rows_members.append((pk, start, group_members))
        groups.append(
            [
                pk,
                name,
                kind,
                community,
                leads[country],
                currency,
                start,
                end,
                "active",
                "",
                recorders[country],
                _at(start),
                _at(start),
            ]
        )
        info[pk] = (community, name, start, kind, unit, end, country)
    # Members get their ids before the books, which name them.
    member_first = reserve_ids(GroupMember, sum(len(m) for _, _, m in rows_members))
    member_id = member_first
    books = []
    for pk, start, group_members in rows_members:
        ids = []
        for row in group_members:
            members.append((member_id, *row, start, None, _at(start), _at(start)))
            ids.append(member_id)
            member_id += 1
        community, name, start, kind, unit, end, country = info[pk]
        book, shared_out = _books(rng, ids, start, end, today, unit, kind == "group_microcredit")
        if shared_out:
            groups[pk - group_first][8] = "shared_out"
        books.append((pk, book, recorders[country]))
    ledger_first = reserve_ids(LedgerEntry, sum(len(b) for _, b, _ in books))
    entry_id = ledger_first
    for pk, book, recorder in books:
        loan_ids = {e[10]: entry_id + k for k, e in enumerate(book) if e[10] is not None}
        for sequence, entry in enumerate(book, 1):
            kind, day, member, amount, interest, loan, due, purpose, note, backers, _ = entry
            entries.append(
                (
                    entry_id,
                    pk,
                    sequence,
                    kind,
                    day,
                    member,
                    Decimal(amount),
                    Decimal(interest),
                    None if loan is None else loan_ids[loan],
                    due,
                    purpose,
                    None,
                    note,
                    recorder,
                    _at(day),
                )
            )
            guarantees += [(entry_id, g) for g in backers]
            entry_id += 1
    copy_rows(
        FinancialGroup,
        (
            "id name kind community organization currency cycle_start cycle_end status notes "
            "created_by created_at updated_at"
        ),
        groups,
    )
    progress.done("financial groups", count)
    progress.done(
        "financial group members",
        copy_rows(
            GroupMember,
            "id group returnee name sex age_band joined_on left_on created_at updated_at",
            members,
        ),
    )
    progress.done(
        "ledger entries",
        copy_rows(
            LedgerEntry,
            (
                "id group sequence kind date member amount interest loan due_date purpose corrects "
                "note recorded_by recorded_at"
            ),
            entries,
        ),
    )
    progress.done("loan guarantors", copy_rows(LoanGuarantor, ["loan", "member"], guarantees))

    pool = referral_pool([c[0] for c in communities], today)
    by_community: dict[int, list] = {}
    for person in pool:
        by_community.setdefault(person.community_id, []).append(person)
    candidates = [pk for pk, value in info.items() if by_community.get(value[0])]
    specs = []
    for _ in range(scaled(GROUP_REFERRALS, scale) if candidates else 0):
        group = rng.choice(candidates)
        community, name, start, *_rest = info[group]
        person = rng.choice(by_community[community])
        specs.append(
            (
                person,
                group,
                name,
                person.organization_id,
                None,
                "Wants to save with others (demo).",
                start,
            )
        )
    write_referrals(
        rng,
        specs,
        content_type_id=ContentType.objects.get_for_model(FinancialGroup).pk,
        today=today,
        progress=progress,
        label="referrals to financial groups",
    )
    return [f"Large dataset: {count:,} financial groups, {len(entries):,} ledger entries."]
