"""The large demo dataset's projects (``seed_demo --size large``): 5,000 projects across the
three approaches of Table 3.3, collective income-generating ones at a step of Table 3.4,
with returnees and non-migrant community members as participants, and 16,000 referrals to
projects, the accepted ones enrolled as members. Financial support groups and their ledgers
are in ``projects/demo_large_finance.py``."""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo_large import COUNTRIES, lead_name, staff
from accounts.models import Organization
from communities.demo_large import large_communities
from communities.models import Sector
from projects.catalogues import LAST_STEP
from projects.demo import IATI_ORG
from projects.models import Participant, Project
from reintegration.demo_referrals import referral_pool, write_referrals
from reintegration.models import Returnee

PROJECTS = 5_000
PROJECT_REFERRALS = 16_000
CURRENCY = {"GIN": "GNF", "SEN": "XOF", "NGA": "NGN", "MLI": "XOF", "NER": "XOF", "GMB": "GMD"}
# Roughly what one US dollar buys, to keep budgets plausible in each currency.
PER_DOLLAR = {"GNF": 8_600, "XOF": 600, "NGN": 1_500, "GMD": 70}
NON_MIGRANT_FIRST = [
    "Aminata",
    "Mamadou",
    "Fatou",
    "Ibrahima",
    "Hadja",
    "Sékou",
    "Grace",
    "Emmanuel",
    "Awa",
    "Moussa",
    "Kadiatou",
    "Ousmane",
    "Mariama",
    "Lamine",
]
NON_MIGRANT_LAST = [
    "Camara",
    "Diallo",
    "Bah",
    "Sow",
    "Ndiaye",
    "Okoro",
    "Traoré",
    "Keïta",
    "Coulibaly",
    "Jallow",
    "Issa",
    "Touré",
]
TRADES = [
    "C-TAILORING",
    "A-LIVESTOCK",
    "A-CROPS",
    "F-MASONRY",
    "S-PHONE-REPAIR",
    "C-FOOD",
    "E-RECYCLING",
    "G-MARKET",
    "C-SOAP",
    "A-FISHING",
]
# approach, kind, weight: which of the handbook's families each approach uses here.
MIX = [
    ("collective_returnees", "collective_income", 30),
    ("collective_returnees", "financial_support", 8),
    ("new_community_project", "local_development", 20),
    ("new_community_project", "social_services", 12),
    ("new_community_project", "psychosocial", 10),
    ("integrate_existing", "local_development", 15),
    ("integrate_existing", "collective_income", 5),
]


def _status(rng, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if start > today:
        return rng.choice(["proposed", "proposed", "selected", "cancelled"])
    if end < today:
        return rng.choices(["completed", "cancelled"], weights=[85, 15])[0]
    return rng.choices(["active", "suspended", "cancelled"], weights=[88, 7, 5])[0]


def _step(rng, status: str) -> int:
    return {
        "proposed": rng.randint(1, 3),
        "selected": rng.randint(4, 5),
        "active": rng.randint(5, LAST_STEP - 1),
        "suspended": rng.randint(5, LAST_STEP - 1),
        "completed": LAST_STEP,
        "cancelled": rng.randint(1, 4),
    }[status]


def _non_migrant(rng) -> tuple[str, str, str, str]:
    sex = rng.choice(["female", "male"])
    band = rng.choices(["18-24", "25-34", "35-44", "45-59", "60+"], weights=[25, 35, 20, 15, 5])[0]
    name = f"{rng.choice(NON_MIGRANT_FIRST)} {rng.choice(NON_MIGRANT_LAST)}"
    return name, sex, band, rng.choices(["none", "vulnerable", "high"], weights=[7, 2, 1])[0]


def seed_projects_large(*, seed: int, scale: float, today: datetime.date, progress, **kwargs):
    rng = random.Random(seed * 1_000 + 5)  # noqa: S311 -- deterministic demo data
    communities = list(large_communities().order_by("pk").values_list("pk", "country", "name"))
    by_country: dict[str, list] = {}
    for community in communities:
        by_country.setdefault(community[1], []).append(community)
    people: dict[int, list[int]] = {}
    for pk, community in (
        Returnee.objects.filter(community_id__in=[c[0] for c in communities])
        .order_by("pk")
        .values_list("pk", "community_id")
    ):
        people.setdefault(community, []).append(pk)
    leads = {c: Organization.objects.get(name=lead_name(c)).pk for c in COUNTRIES}
    managers = {c: staff(c)["pm"][0] for c in COUNTRIES}
    sectors = dict(Sector.objects.filter(code__in=TRADES).values_list("code", "pk"))
    count = scaled(PROJECTS, scale)
    first = reserve_ids(Project, count)
    projects, links, required, participants = [], [], [], []
    info = {}  # project id -> (community id, name, start, status)
    for n in range(count):
        pk = first + n
        community, country, place = rng.choice(communities)
        approach, kind, _ = rng.choices(MIX, weights=[m[2] for m in MIX])[0]
        created = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        start = created + datetime.timedelta(days=rng.randint(20, 150))
        end = start + datetime.timedelta(days=30 * rng.randint(6, 24))
        status = _status(rng, start, end, today)
        trade = rng.choice(TRADES)
        currency = CURRENCY[country]
        budget = Decimal(rng.randint(5, 150) * 1_000 * PER_DOLLAR[currency])
        cofinancing = (budget * Decimal(rng.choice([0, 0, 5, 10, 20])) / 100).quantize(Decimal(1))
        label = {
            "collective_income": f"{trade.split('-', 1)[1].title()} cooperative",
            "financial_support": "Savings and credit support",
            "local_development": "Market garden and irrigation",
            "social_services": "Health post rehabilitation",
            "psychosocial": "Community theatre and sport",
        }[kind]
        name = f"{label}, {place} ({n + 1:05d})"
        projects.append(
            (
                pk,
                name,
                approach,
                kind,
                sectors[trade] if kind == "collective_income" else None,
                "",
                rng.choice(["community_members", "returnees", "organization", "third_party"]),
                leads[country],
                "",
                "",
                "",
                "",
                currency,
                budget,
                cofinancing,
                Decimal(0),
                start,
                end,
                status,
                IATI_ORG,
                f"LRG-{n + 1:05d}",
                _step(rng, status) if kind == "collective_income" else None,
                None,
                None,
                "Agricultural cooperative union" if approach == "integrate_existing" else "",
                rng.randint(5, 40) if approach == "integrate_existing" else None,
                None,
                "",
                rng.randint(6, 24) if approach == "integrate_existing" else None,
                "",
                None,
                "",
                "",
                "",
                managers[country],
                created,
                created,
            )
        )
        links.append((pk, community))
        if rng.random() < 0.2:  # some projects span a neighbouring community
            other = rng.choice(by_country[country])[0]
            if other != community:
                links.append((pk, other))
        if approach == "integrate_existing":
            required.append((pk, sectors[trade]))
        info[pk] = (community, name, created)
        # Participants: returnees of the community and non-migrant members (handbook 3.2.1:
        # benefits balanced between returnees and non-migrants).
        joined = min(today, max(created, start))
        pool = people.get(community, [])
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(3, 9)))
        for k, returnee in enumerate(chosen):
            role = "member"
            term = None
            if kind == "collective_income" and k < 2:
                role, term = ("leader", "deputy")[k], joined
            elif k == 2:
                role = "expert"
            participants.append(
                (
                    pk,
                    returnee,
                    "",
                    "",
                    "",
                    "",
                    role,
                    term,
                    term + datetime.timedelta(days=365) if term else None,
                    None,
                    joined,
                    None,
                )
            )
        for _ in range(rng.randint(2, 6)):
            name_, sex, band, vulnerability = _non_migrant(rng)
            participants.append(
                (
                    pk,
                    None,
                    name_,
                    sex,
                    band,
                    vulnerability,
                    "employee" if kind == "local_development" else "member",
                    None,
                    None,
                    None,
                    joined,
                    None,
                )
            )
    copy_rows(
        Project,
        (
            "id name approach kind sector description proposed_by organization development_plan "
            "development_plan_url environmental_notes gender_considerations currency budget "
            "cofinancing_local_government cofinancing_in_kind start_date end_date status "
            "iati_reporting_org iati_activity_id current_step lifecycle_completed_on "
            "run_by_organization run_by_name capacity location location_notes duration_months "
            "funding_model monthly_income income_notes required_skill_level skills_required "
            "created_by created_at updated_at"
        ),
        projects,
    )
    progress.done("projects", count)
    progress.done(
        "project communities",
        copy_rows(
            Project.communities.through._meta.db_table, ["project_id", "community_id"], links
        ),
    )
    copy_rows(
        Project.required_sectors.through._meta.db_table, ["project_id", "sector_id"], required
    )

    # Referrals to projects; an accepted one enrols the returnee as a member, unless they
    # already take part.
    pool = referral_pool([c[0] for c in communities], today)
    by_community: dict[int, list] = {}
    for person in pool:
        by_community.setdefault(person.community_id, []).append(person)
    candidates = [pk for pk, (community, *_rest) in info.items() if by_community.get(community)]
    specs = []
    for _ in range(scaled(PROJECT_REFERRALS, scale) if candidates else 0):
        project = rng.choice(candidates)
        community, name, created = info[project]
        person = rng.choice(by_community[community])
        specs.append(
            (
                person,
                project,
                name,
                person.organization_id,
                None,
                "Interested in the project's trade (demo).",
                created,
            )
        )
    written = write_referrals(
        rng,
        specs,
        content_type_id=ContentType.objects.get_for_model(Project).pk,
        today=today,
        progress=progress,
        label="referrals to projects",
    )
    taking_part = {(p[0], p[1]) for p in participants if p[1]}
    for referral in written:
        key = (referral.target_id, referral.returnee_id)
        if referral.accepted_on and key not in taking_part:
            taking_part.add(key)
            participants.append(
                (
                    referral.target_id,
                    referral.returnee_id,
                    "",
                    "",
                    "",
                    "",
                    "member",
                    None,
                    None,
                    None,
                    referral.accepted_on,
                    None,
                )
            )
    progress.done(
        "project participants",
        copy_rows(
            Participant,
            (
                "project returnee name sex age_band vulnerability role term_start term_end "
                "share_percentage joined_on left_on created_at updated_at"
            ),
            (
                p + (datetime.datetime.combine(p[10], datetime.time(10), tzinfo=datetime.UTC),) * 2
                for p in participants
            ),
        ),
    )
    return [f"Large dataset: {count:,} projects, {len(specs):,} referrals to projects."]
