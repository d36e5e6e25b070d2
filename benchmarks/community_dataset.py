"""A deterministic dataset of communities and returnees for the scoring benchmark.

Built with bulk operations from ``random.Random(seed)``: the same seed, sizes and reference
date give the same rows. Profile indicators and sectors come from the data migrations, as in
a deployment. Sizes are skewed on purpose (a few large communities, some with no returnee,
no livelihood opportunity or no final profile) so every provider meets its unknown cases.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import Organization, User
from benchmarks.common import Progress
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileEntry,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
)
from reintegration.models import Returnee, ReturneeSkill, Sex, SkillLevel
from reintegration.names import normalize_name

BATCH = 5_000
COUNTRIES = ["GIN", "SEN", "MLI", "NER", "GMB", "CIV", "NGA", "ETH"]
FIRST_NAMES = [
    "Aïssatou",
    "Mamadou",
    "Fatoumata",
    "Ibrahima",
    "Mariama",
    "Ousmane",
    "Kadiatou",
    "Abdoulaye",
    "Hawa",
    "Sékou",
    "Binta",
    "Alpha",
    "Néné",
    "Lamine",
    "Djénabou",
]
LAST_NAMES = [
    "Diallo",
    "Bah",
    "Camara",
    "Sow",
    "Barry",
    "Touré",
    "Condé",
    "Keïta",
    "Sylla",
    "Cissé",
    "Konaté",
    "Traoré",
    "Baldé",
    "Kouyaté",
    "Doumbouya",
]
MARKER_TABLE = "benchmark_dataset"


def _batched(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model, objects, label):
    """bulk_create in batches of 5,000 with a progress line; returns the saved objects."""
    progress = Progress(label, len(objects))
    saved = []
    for batch in _batched(objects):
        saved.extend(model.objects.bulk_create(batch))
        progress.update(len(saved))
    progress.finish()
    return saved


def read_marker() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT communities, returnees, seed, built_on FROM {MARKER_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    return dict(zip(["communities", "returnees", "seed", "built_on"], row, strict=True))


def _write_marker(communities: int, returnees: int, seed: int, today: datetime.date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (communities int, returnees int, seed int, built_on date)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s)",  # noqa: S608
            [communities, returnees, seed, today],
        )


def _communities(rng, count):
    objects = [
        Community(
            name=f"Community {n:05d}",
            country=COUNTRIES[n % len(COUNTRIES)],
            admin1=f"Region {n % 37:02d}",
            admin2=f"Prefecture {n % 211:03d}",
            pcode=f"BX{n:06d}",
            population_estimate=rng.randrange(500, 60_000),
            area_type=rng.choice(Community.AreaType.values),
        )
        for n in range(count)
    ]
    return _bulk(Community, objects, "communities")


def _profiles(rng, communities, today, recorder):
    indicators = list(ProfileIndicator.objects.order_by("order"))
    profiles = []
    for community in communities:
        if rng.random() < 0.03:
            dates = []  # no final profile: criteria 4 and 6 are unknown
        else:
            dates = [today - datetime.timedelta(days=rng.randrange(20, 700))]
            if rng.random() < 0.3:  # an older final profile the newer one supersedes
                dates.append(dates[0] - datetime.timedelta(days=rng.randrange(100, 700)))
        statuses = [CommunityProfile.Status.FINAL] * len(dates)
        if rng.random() < 0.15 or not dates:  # a newer draft, never the one scored
            dates.append(today - datetime.timedelta(days=rng.randrange(0, 20)))
            statuses.append(CommunityProfile.Status.DRAFT)
        for day, status in zip(dates, statuses, strict=True):
            profiles.append(
                CommunityProfile(
                    community=community,
                    profile_date=day,
                    assessors="Benchmark team",
                    status=status,
                    next_review_date=day + datetime.timedelta(days=365),
                    recorded_by=recorder,
                )
            )
    profiles = _bulk(CommunityProfile, profiles, "community profiles")
    entries = [
        ProfileEntry(
            profile=profile,
            indicator=indicator,
            rating=None if rng.random() < 0.08 else rng.randint(1, 5),
            methods=["key_informant"],
        )
        for profile in profiles
        for indicator in indicators
    ]
    _bulk(ProfileEntry, entries, "profile entries (20 per profile)")


def _resources(rng, communities, sectors):
    trades = [s for s in sectors if s.parent_id]
    sections = [s for s in sectors if not s.parent_id]
    opportunities, stakeholders, services = [], [], []
    opportunity_sectors = {}
    for community in communities:
        chosen = set()
        for _ in range(rng.choice([0, 0, 1, 1, 2, 2, 3, 4])):
            chosen.add(rng.choice(trades) if rng.random() < 0.8 else rng.choice(sections))
        opportunity_sectors[community.pk] = chosen
        for sector in sorted(chosen, key=lambda s: s.pk):
            opportunities.append(
                LivelihoodOpportunity(
                    community=community,
                    sector=sector,
                    kind=rng.choice(LivelihoodOpportunity.Kind.values),
                    growth_potential=rng.choice(LivelihoodOpportunity.GrowthPotential.values),
                    source="Benchmark labour market assessment",
                )
            )
        for n in range(rng.randrange(0, 8)):
            stakeholders.append(
                Stakeholder(
                    community=community,
                    name=f"Stakeholder {n}",
                    kind=rng.choice(Stakeholder.Kind.values),
                    is_civil_society=rng.random() < 0.5,
                    is_active=rng.random() < 0.85,
                )
            )
        for sector in Service.Sector.values:
            for n in range(rng.choice([0, 0, 1, 1, 2])):
                services.append(
                    Service(
                        community=community,
                        name=f"{sector.title()} service {n}",
                        sector=sector,
                        is_active=rng.random() < 0.9,
                    )
                )
    _bulk(LivelihoodOpportunity, opportunities, "livelihood opportunities")
    _bulk(Stakeholder, stakeholders, "stakeholders")
    _bulk(Service, services, "services (five sectors)")
    return opportunity_sectors


def _returnees(rng, communities, count, today, organization, managers):
    # Skewed sizes: a lognormal weight per community, and about 5% with no returnee at all.
    weights = [0.0 if rng.random() < 0.05 else rng.lognormvariate(0, 1.0) for _ in communities]
    assigned = rng.choices(communities, weights=weights, k=count)
    interest = [True, True, True, False, False, None]  # mixed, unknown included
    objects = []
    for n, community in enumerate(assigned):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return_date = today - datetime.timedelta(days=rng.randrange(0, 730))  # 24 months
        known_birth = rng.random() < 0.9
        objects.append(
            Returnee(
                reference=f"BENCH-{n:08d}",
                organization=organization,
                first_name=first,
                last_name=last,
                name_normalized=normalize_name(first, last),
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                date_of_birth=(
                    datetime.date(rng.randrange(1960, 2006), rng.randrange(1, 13), 1)
                    if known_birth
                    else None
                ),
                estimated_age=None if known_birth else rng.randrange(18, 60),
                nationality=community.country,
                community=community,
                return_date=return_date,
                return_kind=rng.choice(Returnee.ReturnKind.values),
                interested_in_collective_projects=rng.choice(interest),
                case_manager=managers[n % len(managers)],
                registered_by=managers[n % len(managers)],
            )
        )
    return _bulk(Returnee, objects, "returnees")


def _skills(rng, returnees, sectors, opportunity_sectors):
    trades = [s for s in sectors if s.parent_id]
    by_section = {}
    for trade in trades:
        by_section.setdefault(trade.parent_id, []).append(trade)
    levels = [SkillLevel.BASIC] * 5 + [SkillLevel.INTERMEDIATE] * 4 + [SkillLevel.ADVANCED]
    skills = []
    for returnee in returnees:
        wanted = rng.choice([0, 0, 0, 1, 1, 1, 1, 2, 2, 3])  # 1.1 a returnee on average
        local = sorted(opportunity_sectors[returnee.community_id], key=lambda s: s.pk)
        chosen = set()
        for _ in range(wanted):
            if local and rng.random() < 0.4:  # returnees often bring a locally useful trade
                sector = rng.choice(local)
                if not sector.parent_id and sector.pk in by_section and rng.random() < 0.7:
                    sector = rng.choice(by_section[sector.pk])
            else:
                sector = rng.choice(trades)
            chosen.add(sector)
        for sector in sorted(chosen, key=lambda s: s.pk):
            skills.append(
                ReturneeSkill(
                    returnee=returnee,
                    sector=sector,
                    level=rng.choice(levels),
                    years_experience=rng.randrange(0, 15),
                )
            )
    _bulk(ReturneeSkill, skills, "returnee skills")
    return len(skills)


def build(*, communities: int, returnees: int, seed: int, today: datetime.date) -> dict:
    """Fill the (empty, migrated) benchmark database; returns the row counts."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    sectors = list(Sector.objects.order_by("pk"))
    with transaction.atomic():
        organization = Organization.objects.create(
            name="Benchmark lead organization", kind=Organization.Kind.LEAD, country="GIN"
        )
        managers = User.objects.bulk_create(
            User(
                username=f"bench-case-manager-{n:02d}",
                organization=organization,
                password=make_password(None),
            )
            for n in range(20)
        )
        community_rows = _communities(rng, communities)
        _profiles(rng, community_rows, today, managers[0])
        opportunity_sectors = _resources(rng, community_rows, sectors)
        returnee_rows = _returnees(rng, community_rows, returnees, today, organization, managers)
        skill_count = _skills(rng, returnee_rows, sectors, opportunity_sectors)
        _write_marker(communities, returnees, seed, today)
    return {"communities": communities, "returnees": returnees, "skills": skill_count}
