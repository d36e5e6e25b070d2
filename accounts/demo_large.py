"""The large demo dataset's organizations and staff (``seed_demo --size large``).

One lead reintegration organization per country, two partner organizations per country that
answer referrals to health and legal services, and per country a supervisor, a programme
manager, case managers (about one per 1,000 returnees) and one partner user per partner.
Every login shares the demo password, hashed once. The other apps find these organizations
and users by the names below.
"""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.bulk import copy_rows, reserve_ids, scaled
from accounts.demo import DEMO_ORGANIZATIONS, DEMO_PASSWORD
from accounts.models import Organization, Role, User

# ISO 3166-1 alpha-3 code and English name of the countries of return. Layer 1 cannot ask
# communities.countries, so the names are spelled out here.
COUNTRIES = {
    "GIN": "Guinea",
    "SEN": "Senegal",
    "NGA": "Nigeria",
    "MLI": "Mali",
    "NER": "Niger",
    "GMB": "Gambia",
}
# Case managers per country at scale 1: about one per 1,000 of the 200,000 returnees.
CASE_MANAGERS_PER_COUNTRY = 34


def lead_name(country: str) -> str:
    return f"Reintegration Programme {COUNTRIES[country]}"


def partner_names(country: str) -> tuple[str, str]:
    """The health partner (answers health referrals) and the legal-aid partner (justice)."""
    name = COUNTRIES[country]
    return f"{name} Health Partners", f"{name} Legal Aid Network"


def large_dataset_exists() -> bool:
    """The whole large dataset is written in one transaction, so its first organization
    marks it complete."""
    return Organization.objects.filter(name=lead_name(next(iter(COUNTRIES)))).exists()


def case_manager_username(country: str, n: int) -> str:
    return f"large-cm-{country.lower()}-{n:03d}"


def organizations_by_name() -> dict[str, Organization]:
    return {o.name: o for o in Organization.objects.all()}


def staff(country: str) -> dict[str, list[int]]:
    """The ids of the country's large-dataset users by role, in a stable order."""
    prefix = f"large-%s-{country.lower()}"
    users = User.objects.filter(username__startswith="large-").order_by("username")
    return {
        role: list(users.filter(username__startswith=prefix % role).values_list("pk", flat=True))
        for role in ("cm", "sup", "pm", "partner")
    }


def seed_accounts_large(
    *, scale: float, progress, password: str = DEMO_PASSWORD, **kwargs
) -> list[str]:
    now = timezone.now()
    demo_partner = DEMO_ORGANIZATIONS["partner"][0]
    if not Organization.objects.filter(name=demo_partner).exists():
        raise RuntimeError("The small demo (accounts) must run before the large dataset.")
    org_rows = []
    for country in COUNTRIES:
        health, legal = partner_names(country)
        org_rows += [
            (lead_name(country), Organization.Kind.LEAD, country),
            (health, Organization.Kind.SERVICE_PROVIDER, country),
            (legal, Organization.Kind.CIVIL_SOCIETY, country),
        ]
    first = reserve_ids(Organization, len(org_rows))
    copy_rows(
        Organization,
        ["id", "name", "kind", "country", "created_at", "updated_at"],
        ((first + i, *row, now, now) for i, row in enumerate(org_rows)),
    )
    progress.done("organizations", len(org_rows))
    orgs = organizations_by_name()
    groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
    hashed = make_password(password)  # one hash for every demo login: hashing is slow
    users = []  # username, first, last, organization, role, supervisor username
    per_country = scaled(CASE_MANAGERS_PER_COUNTRY, scale)
    for country, name in COUNTRIES.items():
        lead = orgs[lead_name(country)].pk
        supervisor = f"large-sup-{country.lower()}"
        users.append((supervisor, "Supervisor", name, lead, Role.SUPERVISOR, None))
        users.append(
            (f"large-pm-{country.lower()}", "Programme", name, lead, Role.PROGRAMME_MANAGER, None)
        )
        for n in range(1, per_country + 1):
            users.append(
                (
                    case_manager_username(country, n),
                    "Case manager",
                    f"{name} {n}",
                    lead,
                    Role.CASE_MANAGER,
                    supervisor,
                )
            )
        for n, partner in enumerate(partner_names(country), start=1):
            users.append(
                (
                    f"large-partner-{country.lower()}-{n}",
                    "Partner",
                    partner,
                    orgs[partner].pk,
                    Role.PARTNER,
                    None,
                )
            )
    first = reserve_ids(User, len(users))
    ids = {row[0]: first + i for i, row in enumerate(users)}
    copy_rows(
        User,
        (
            "id password is_superuser username first_name last_name email is_staff is_active "
            "date_joined organization supervisor"
        ),
        (
            (
                ids[username],
                hashed,
                False,
                username,
                first_name,
                last_name,
                f"{username}@example.org",
                False,
                True,
                now,
                org,
                ids.get(supervisor),
            )
            for username, first_name, last_name, org, _, supervisor in users
        ),
    )
    copy_rows(
        User.groups.through._meta.db_table,
        ["user_id", "group_id"],
        ((ids[row[0]], groups[row[4]]) for row in users),
    )
    progress.done("users", len(users))
    return [f"Large dataset logins: large-cm-gin-001, large-sup-gin, ... / {password}"]
