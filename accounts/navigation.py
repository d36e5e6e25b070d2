"""The navigation bar: a registry of entries, each shown to the roles that can use it.

Lower apps cannot import higher ones, so each app registers its own entries from its
AppConfig.ready(); the base template only renders what ``items_for(user)`` returns.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL_ROLES = frozenset(Role.values)
BROWSER_ROLES = ALL_ROLES - {Role.PARTNER}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100


_registry: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _registry[item.url_name] = item


def items_for(user) -> list[dict[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    shown = []
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.label)):
        if user.has_role(*item.roles):
            try:
                shown.append({"label": item.label, "url": reverse(item.url_name)})
            except NoReverseMatch:
                continue
    return shown


def register_defaults() -> None:
    register(
        NavItem(_("Home"), "home", ALL_ROLES, order=0),
        NavItem(
            _("API documentation"),
            "api-docs",
            frozenset({Role.PARTNER, Role.ADMIN, Role.PROGRAMME_MANAGER}),
            order=900,
        ),
        NavItem(
            _("Audit trail"), "accounts:audit", frozenset({Role.ADMIN, Role.SUPERVISOR}), order=950
        ),
        NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN}), order=1000),
    )
