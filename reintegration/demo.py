"""Invented demo returnees (no real people) for ``seed_demo``: a few hundred across the demo
communities, with households, skills, interests, needs, consent, sessions and referrals."""

import datetime
import random

from django.db import transaction

from accounts.models import Organization, User
from communities.models import Community, Sector, Service
from communities.services import service_update
from reintegration import services
from reintegration.models import Referral, Returnee

FIRST_NAMES = {
    "female": [
        "Aminata",
        "Fatoumata",
        "Mariama",
        "Aïssatou",
        "Kadiatou",
        "Blessing",
        "Joy",
        "Hawa",
        "Ramatoulaye",
        "Esther",
    ],
    "male": [
        "Mamadou",
        "Ibrahima",
        "Ousmane",
        "Alpha",
        "Sékou",
        "Mohammed",
        "José",
        "Chinedu",
        "Emeka",
        "Abdoulaye",
    ],
}
LAST_NAMES = [
    "Diallo",
    "Barry",
    "Camara",
    "Sow",
    "Bah",
    "Keïta",
    "Traoré",
    "Ndiaye",
    "Okafor",
    "Eze",
    "Adeyemi",
    "Issoufou",
    "Touré",
    "Condé",
]
TRADES = [
    "C-TAILORING",
    "A-LIVESTOCK",
    "F-MASONRY",
    "S-PHONE-REPAIR",
    "G-MARKET",
    "H-TAXI",
    "S-HAIRDRESSING",
    "I-RESTAURANT",
    "C-CARPENTRY",
    "E-RECYCLING",
]
NEEDS = [
    ("economic", "Start-up capital for a small business"),
    ("economic", "Vocational training"),
    ("social", "Help enrolling the children in school"),
    ("social", "Civil documentation"),
    ("psychosocial", "Stress after detention in transit"),
    ("psychosocial", "Family tension"),
]
COUNT = 300


@transaction.atomic
def seed_returnees(**kwargs) -> list[str]:
    lead = Organization.objects.filter(name="Demo Reintegration Organization").first()
    partner = Organization.objects.filter(name="Demo Partner NGO").first()
    case_manager = User.objects.filter(username="demo-case-manager").first()
    if not (lead and partner and case_manager):
        return ["Returnees: skipped (demo users missing)."]
    if Returnee.objects.filter(organization=lead).exists():
        return [
            f"Returnees: already seeded ({Returnee.objects.filter(organization=lead).count()})."
        ]
    rng = random.Random(4242)  # noqa: S311 -- deterministic demo data, not security
    communities = list(Community.objects.order_by("pk"))
    sectors = {s.code: s for s in Sector.objects.filter(code__in=TRADES)}
    # The partner NGO answers referrals to the health services of the demo communities.
    for service in Service.objects.filter(sector=Service.Sector.HEALTH, organization=None):
        service_update(actor=None, service=service, organization=partner)
    today = datetime.date.today()
    for n in range(COUNT):
        sex = rng.choice(["female", "male"])
        community = rng.choice(communities)
        return_date = today - datetime.timedelta(days=rng.randint(1, 900))
        trades = rng.sample(TRADES, k=rng.randint(0, 2))
        returnee = services.returnee_register(
            actor=case_manager,
            confirm_not_duplicate=True,
            fields={
                "first_name": rng.choice(FIRST_NAMES[sex]),
                "last_name": rng.choice(LAST_NAMES),
                "sex": sex,
                "date_of_birth": return_date - datetime.timedelta(days=rng.randint(16, 45) * 365),
                "nationality": community.country,
                "community": community,
                "return_date": return_date,
                "return_kind": rng.choice(list(Returnee.ReturnKind.values)),
                "countries_lived": rng.sample(["LBY", "DZA", "MAR", "ITA", "ESP", "NER"], k=1),
                "months_abroad": rng.randint(3, 72),
                "phone": f"+000 {n:06d}",
                "languages": ["French"] if community.country != "NGA" else ["English"],
                "interested_in_collective_projects": rng.choice([True, True, False, None]),
            },
            household=[
                {
                    "relationship": "child",
                    "age": rng.randint(1, 16),
                    "school_enrolled": rng.choice([True, False]),
                }
                for _ in range(rng.randint(0, 2))
            ],
            skills=[
                {
                    "sector": sectors[t],
                    "level": rng.choice(["basic", "intermediate", "advanced"]),
                    "years_experience": rng.randint(0, 10),
                }
                for t in trades
            ],
            interests=[{"kind": rng.choice(["music", "sports", "theatre", "storytelling"])}],
            needs=[dict(zip(("level", "description"), rng.choice(NEEDS), strict=True))],
        )
        if n % 10 == 9:
            continue  # some have not consented yet
        services.consent_record(
            actor=case_manager,
            returnee=returnee,
            given_on=min(today, return_date + datetime.timedelta(days=3)),
            group_contact=rng.random() < 0.6,
            shared_with=[partner] if n % 3 == 0 else [],
        )
        if n % 2 == 0:
            services.session_log(
                actor=case_manager,
                returnee=returnee,
                date=min(today, return_date + datetime.timedelta(days=7)),
                notes="First counselling session (demo).",
                next_steps="Refer to services.",
            )
        if n % 3 == 0:
            health = Service.objects.filter(community=community, sector="health").first()
            if health:
                referral = services.referral_create(
                    actor=case_manager,
                    returnee=returnee,
                    target=health,
                    reason="Health check after return (demo).",
                    follow_up_date=today + datetime.timedelta(days=rng.randint(1, 20)),
                )
                if n % 2 == 0:
                    services.referral_transition(
                        actor=case_manager, referral=referral, to_status=Referral.Status.ACCEPTED
                    )
    return [f"Returnees: {COUNT} created."]
