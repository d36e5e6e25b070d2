"""What the overview benchmark adds to community_dataset.py: referrals with their acceptance,
household members, registration dates, scores and coordinates.

Deterministic (``random.Random(seed + 1)`` and dates derived from ids in SQL), bulk inserts.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from assessments.models import CommunityScore, Instrument
from benchmarks import common
from benchmarks.community_dataset import _bulk
from communities.models import Community, Service
from reintegration.models import HouseholdMember, Referral, ReferralStatusChange, Returnee

MARKER_TABLE = "benchmark_dashboard_extras"
STATUSES = [  # (status, weight): most referrals end completed
    ("proposed", 15),
    ("accepted", 15),
    ("declined", 10),
    ("in_progress", 15),
    ("completed", 35),
    ("dropped", 10),
]
BANDS = ["favourable", "conditional", "unfavourable", "insufficient"]


def read_marker() -> bool:
    return common.table_exists(MARKER_TABLE)


_sql = common.run_sql


def build(*, seed: int, today: datetime.date) -> dict:
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible test data, not secrets
    with transaction.atomic():
        # Coordinates spread over West Africa, from the id (the map places every community).
        _sql(
            "UPDATE communities_community SET latitude = 5 + (id % 1000) / 100.0, "
            "longitude = -17 + (id % 1700) / 100.0"
        )
        # Registered between the return and 60 days later, never in the future.
        _sql(
            "UPDATE reintegration_returnee SET created_at = LEAST(now(), "
            "return_date + (id % 60) * interval '1 day' + interval '9 hours')"
        )
        services: dict[int, list[Service]] = {}
        for service in Service.objects.order_by("pk").only("pk", "name", "community_id"):
            services.setdefault(service.community_id, []).append(service)
        service_type = ContentType.objects.get_for_model(Service)
        weights = [w for _, w in STATUSES]
        referrals, household = [], []
        rows = Returnee.objects.order_by("pk").values_list("pk", "community_id", "case_manager_id")
        for returnee_id, community_id, manager_id in rows.iterator(chunk_size=5000):
            local = services.get(community_id)
            if local and rng.random() < 0.4:
                service = rng.choice(local)
                status = rng.choices([s for s, _ in STATUSES], weights=weights)[0]
                is_open = status in ("proposed", "accepted", "in_progress")
                referrals.append(
                    Referral(
                        returnee_id=returnee_id,
                        target_type=service_type,
                        target_id=service.pk,
                        target_label=service.name,
                        reason="Benchmark referral",
                        referred_by_id=manager_id,
                        status=status,
                        decline_reason="No capacity" if status == "declined" else "",
                        follow_up_date=(
                            today + datetime.timedelta(days=rng.randrange(-30, 30))
                            if is_open
                            else None
                        ),
                    )
                )
            if rng.random() < 0.5:
                for _ in range(rng.choice([1, 1, 2, 2, 3])):
                    age = rng.randrange(0, 18)
                    household.append(
                        HouseholdMember(
                            returnee_id=returnee_id,
                            relationship="child",
                            age=age,
                            sex=rng.choice(["female", "male", ""]),
                            school_enrolled=rng.choice([True, True, False, None])
                            if age >= 6
                            else None,
                        )
                    )
                if rng.random() < 0.3:
                    household.append(
                        HouseholdMember(
                            returnee_id=returnee_id,
                            relationship="spouse",
                            age=rng.randrange(18, 60),
                        )
                    )
        referrals = _bulk(Referral, referrals, "referrals")
        # Made between the return and 60 days later, never in the future.
        _sql(
            "UPDATE reintegration_referral f SET created_at = LEAST(now() - interval '1 hour', "
            "r.return_date + (f.id % 60) * interval '1 day' + interval '10 hours') "
            "FROM reintegration_returnee r WHERE r.id = f.returnee_id"
        )
        accepted = [
            ReferralStatusChange(
                referral=referral,
                from_status="proposed",
                to_status="accepted",
                changed_by_id=referral.referred_by_id,
            )
            for referral in referrals
            if referral.status in ("accepted", "in_progress", "completed", "dropped")
        ]
        _bulk(ReferralStatusChange, accepted, "acceptances")
        # Accepted 0 to 29 days (and some hours) after the referral was made.
        _sql(
            "UPDATE reintegration_referralstatuschange h SET changed_at = f.created_at "
            "+ (h.id % 30) * interval '1 day' + (h.id % 7) * interval '1 hour' "
            "FROM reintegration_referral f WHERE f.id = h.referral_id"
        )
        _bulk(HouseholdMember, household, "household members")
        instrument = Instrument.objects.get(code="altai", is_active=True)
        now = timezone.now()
        scores = []
        for community_id in Community.objects.order_by("pk").values_list("pk", flat=True):
            if rng.random() < 0.1:
                continue  # not scored yet
            for days in (rng.randrange(40, 400), rng.randrange(0, 30)):
                band = rng.choice(BANDS)
                scores.append(
                    CommunityScore(
                        community_id=community_id,
                        instrument=instrument,
                        computed_at=now - datetime.timedelta(days=days),
                        engine_version="bench",
                        score=None if band == "insufficient" else rng.randrange(0, 101),
                        coverage=rng.randrange(40, 101),
                        band=band,
                        criteria=[],
                        unmet=[],
                        inputs_hash=f"bench-{community_id}-{days}",
                    )
                )
        _bulk(CommunityScore, scores, "community scores")
        _sql(f"CREATE TABLE {MARKER_TABLE} (built_on date)")
    return {
        "referrals": len(referrals),
        "acceptances": len(accepted),
        "household members": len(household),
        "scores": len(scores),
    }
