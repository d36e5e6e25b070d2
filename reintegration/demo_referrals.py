"""Referrals with realistic status histories for the large demo dataset, written in bulk.

Used by this app for referrals to services and by the higher apps for referrals to their own
targets (projects, financial groups, peer groups, mentors), so every referral follows the
same path: proposed -> accepted | declined -> in progress -> completed | dropped (DESIGN.md,
Referrals), each change a ``ReferralStatusChange`` with who and when.
"""

import datetime
import random
from dataclasses import dataclass

from accounts.bulk import copy_rows, reserve_ids
from reintegration.models import Consent, Referral, ReferralStatusChange

S = Referral.Status
DECLINE_REASONS = [
    "No places left this cycle.",
    "Outside the service's catchment area.",
    "The returnee did not meet the eligibility criteria.",
]
OUTCOMES = [
    "Service received as planned.",
    "Completed; the returnee reports the need is met.",
    "Completed with a follow-up visit.",
]
DROP_NOTES = ["The returnee moved away.", "Lost contact with the returnee.", "Returnee withdrew."]


@dataclass(frozen=True)
class Pool:
    """A returnee who may be referred: case-management consent between ``start`` and ``end``."""

    pk: int
    community_id: int
    organization_id: int
    case_manager_id: int
    start: datetime.date
    end: datetime.date
    shared_with: frozenset[int]


@dataclass(frozen=True)
class Written:
    pk: int
    returnee_id: int
    target_id: int
    status: str
    accepted_on: datetime.date | None


def referral_pool(community_ids, today: datetime.date) -> list[Pool]:
    """The returnees of these communities with case-management consent, in id order."""
    shared: dict[int, set[int]] = {}
    through = Consent.shared_with.through
    for consent_returnee, organization in through.objects.filter(
        consent__returnee__community_id__in=community_ids
    ).values_list("consent__returnee_id", "organization_id"):
        shared.setdefault(consent_returnee, set()).add(organization)
    rows = (
        Consent.objects.filter(returnee__community_id__in=community_ids, case_management=True)
        .order_by("returnee_id")
        .values_list(
            "returnee_id",
            "returnee__community_id",
            "returnee__organization_id",
            "returnee__case_manager_id",
            "given_on",
            "withdrawn_on",
        )
    )
    return [
        Pool(pk, community, org, cm, given, withdrawn or today, frozenset(shared.get(pk, ())))
        for pk, community, org, cm, given, withdrawn in rows
    ]


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=datetime.UTC
    )


def _history(rng: random.Random, start: datetime.date, end: datetime.date):
    """The statuses a referral went through, each with its day, none after ``end``."""
    day = start
    path = [(S.PROPOSED, day)]
    status = S.PROPOSED
    while status in (S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS):
        wait = rng.randint(14, 150) if status == S.IN_PROGRESS else rng.randint(1, 21)
        day = day + datetime.timedelta(days=wait)
        if day > end or rng.random() < 0.07:  # still waiting for the next step
            break
        roll = rng.random()
        if status == S.PROPOSED:
            status = S.DECLINED if roll < 0.12 else S.ACCEPTED
        elif status == S.ACCEPTED:
            status = S.DROPPED if roll < 0.08 else S.IN_PROGRESS
        else:
            status = S.COMPLETED if roll < 0.85 else S.DROPPED
        path.append((status, day))
    return path


def write_referrals(
    rng: random.Random,
    specs: list[tuple],
    *,
    content_type_id: int,
    today: datetime.date,
    progress,
    label: str,
) -> list[Written]:
    """Write one referral per spec ``(pool, target_id, target_label, target_org_id,
    answered_by_id, reason, not_before)`` and its history; the referral day is drawn within
    the consent window, not before ``not_before`` (when the target began). Returns what was
    written, for the target app to enrol the accepted ones."""
    first = reserve_ids(Referral, len(specs))
    referrals, changes, written = [], [], []
    for i, spec in enumerate(specs):
        pool, target_id, target_label, target_org, answered_by, reason, not_before = spec
        pk = first + i
        earliest = max(pool.start, not_before) if not_before else pool.start
        span = max(0, (pool.end - earliest).days)
        start = min(today, earliest + datetime.timedelta(days=int(span * rng.random() ** 0.7)))
        path = _history(rng, start, min(pool.end, today))
        status, last_day = path[-1]
        previous = ""
        stamps = []
        for to_status, day in path:
            at = _at(rng, day)
            stamps.append(at)
            by = pool.case_manager_id
            note = ""
            if to_status in (S.ACCEPTED, S.DECLINED):
                by = answered_by or pool.case_manager_id
            if to_status == S.DROPPED:
                note = rng.choice(DROP_NOTES)
            changes.append((pk, previous, to_status, by, at, note))
            previous = to_status
        is_open = status in Referral.OPEN_STATUSES
        follow_up = last_day + datetime.timedelta(days=rng.randint(7, 45)) if is_open else None
        if follow_up and follow_up < today and i % 5:
            # Case managers move most lapsed follow-ups on: one in five stays overdue.
            follow_up = today + datetime.timedelta(days=i % 30 + 1)
        referrals.append(
            (
                pk,
                pool.pk,
                content_type_id,
                target_id,
                target_label[:250],
                target_org,
                reason,
                pool.case_manager_id,
                status,
                rng.choice(DECLINE_REASONS) if status == S.DECLINED else "",
                rng.choice(OUTCOMES) if status == S.COMPLETED else "",
                follow_up,
                stamps[0],
                stamps[-1],
            )
        )
        accepted = next((day for s, day in path if s == S.ACCEPTED), None)
        written.append(Written(pk, pool.pk, target_id, status, accepted))
    copy_rows(
        Referral,
        [
            "id",
            "returnee",
            "target_type",
            "target_id",
            "target_label",
            "target_organization",
            "reason",
            "referred_by",
            "status",
            "decline_reason",
            "outcome",
            "follow_up_date",
            "created_at",
            "updated_at",
        ],
        referrals,
    )
    progress.done(label, len(referrals))
    copy_rows(
        ReferralStatusChange,
        ["referral", "from_status", "to_status", "changed_by", "changed_at", "note"],
        changes,
    )
    progress.done(f"{label}: status changes", len(changes))
    return written
