"""Writes of the communities app, one transaction each, audited (STYLE.md rule 2)."""

from communities.services.community import (
    community_create,
    community_update,
    opportunity_create,
    opportunity_update,
    service_create,
    service_update,
    stakeholder_create,
    stakeholder_update,
)
from communities.services.profiles import profile_create, profile_finalise, profile_update

__all__ = [
    "community_create",
    "community_update",
    "opportunity_create",
    "opportunity_update",
    "profile_create",
    "profile_finalise",
    "profile_update",
    "service_create",
    "service_update",
    "stakeholder_create",
    "stakeholder_update",
]

# Import of communities and services from CSV or XLSX (added with the import and export).
from communities.services.imports import (  # noqa: E402
    ImportResult,
    RowError,
    community_import,
    service_import,
)

__all__ += ["ImportResult", "RowError", "community_import", "service_import"]
