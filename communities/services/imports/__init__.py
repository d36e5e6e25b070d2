"""Importing communities and their services from CSV or XLSX (issue "Import and export").

Every row is read, matched and validated with ``full_clean()`` first; a file with any error
is refused whole with a report naming each bad row (numbered as the spreadsheet numbers it,
the header being row 1) and column. A clean file is written in one transaction: new rows in
bulk, changed rows in bulk, unchanged rows not at all, so importing a file twice changes
nothing the second time. A community is matched on its P-code within its country, else on
its country, admin areas and name; a service on its community, name and sector.

``columns`` holds the templates (shared with the exports), ``common`` the reading of the
file and the write both imports share, ``communities`` and ``services`` one import each.
"""

from communities.services.imports.columns import (
    COMMUNITY_COLUMNS,
    LIST_SEPARATOR,
    SERVICE_COLUMNS,
    SERVICE_PLACE_COLUMNS,
    Column,
)
from communities.services.imports.common import MAX_FILE_BYTES, ImportResult, RowError
from communities.services.imports.communities import community_import
from communities.services.imports.services import service_import

__all__ = [
    "COMMUNITY_COLUMNS",
    "LIST_SEPARATOR",
    "MAX_FILE_BYTES",
    "SERVICE_COLUMNS",
    "SERVICE_PLACE_COLUMNS",
    "Column",
    "ImportResult",
    "RowError",
    "community_import",
    "service_import",
]
