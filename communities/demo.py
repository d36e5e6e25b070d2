"""Invented but plausible demo communities (no real people), added by ``seed_demo``."""

import datetime
import random

from django.db import transaction

from communities import services
from communities.models import (
    Community,
    LivelihoodOpportunity,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
)

# name, country, admin1, admin2, pcode, lat, lon, population, area type
DEMO_COMMUNITIES = [
    ("Kaloum", "GIN", "Conakry", "Kaloum", "GN0101", "9.5092", "-13.7122", 62000, "urban"),
    ("Ratoma Centre", "GIN", "Conakry", "Ratoma", "GN0102", "9.5870", "-13.6470", 85000, "urban"),
    ("Kankan Ville", "GIN", "Kankan", "Kankan", "GN0601", "10.3854", "-9.3057", 48000, "urban"),
    ("Siguiri", "GIN", "Kankan", "Siguiri", "GN0605", "11.4190", "-9.1700", 31000, "peri_urban"),
    ("Labé Centre", "GIN", "Labé", "Labé", "GN0501", "11.3180", "-12.2830", 40000, "urban"),
    (
        "Tambacounda",
        "SEN",
        "Tambacounda",
        "Tambacounda",
        "SN0801",
        "13.7700",
        "-13.6670",
        37000,
        "urban",
    ),
    ("Kolda", "SEN", "Kolda", "Kolda", "SN0701", "12.8940", "-14.9410", 29000, "peri_urban"),
    ("Thiaroye-sur-Mer", "SEN", "Dakar", "Pikine", "SN0103", "14.7510", "-17.3800", 52000, "urban"),
    ("Benin City East", "NGA", "Edo", "Oredo", "NG1201", "6.3350", "5.6270", 91000, "urban"),
    ("Uromi", "NGA", "Edo", "Esan North-East", "NG1207", "6.7000", "6.3330", 26000, "rural"),
    ("Sabon Gari", "NGA", "Kano", "Fagge", "NG2011", "12.0000", "8.5200", 74000, "urban"),
    ("Agadez Nord", "NER", "Agadez", "Agadez", "NE0101", "16.9730", "7.9910", 33000, "peri_urban"),
]

STAKEHOLDERS = [
    ("Commune council", Stakeholder.Kind.LOCAL_AUTHORITY, False, "Land allocation, civil registry"),
    ("Women traders' association", Stakeholder.Kind.WOMENS_ASSOCIATION, True, "Savings groups"),
    (
        "Youth sports club",
        Stakeholder.Kind.YOUTH_ORGANIZATION,
        True,
        "Football and peer activities",
    ),
    ("Imam of the central mosque", Stakeholder.Kind.RELIGIOUS_LEADER, False, "Mediation"),
    ("Returnee support NGO", Stakeholder.Kind.NGO, True, "Counselling and referrals"),
]

SERVICES = [
    (
        "District health centre",
        Service.Sector.HEALTH,
        "60 patients a day",
        "Consultation fee",
        ["cost"],
    ),
    (
        "Vocational training centre",
        Service.Sector.EDUCATION,
        "120 trainees a year",
        "Free",
        ["distance"],
    ),
    (
        "Legal aid clinic",
        Service.Sector.JUSTICE,
        "15 cases a week",
        "Free",
        ["documentation", "language"],
    ),
    (
        "Social housing office",
        Service.Sector.HOUSING,
        "10 families a month",
        "Subsidised",
        ["discrimination"],
    ),
    ("Community water point", Service.Sector.INFRASTRUCTURE, "300 households", "Small fee", []),
]

OPPORTUNITIES = [
    ("C-TAILORING", LivelihoodOpportunity.Kind.SELF_EMPLOYMENT, "high"),
    ("A-LIVESTOCK", LivelihoodOpportunity.Kind.INCOME_GENERATION, "medium"),
    ("F-MASONRY", LivelihoodOpportunity.Kind.EMPLOYMENT, "high"),
    ("S-PHONE-REPAIR", LivelihoodOpportunity.Kind.SELF_EMPLOYMENT, "medium"),
    ("E-RECYCLING", LivelihoodOpportunity.Kind.INCOME_GENERATION, "high"),
]

FINDINGS = {
    1: "Serious gaps reported by every focus group.",
    2: "Gaps reported, especially by women and recent returnees.",
    3: "Mixed picture across neighbourhoods.",
    4: "Generally available; some groups face barriers.",
    5: "A clear strength of the community.",
}


def _entries(rng: random.Random, codes: list[str]) -> dict:
    entries = {}
    for code in codes:
        rating = rng.choice([None, 1, 2, 3, 3, 4, 4, 5])
        entries[code] = {
            "rating": rating,
            "finding": FINDINGS[rating] if rating else "",
            "methods": rng.sample(["desk_review", "focus_group", "key_informant"], k=2)
            if rating
            else [],
            "varies_by": rng.sample(["gender", "age", "disability"], k=1) if rating else [],
        }
    return entries


@transaction.atomic
def seed_communities(**kwargs) -> list[str]:
    """Communities with two profiles each (some overdue), stakeholders, services and
    opportunities. A community that already exists is left as it is."""
    rng = random.Random(20261123)  # noqa: S311 -- deterministic demo data, not security
    codes = list(ProfileIndicator.objects.values_list("code", flat=True))
    sectors = {s.code: s for s in Sector.objects.all()}
    today = datetime.date.today()
    created = 0
    for index, (name, country, admin1, admin2, pcode, lat, lon, population, area) in enumerate(
        DEMO_COMMUNITIES
    ):
        if Community.objects.filter(country=country, pcode=pcode).exists():
            continue
        community = services.community_create(
            actor=None,
            name=name,
            country=country,
            admin1=admin1,
            admin2=admin2,
            pcode=pcode,
            latitude=lat,
            longitude=lon,
            population_estimate=population,
            area_type=area,
        )
        # Every third community's latest profile is overdue for review.
        latest = today - datetime.timedelta(days=400 if index % 3 == 0 else 60 + index)
        for profile_date in (latest - datetime.timedelta(days=365), latest):
            services.profile_create(
                actor=None,
                community=community,
                profile_date=profile_date,
                assessors="Demo field team",
                entries=_entries(rng, codes),
                status="final",
            )
        for label, kind, civil, role in STAKEHOLDERS:
            services.stakeholder_create(
                actor=None,
                community=community,
                name=f"{label}, {name}",
                kind=kind,
                is_civil_society=civil,
                role_in_reintegration=role,
            )
        providers = list(community.stakeholders.order_by("name"))
        for (label, sector, capacity, cost, barriers), provider in zip(
            SERVICES, providers, strict=True
        ):
            services.service_create(
                actor=None,
                community=community,
                name=label,
                sector=sector,
                provider=provider,
                capacity=capacity,
                cost=cost,
                barriers=barriers,
            )
        for code, kind, growth in rng.sample(OPPORTUNITIES, k=3):
            services.opportunity_create(
                actor=None,
                community=community,
                sector=sectors[code],
                kind=kind,
                growth_potential=growth,
                source="Labour market assessment (demo)",
                source_date=today - datetime.timedelta(days=120),
            )
        created += 1
    total = Community.objects.count()
    return [f"Communities: {created} created, {total} in all."]
