"""What the list, partner API and search scenarios add to community_dataset.py: a partner
organization with referrals and consent naming it, needs, and case statuses to filter on.

Deterministic (``random.Random(seed + 2)`` and statuses derived from ids in SQL), bulk inserts.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import Organization, User
from benchmarks import common
from benchmarks.community_dataset import _bulk
from communities.models import Service
from reintegration.models import Consent, Referral, Returnee, ReturneeNeed

MARKER_TABLE = "benchmark_api_extras"
PARTNER_NAME = "Benchmark partner organization"
# One returnee in PARTNER_EVERY is referred to the partner with consent naming it:
# 25,000 of 200,000, so a partner pages through 250 pages of 100.
PARTNER_EVERY = 8
STATUSES = ["proposed", "accepted", "declined", "in_progress", "completed", "dropped"]
SYLLABLES = [
    "ba",
    "bo",
    "ka",
    "ke",
    "ko",
    "da",
    "di",
    "dou",
    "fa",
    "fo",
    "ga",
    "gui",
    "ha",
    "ja",
    "ki",
    "la",
    "lo",
    "ma",
    "mou",
    "na",
    "ni",
    "no",
    "ra",
    "sa",
    "se",
    "si",
    "ta",
    "to",
    "tou",
    "wa",
    "ya",
]
NEED_LEVELS = [level for level, _ in ReturneeNeed.Level.choices]


def read_marker() -> bool:
    return common.table_exists(MARKER_TABLE)


_sql = common.run_sql


def build(*, seed: int, today: datetime.date) -> dict:
    rng = random.Random(seed + 2)  # noqa: S311 - reproducible test data, not secrets
    with transaction.atomic():
        # Case statuses to filter on: 60% active, 30% open, 10% closed (with its reason).
        _sql(
            "UPDATE reintegration_returnee SET status = CASE WHEN id %% 10 < 6 THEN 'active' "
            "WHEN id %% 10 < 9 THEN 'open' ELSE 'closed' END, "
            "closure_reason = CASE WHEN id %% 10 = 9 THEN 'Reintegration plan completed' "
            "ELSE '' END, "
            "closed_on = CASE WHEN id %% 10 = 9 THEN LEAST(%s, return_date + 180) END",
            [today],
        )
        # Family names from three of 31 syllables (29,791 of them, about 7 returnees each)
        # instead of community_dataset's 15: a name search finds a handful of records, as
        # in a real registry, not one in fifteen.
        _sql(
            "UPDATE reintegration_returnee SET last_name = initcap(s[1 + id %% 31] "
            "|| s[1 + (id / 31) %% 31] || s[1 + (id / 961) %% 31]), "
            "name_normalized = split_part(name_normalized, ' ', 1) || ' ' "
            "|| s[1 + id %% 31] || s[1 + (id / 31) %% 31] || s[1 + (id / 961) %% 31] "
            "FROM (SELECT %s::text[] AS s) syllables",
            [SYLLABLES],
        )
        partner = Organization.objects.create(
            name=PARTNER_NAME, kind=Organization.Kind.IMPLEMENTING_PARTNER, country="GIN"
        )
        services: dict[int, list[Service]] = {}
        for service in Service.objects.order_by("pk").only("pk", "name", "community_id"):
            services.setdefault(service.community_id, []).append(service)
        fallback = Service.objects.order_by("pk").only("pk", "name").first()
        service_type = ContentType.objects.get_for_model(Service)
        recorder = User.objects.filter(username="bench-case-manager-00").get()
        consents, referrals, needs = [], [], []
        rows = Returnee.objects.order_by("pk").values_list(
            "pk", "community_id", "case_manager_id", "return_date"
        )
        for returnee_id, community_id, manager_id, return_date in rows.iterator(chunk_size=5000):
            if rng.random() < 0.3:
                for level in rng.sample(NEED_LEVELS, rng.choice([1, 1, 2, 3])):
                    needs.append(
                        ReturneeNeed(
                            returnee_id=returnee_id,
                            level=level,
                            description="Benchmark need",
                            priority=rng.choice(ReturneeNeed.Priority.values),
                        )
                    )
            if returnee_id % PARTNER_EVERY:
                continue
            consents.append(
                Consent(returnee_id=returnee_id, given_on=return_date, recorded_by=recorder)
            )
            service = rng.choice(services.get(community_id) or [fallback])
            status = rng.choice(STATUSES)
            referrals.append(
                Referral(
                    returnee_id=returnee_id,
                    target_type=service_type,
                    target_id=service.pk,
                    target_label=service.name,
                    target_organization=partner,
                    reason="Benchmark referral to the partner",
                    referred_by_id=manager_id,
                    status=status,
                    decline_reason="No capacity" if status == "declined" else "",
                )
            )
        consents = _bulk(Consent, consents, "consents")
        through = Consent.shared_with.through
        _bulk(
            through,
            [through(consent_id=c.pk, organization_id=partner.pk) for c in consents],
            "consents naming the partner",
        )
        _bulk(Referral, referrals, "referrals to the partner")
        _bulk(ReturneeNeed, needs, "needs")
        _sql(f"CREATE TABLE {MARKER_TABLE} (built_on date)")
    return {"partner returnees": len(consents), "needs": len(needs)}
