"""Demo data: a registry of seeders, so each app adds its own without lower apps importing
higher ones. ``seed_demo`` runs them in order; every seeder must be idempotent.

``--size large`` runs the small seeders, then the ones registered for "large" (each app's
``demo_large.py``), which add the benchmark dataset with bulk operations (accounts/bulk.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Organization, Role, User
from accounts.services import organization_create, user_create

DEMO_PASSWORD = "demo-reintegration-2026"


@dataclass(frozen=True)
class Seeder:
    order: int
    name: str
    run: Callable[..., list[str]]  # (size=..., stdout=...) -> lines to print
    # "small": always run (also before the large dataset); "large": only for --size large.
    sizes: tuple[str, ...] = ("small",)


_seeders: dict[str, Seeder] = {}


def register(seeder: Seeder) -> None:
    _seeders[seeder.name] = seeder


def seeders(size: str = "small") -> list[Seeder]:
    return sorted((s for s in _seeders.values() if size in s.sizes), key=lambda s: s.order)


DEMO_USERS = [
    # username, role, first name, last name, organization key
    ("demo-admin", Role.ADMIN, "Amina", "Admin", "lead"),
    ("demo-supervisor", Role.SUPERVISOR, "Samuel", "Supervisor", "lead"),
    ("demo-case-manager", Role.CASE_MANAGER, "Chloe", "Casemanager", "lead"),
    ("demo-programme-manager", Role.PROGRAMME_MANAGER, "Pedro", "Programme", "lead"),
    ("demo-partner", Role.PARTNER, "Pat", "Partner", "partner"),
]

DEMO_ORGANIZATIONS = {
    "lead": ("Demo Reintegration Organization", Organization.Kind.LEAD),
    "partner": ("Demo Partner NGO", Organization.Kind.IMPLEMENTING_PARTNER),
}


@transaction.atomic
def seed_accounts(*, password: str = DEMO_PASSWORD, **kwargs) -> list[str]:
    """The demo organizations and one user per role; existing ones are left as they are."""
    organizations = {}
    for key, (name, kind) in DEMO_ORGANIZATIONS.items():
        organizations[key] = Organization.objects.filter(name=name).first() or organization_create(
            actor=None, name=name, kind=kind
        )
    lines = []
    users = {}
    for username, role, first, last, org_key in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                organization=organizations[org_key],
                roles=[role],
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                supervisor=users.get("demo-supervisor") if role == Role.CASE_MANAGER else None,
            )
        users[username] = user
        lines.append(f"  {Role(role).label:<28} {username} / {password}")
    return ["Demo logins (username / password):", *lines]


register(Seeder(order=0, name="accounts", run=seed_accounts))


def _seed_accounts_large(**kwargs) -> list[str]:
    from accounts.demo_large import seed_accounts_large

    return seed_accounts_large(**kwargs)


register(Seeder(order=100, name="accounts-large", run=_seed_accounts_large, sizes=("large",)))
