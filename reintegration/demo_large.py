"""The large demo dataset's registry (``seed_demo --size large``): 200,000 invented returnees
over three years of returns, with households (children with their school enrolment, Module
6), skills, interests, needs at the three levels, consent (some shared with partners, some
withdrawn), counselling sessions and 340,000 referrals to services with their histories.

Reference numbers come from ``reserve_references`` (RET-YYYY-NNNNNN, the year of return) in
return-date order; names are normalised as the services do, for the trigram index; the few
sensitive fields filled are encrypted (config/encryption.py)."""

import datetime
import itertools
import random

from django.contrib.contenttypes.models import ContentType

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo import DEMO_ORGANIZATIONS
from accounts.demo_large import COUNTRIES, lead_name, staff
from accounts.models import Organization, User
from communities.demo_large import large_communities
from communities.models import Sector, Service
from config.encryption import encrypt
from reintegration.demo import FIRST_NAMES, LAST_NAMES
from reintegration.demo_referrals import referral_pool, write_referrals
from reintegration.models import (
    Consent,
    CounsellingSession,
    HouseholdMember,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    ReturneeSkill,
)
from reintegration.names import normalize_name
from reintegration.services.returnees import reserve_references

RETURNEES = 200_000
SERVICE_REFERRALS = 340_000
DAYS = 3 * 365  # returns spread over three years
MORE_FIRST = {
    "female": [
        "Mariam",
        "Awa",
        "Djenabou",
        "Oumou",
        "Nafissatou",
        "Grace",
        "Precious",
        "Aisha",
        "Salimata",
        "Khadija",
        "Binta",
        "Rokia",
        "Adama",
        "Ngozi",
        "Zeinab",
    ],
    "male": [
        "Moussa",
        "Lamine",
        "Boubacar",
        "Amadou",
        "Souleymane",
        "Cheikh",
        "Modou",
        "Tijani",
        "Kelechi",
        "Osagie",
        "Yusuf",
        "Bakary",
        "Seydou",
        "Issa",
        "Fodé",
    ],
}
MORE_LAST = [
    "Sylla",
    "Konaté",
    "Cissé",
    "Fofana",
    "Kouyaté",
    "Diop",
    "Fall",
    "Mbaye",
    "Sarr",
    "Osagie",
    "Igbinedion",
    "Musa",
    "Abubakar",
    "Coulibaly",
    "Maïga",
    "Ceesay",
    "Jallow",
    "Sanneh",
    "Moussa",
    "Hamani",
    "Soumah",
    "Baldé",
    "Doumbouya",
    "Kanté",
    "Sidibé",
]
CALLING_CODES = {
    "GIN": "+224",
    "SEN": "+221",
    "NGA": "+234",
    "MLI": "+223",
    "NER": "+227",
    "GMB": "+220",
}
LANGUAGES = {
    "GIN": ["French", "Pular", "Malinké", "Soussou"],
    "SEN": ["French", "Wolof", "Pulaar"],
    "NGA": ["English", "Edo", "Hausa", "Yoruba"],
    "MLI": ["French", "Bambara", "Soninké"],
    "NER": ["French", "Hausa", "Zarma"],
    "GMB": ["English", "Mandinka", "Wolof"],
}
TRANSIT = ["LBY", "DZA", "MAR", "TUN", "NER", "MLI", "ITA", "ESP", "FRA", "DEU", "MRT"]
NEEDS = {
    "economic": [
        "Start-up capital for a small business",
        "Vocational training",
        "Job placement",
        "Tools for a trade",
    ],
    "social": [
        "Help enrolling the children in school",
        "Civil documentation",
        "Housing",
        "Access to health care",
    ],
    "psychosocial": [
        "Stress after detention in transit",
        "Family tension",
        "Sleep problems",
        "Stigma in the community",
    ],
}
CLOSURE = ["Reintegration plan completed", "Lost contact", "Moved to another country"]


def _stamp(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=datetime.UTC
    )


def _person(rng, country, today):
    """The registry fields of one returnee, drawn; ids and references come later."""
    sex = rng.choices(["male", "female", "other"], weights=[77, 22, 1])[0]
    names = (
        FIRST_NAMES["female" if sex == "female" else "male"]
        + MORE_FIRST["female" if sex == "female" else "male"]
    )
    first = rng.choice(names) if rng.random() < 0.75 else f"{rng.choice(names)} {rng.choice(names)}"
    last = rng.choice(LAST_NAMES + MORE_LAST)
    return_date = today - datetime.timedelta(days=int(rng.triangular(0, DAYS, 150)))
    child = rng.random() < 0.09  # Module 6: children returning, some unaccompanied
    age = rng.randint(6, 17) if child else int(rng.triangular(18, 62, 25))
    born = return_date - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    known_birth = rng.random() < 0.92
    return (
        sex,
        first,
        last,
        return_date,
        age,
        child,
        born if known_birth else None,
        (None if known_birth else today.year - born.year),
    )


def seed_returnees_large(*, seed: int, scale: float, today: datetime.date, progress, **kwargs):
    rng = random.Random(seed * 1_000 + 3)  # noqa: S311 -- deterministic demo data
    communities = list(
        large_communities().order_by("pk").values_list("pk", "country", "population_estimate")
    )
    orgs_of = {}  # country -> (lead organization id, case manager ids)
    for country in COUNTRIES:
        lead = Organization.objects.get(name=lead_name(country)).pk
        orgs_of[country] = (lead, staff(country)["cm"])
    answering = {}  # community -> {sector: organization}
    services = {}  # community -> [(service id, label, organization)]
    for pk, community, name, sector, organization in (
        Service.objects.filter(community_id__in=[c[0] for c in communities])
        .order_by("pk")
        .values_list("pk", "community_id", "name", "sector", "organization_id")
    ):
        label = f"{name} ({Service.Sector(sector).label})"
        services.setdefault(community, []).append((pk, label, organization))
        if organization:
            answering.setdefault(community, {})[sector] = organization
    trades = list(
        Sector.objects.filter(parent__isnull=False).order_by("code").values_list("pk", flat=True)
    )

    count = scaled(RETURNEES, scale)
    cumulative = list(itertools.accumulate(c[2] for c in communities))
    people = []
    for _ in range(count):
        community, country, _ = rng.choices(communities, cum_weights=cumulative)[0]
        people.append((community, country, *_person(rng, country, today)))
    # Chronological ids and reference numbers, as registrations would have given them.
    order = sorted(range(count), key=lambda i: (people[i][5], i))
    first_id = reserve_ids(Returnee, count)
    by_year: dict[int, int] = {}
    for i in order:
        by_year[people[i][5].year] = by_year.get(people[i][5].year, 0) + 1
    references = {year: iter(reserve_references(year, n)) for year, n in sorted(by_year.items())}

    returnees, household, skills, interests, needs, consents, shared, sessions = (
        [] for _ in range(8)
    )
    consent_first = reserve_ids(Consent, count)
    for n, i in enumerate(order):
        community, country, sex, first, last, return_date, age, child, born, estimated = people[i]
        pk = first_id + n
        lead, case_managers = orgs_of[country]
        cm = case_managers[n % len(case_managers)]
        registered = min(today, return_date + datetime.timedelta(days=rng.randint(0, 20)))
        since = (today - return_date).days
        status, closure, closed_on = "active", "", None
        if since < 60:
            status = "open"
        elif rng.random() < since / DAYS * 0.7:
            closed_on = min(today, return_date + datetime.timedelta(days=rng.randint(180, 720)))
            status, closure = "closed", rng.choice(CLOSURE)
        vulnerabilities = []
        unaccompanied = child and rng.random() < 0.5
        if unaccompanied:
            vulnerabilities.append("unaccompanied_child")
        if rng.random() < 0.05:
            vulnerabilities.append("disability")
        if rng.random() < 0.04:
            vulnerabilities.append("high_vulnerability")
        members = []
        if child:
            if not unaccompanied:
                members.append(("parent", rng.randint(30, 55), "female", None))
            members += [
                ("sibling", rng.randint(2, 17), rng.choice(["female", "male"]), None)
                for _ in range(rng.randint(0, 2))
            ]
        else:
            spouse = rng.random() < (0.5 if age > 24 else 0.15)
            if spouse:
                members.append(
                    (
                        "spouse",
                        max(18, age + rng.randint(-8, 3)),
                        "female" if sex == "male" else "male",
                        None,
                    )
                )
            if age > 21:
                members += [
                    (
                        "child",
                        rng.randint(0, min(17, age - 18)),
                        rng.choice(["female", "male"]),
                        None,
                    )
                    for _ in range(rng.choice([0, 0, 1, 1, 2, 2, 3, 4]))
                ]
            if rng.random() < 0.2:
                members.append(
                    (
                        "parent",
                        min(100, age + rng.randint(18, 35)),
                        rng.choice(["female", "male"]),
                        None,
                    )
                )
            if sex == "female" and not spouse and any(m[0] == "child" for m in members):
                vulnerabilities.append("single_caregiver")
        for relationship, member_age, member_sex, _ in members:
            enrolled = None
            if member_age < 18 and member_age >= 6:
                enrolled = rng.random() < 0.7
            household.append((pk, relationship, member_age, member_sex, enrolled))
        if not child:
            for sector in rng.sample(trades, k=rng.choice([0, 1, 1, 1, 2])):
                skills.append(
                    (
                        pk,
                        sector,
                        rng.choices(["basic", "intermediate", "advanced"], weights=[4, 4, 2])[0],
                        rng.randint(0, 15),
                    )
                )
        kind = rng.choice(
            ["business", "music", "sports", "theatre", "storytelling", "dance", "visual_art"]
        )
        interests.append((pk, kind, rng.choice(trades) if kind == "business" else None, ""))
        for level in rng.sample(list(NEEDS), k=rng.randint(1, 3)):
            needs.append(
                (
                    pk,
                    level,
                    rng.choice(NEEDS[level]),
                    rng.choice(["low", "medium", "medium", "high"]),
                    rng.random() < since / DAYS,
                )
            )
        # Sensitive fields: few filled, encrypted as the model field would.
        protection = (
            encrypt("Reported exploitation in transit (demo).") if rng.random() < 0.015 else ""
        )
        mental = encrypt("Follow-up by the psychologist (demo).") if rng.random() < 0.01 else ""
        phone = (
            f"{CALLING_CODES[country]}{rng.randint(60_000_000, 99_999_999)}"
            if rng.random() < 0.8
            else ""
        )
        at = _stamp(rng, registered)
        returnees.append(
            (
                pk,
                next(references[return_date.year]),
                lead,
                first,
                last,
                normalize_name(first, last),
                sex,
                "",
                born,
                estimated,
                country,
                rng.sample(LANGUAGES[country], k=rng.randint(1, 2)),
                phone,
                community,
                return_date,
                rng.sample(TRANSIT, k=rng.randint(1, 2)),
                rng.randint(2, 96),
                rng.choices(
                    ["assisted_voluntary", "spontaneous", "forced", "evacuation"],
                    weights=[70, 15, 10, 5],
                )[0],
                ""
                if child
                else rng.choice(["none", "primary", "secondary", "vocational", "tertiary", ""]),
                "",
                "",
                vulnerabilities,
                rng.choice([True, True, False, None]),
                "",
                mental,
                protection,
                "",
                cm,
                status,
                closure,
                closed_on,
                None,
                cm,
                1,
                at,
                at,
            )
        )
        if rng.random() < 0.93:  # the rest have not consented yet
            given = registered
            withdrawn = None
            if rng.random() < 0.05 and given < today:
                withdrawn = given + datetime.timedelta(days=rng.randint(1, (today - given).days))
            consents.append(
                (consent_first + n, pk, given, cm, True, rng.random() < 0.6, withdrawn, at, at)
            )
            orgs = answering.get(community, {})
            if "health" in orgs and rng.random() < 0.45:
                shared.append((consent_first + n, orgs["health"]))
            if "justice" in orgs and rng.random() < 0.25:
                shared.append((consent_first + n, orgs["justice"]))
        for _ in range(rng.choice([0, 1, 1, 2])):
            day = min(today, registered + datetime.timedelta(days=rng.randint(0, 90)))
            sessions.append(
                (
                    pk,
                    day,
                    rng.choice(["individual", "individual", "family"]),
                    "Counselling session (demo).",
                    "Follow up on the referrals.",
                    cm,
                    _stamp(rng, day),
                    _stamp(rng, day),
                )
            )
    progress.done(
        "returnees",
        copy_rows(
            Returnee,
            (
                "id reference organization first_name last_name name_normalized sex gender "
                "date_of_birth estimated_age nationality languages phone community return_date "
                "countries_lived months_abroad return_kind education_level occupation_before "
                "occupation_abroad vulnerabilities interested_in_collective_projects life_plans "
                "mental_health_condition protection_concern confidential_notes case_manager status "
                "closure_reason closed_on erased_at registered_by version created_at updated_at"
            ),
            returnees,
        ),
    )
    del returnees
    progress.done(
        "household members",
        copy_rows(
            HouseholdMember,
            ["returnee", "relationship", "age", "sex", "school_enrolled"],
            household,
        ),
    )
    progress.done(
        "skills",
        copy_rows(ReturneeSkill, ["returnee", "sector", "level", "years_experience"], skills),
    )
    progress.done(
        "interests",
        copy_rows(ReturneeInterest, ["returnee", "kind", "sector", "description"], interests),
    )
    progress.done(
        "needs",
        copy_rows(ReturneeNeed, ["returnee", "level", "description", "priority", "met"], needs),
    )
    # Consent ids were reserved one per returnee; those without consent leave a gap.
    progress.done(
        "consents",
        copy_rows(
            Consent,
            (
                "id returnee given_on recorded_by case_management group_contact withdrawn_on "
                "created_at updated_at"
            ),
            consents,
        ),
    )
    progress.done(
        "consent shared with partners",
        copy_rows(
            Consent.shared_with.through._meta.db_table, ["consent_id", "organization_id"], shared
        ),
    )
    progress.done(
        "counselling sessions",
        copy_rows(
            CounsellingSession,
            "returnee date kind notes next_steps counsellor created_at updated_at",
            sessions,
        ),
    )

    # Referrals to a service of the returnee's community; a partner-answered service only
    # when the returnee's consent names that partner (DESIGN.md, Data protection).
    pool = referral_pool([c[0] for c in communities], today)
    # Who accepts or declines for a partner: its user (the demo partner's login included).
    partner_users = dict(
        User.objects.filter(username__startswith="large-partner-").values_list(
            "organization_id", "pk"
        )
    )
    demo_partner = User.objects.filter(
        username="demo-partner", organization__name=DEMO_ORGANIZATIONS["partner"][0]
    ).first()
    if demo_partner:
        partner_users[demo_partner.organization_id] = demo_partner.pk
    specs = []
    for _ in range(scaled(SERVICE_REFERRALS, scale)):
        person = rng.choice(pool)
        service, label, organization = rng.choice(services[person.community_id])
        if organization and organization not in person.shared_with:
            service, label, organization = rng.choice(
                [s for s in services[person.community_id] if s[2] is None]
            )
        specs.append(
            (
                person,
                service,
                label,
                organization,
                partner_users.get(organization),
                "Referred after the needs assessment (demo).",
                None,
            )
        )
    write_referrals(
        rng,
        specs,
        content_type_id=ContentType.objects.get_for_model(Service).pk,
        today=today,
        progress=progress,
        label="referrals to services",
    )
    return [f"Large dataset: {count:,} returnees, {len(specs):,} referrals to services."]
