"""The large demo dataset's communities (``seed_demo --size large``): 2,000 invented places in
six countries, each in a real first-level administrative area with an OCHA-style P-code
(ISO alpha-2, admin1, admin2, admin3: GN0102003), two dated profiles of the 20 indicators of
handbook 3.2.1, five stakeholders, one service in each of the five sectors of handbook 3.4
(health answered by the country's health partner, justice by its legal-aid network, a third
of the health services by the demo partner NGO) and three livelihood opportunities."""

import datetime
import random

from django.utils import timezone

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo import DEMO_ORGANIZATIONS
from accounts.demo_large import COUNTRIES, organizations_by_name, partner_names
from communities.demo import FINDINGS, SERVICES, STAKEHOLDERS
from communities.models import (
    Community,
    CommunityProfile,
    DataCollectionMethod,
    Disaggregation,
    LivelihoodOpportunity,
    ProfileEntry,
    ProfileIndicator,
    Sector,
    Service,
    Stakeholder,
    default_review_date,
)

COMMUNITIES = 2_000
# Share of communities per country (a programme centred on Guinea and its neighbours).
COUNTRY_WEIGHTS = {"GIN": 30, "SEN": 20, "NGA": 20, "MLI": 14, "NER": 10, "GMB": 6}
# ISO alpha-2 for the P-codes, and first-level areas with a rough centre (lat, lon).
ADMIN1 = {
    "GIN": (
        "GN",
        [
            ("Conakry", 9.54, -13.68),
            ("Kindia", 10.06, -12.86),
            ("Boké", 10.94, -14.29),
            ("Labé", 11.32, -12.28),
            ("Mamou", 10.38, -12.09),
            ("Faranah", 10.04, -10.74),
            ("Kankan", 10.39, -9.31),
            ("Nzérékoré", 7.75, -8.82),
        ],
    ),
    "SEN": (
        "SN",
        [
            ("Dakar", 14.72, -17.45),
            ("Thiès", 14.79, -16.93),
            ("Diourbel", 14.65, -16.23),
            ("Kaolack", 14.15, -16.07),
            ("Tambacounda", 13.77, -13.67),
            ("Kolda", 12.89, -14.94),
            ("Ziguinchor", 12.56, -16.27),
            ("Louga", 15.62, -16.22),
        ],
    ),
    "NGA": (
        "NG",
        [
            ("Edo", 6.34, 5.63),
            ("Delta", 5.53, 5.90),
            ("Lagos", 6.52, 3.38),
            ("Kano", 12.00, 8.52),
            ("Ogun", 7.16, 3.35),
            ("Imo", 5.49, 7.03),
        ],
    ),
    "MLI": (
        "ML",
        [
            ("Kayes", 14.45, -11.44),
            ("Koulikoro", 12.86, -7.56),
            ("Sikasso", 11.32, -5.67),
            ("Ségou", 13.43, -6.26),
            ("Bamako", 12.64, -8.00),
        ],
    ),
    "NER": (
        "NE",
        [
            ("Agadez", 16.97, 7.99),
            ("Zinder", 13.80, 8.99),
            ("Maradi", 13.50, 7.10),
            ("Niamey", 13.51, 2.11),
            ("Tahoua", 14.89, 5.27),
        ],
    ),
    "GMB": (
        "GM",
        [
            ("Banjul", 13.45, -16.58),
            ("Kanifing", 13.44, -16.67),
            ("Brikama", 13.27, -16.65),
            ("Basse", 13.31, -14.22),
        ],
    ),
}
ADMIN2_PER_ADMIN1 = 6
SYLLABLES = [
    "ka",
    "lo",
    "ma",
    "ba",
    "ti",
    "ko",
    "so",
    "di",
    "ga",
    "ra",
    "ne",
    "fa",
    "sa",
    "kou",
    "bou",
    "dia",
    "tou",
    "mo",
    "ya",
    "la",
    "sé",
    "kan",
    "do",
    "wa",
]
PLACE_SUFFIXES = ["", "", "", " Centre", " Nord", " Sud", " Plateau", " Marché", " Gare"]
OPPORTUNITY_TRADES = [
    "C-TAILORING",
    "A-LIVESTOCK",
    "A-CROPS",
    "F-MASONRY",
    "S-PHONE-REPAIR",
    "E-RECYCLING",
    "G-MARKET",
    "I-RESTAURANT",
    "C-FOOD",
    "G-VEHICLE-REPAIR",
]
METHODS = [
    DataCollectionMethod.DESK_REVIEW,
    DataCollectionMethod.FOCUS_GROUP,
    DataCollectionMethod.KEY_INFORMANT,
    DataCollectionMethod.COMMUNITY_CONSULTATION,
]
VARIES_BY = [
    Disaggregation.GENDER,
    Disaggregation.AGE,
    Disaggregation.DISABILITY,
    Disaggregation.ETHNICITY,
]


def large_communities():
    """The large dataset's communities: the only ones with admin3-level P-codes."""
    return Community.objects.filter(pcode__regex=r"^[A-Z]{2}[0-9]{7}$")


def _place_name(rng: random.Random) -> str:
    root = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return root.capitalize() + rng.choice(PLACE_SUFFIXES)


def _stamp(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def seed_communities_large(*, seed: int, scale: float, today: datetime.date, progress, **kwargs):
    rng = random.Random(seed * 1_000 + 2)  # noqa: S311 -- deterministic demo data
    count = scaled(COMMUNITIES, scale)
    now = timezone.now()
    taken = {
        (c, a1.lower(), a2.lower(), n.lower())
        for c, a1, a2, n in Community.objects.values_list("country", "admin1", "admin2", "name")
    }
    countries = list(COUNTRY_WEIGHTS)
    places = []  # country, admin1, admin2, pcode, name, lat, lon, population, area type
    admin3 = {}
    for index in range(count):
        # Round robin over a weighted wheel: every country appears from the first ones.
        country = (
            countries[index % len(countries)]
            if index < len(countries)
            else rng.choices(countries, weights=list(COUNTRY_WEIGHTS.values()))[0]
        )
        iso2, areas = ADMIN1[country]
        a1 = rng.randrange(len(areas))
        admin1, lat, lon = areas[a1]
        a2 = rng.randrange(ADMIN2_PER_ADMIN1)
        admin2 = f"{admin1} {['Centre', 'Nord', 'Sud', 'Est', 'Ouest', 'Rural'][a2]}"
        n3 = admin3[(country, a1, a2)] = admin3.get((country, a1, a2), 0) + 1
        pcode = f"{iso2}{a1 + 1:02d}{a2 + 1:02d}{n3:03d}"
        name = _place_name(rng)
        while (country, admin1.lower(), admin2.lower(), name.lower()) in taken:
            name = _place_name(rng)
        taken.add((country, admin1.lower(), admin2.lower(), name.lower()))
        area = rng.choices(["urban", "peri_urban", "rural"], weights=[3, 3, 4])[0]
        population = int(rng.lognormvariate(9.5, 0.9)) + 500
        places.append(
            (
                country,
                admin1,
                admin2,
                pcode,
                name,
                round(lat + rng.uniform(-0.6, 0.6), 6),
                round(lon + rng.uniform(-0.6, 0.6), 6),
                population,
                area,
            )
        )
    first = reserve_ids(Community, count)
    copy_rows(
        Community,
        (
            "id country admin1 admin2 pcode name latitude longitude population_estimate area_type "
            "notes created_at updated_at"
        ),
        ((first + i, *p, "", now, now) for i, p in enumerate(places)),
    )
    progress.done("communities", count)
    community_ids = range(first, first + count)

    # Two profiles a year apart; a third of the latest ones overdue for review.
    indicators = list(ProfileIndicator.objects.order_by("order").values_list("pk", flat=True))
    profiles, entries = [], []
    profile_first = reserve_ids(CommunityProfile, 2 * count)
    for i, community in enumerate(community_ids):
        latest = today - datetime.timedelta(
            days=rng.randint(400, 700) if i % 3 == 0 else rng.randint(10, 330)
        )
        for k, day in enumerate((latest - datetime.timedelta(days=365), latest)):
            pk = profile_first + 2 * i + k
            profiles.append(
                (
                    pk,
                    community,
                    day,
                    "Field team (demo)",
                    "final",
                    default_review_date(day),
                    "",
                    _stamp(day),
                    _stamp(day),
                )
            )
            for indicator in indicators:
                rating = rng.choice([None, 1, 2, 3, 3, 4, 4, 5])
                entries.append(
                    (
                        pk,
                        indicator,
                        rating,
                        FINDINGS[rating] if rating else "",
                        rng.sample(METHODS, k=2) if rating else [],
                        rng.sample(VARIES_BY, k=rng.randint(0, 2)) if rating else [],
                        "",
                    )
                )
    copy_rows(
        CommunityProfile,
        (
            "id community profile_date assessors status next_review_date summary created_at "
            "updated_at"
        ),
        profiles,
    )
    progress.done("community profiles", len(profiles))
    progress.done(
        "profile entries",
        copy_rows(
            ProfileEntry,
            "profile indicator rating finding methods varies_by disaggregation_notes",
            entries,
        ),
    )

    stakeholder_first = reserve_ids(Stakeholder, len(STAKEHOLDERS) * count)
    copy_rows(
        Stakeholder,
        (
            "id community name kind is_civil_society role_in_reintegration influence contact "
            "is_active created_at updated_at"
        ),
        (
            (
                stakeholder_first + i * len(STAKEHOLDERS) + k,
                community,
                f"{label}, {places[i][4]}",
                kind,
                civil,
                role,
                "medium",
                "",
                True,
                now,
                now,
            )
            for i, community in enumerate(community_ids)
            for k, (label, kind, civil, role) in enumerate(STAKEHOLDERS)
        ),
    )
    progress.done("stakeholders", len(STAKEHOLDERS) * count)

    orgs = organizations_by_name()
    demo_partner = orgs[DEMO_ORGANIZATIONS["partner"][0]].pk
    services = []
    for i, community in enumerate(community_ids):
        health, legal = (orgs[n].pk for n in partner_names(places[i][0]))
        for k, (label, sector, capacity, cost, barriers) in enumerate(SERVICES):
            organization = None
            if sector == Service.Sector.HEALTH:
                organization = demo_partner if i % 3 == 0 else health
            elif sector == Service.Sector.JUSTICE:
                organization = legal
            services.append(
                (
                    community,
                    label,
                    sector,
                    stakeholder_first + i * len(STAKEHOLDERS) + k,
                    organization,
                    capacity,
                    cost,
                    barriers,
                    "",
                    True,
                    now,
                    now,
                )
            )
    progress.done(
        "services",
        copy_rows(
            Service,
            (
                "community name sector provider organization capacity cost barriers notes "
                "is_active created_at updated_at"
            ),
            services,
        ),
    )

    sectors = dict(Sector.objects.filter(code__in=OPPORTUNITY_TRADES).values_list("code", "pk"))
    kinds = list(LivelihoodOpportunity.Kind.values)
    progress.done(
        "livelihood opportunities",
        copy_rows(
            LivelihoodOpportunity,
            (
                "community sector kind growth_potential description source source_date created_at "
                "updated_at"
            ),
            (
                (
                    community,
                    sectors[code],
                    rng.choice(kinds),
                    rng.choice(["low", "medium", "high"]),
                    "",
                    "Labour market assessment (demo)",
                    today - datetime.timedelta(days=rng.randint(30, 700)),
                    now,
                    now,
                )
                for community in community_ids
                for code in rng.sample(OPPORTUNITY_TRADES, k=3)
            ),
        ),
    )
    return [f"Large dataset: {count:,} communities in {len(COUNTRIES)} countries."]
