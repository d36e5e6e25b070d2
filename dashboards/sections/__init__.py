"""The sections of the programme overview and of a community's dashboard.

A section is a function from a scope (``dashboards.scope``) to its figures and tables
(``dashboards.tables.SectionResult``), run with a fixed number of queries, set-based, however
many communities there are. The pages show the sections in the order of these tuples; a
table downloads by its key, building only its section.

The sections of the projects and peer-support apps read them through their selectors
(dashboards is the top layer: it may import them, they never import dashboards):
``sections/projects.py`` (Table 3.3 approaches, Table 3.4 steps, participants, and on a
community's dashboard the returnee / non-migrant balance of participants and beneficiaries
with ``dashboards.balance.benefit_balance``, its warning in ``SectionResult.warnings``),
``sections/peer_support.py`` (handbook 3.5.2 and 3.5.3: coverage of recent returnees,
events, groups) and ``sections/financial_groups.py`` (handbook 3.3.3: savings and loans
outstanding, Decimal per currency).

To add one: write ``build(scope) -> SectionResult`` and a ``SECTION = Section(key, title,
tables, queries, build)`` in its module, add it to ``OVERVIEW_SECTIONS`` and/or
``COMMUNITY_SECTIONS`` below, then add its test file beside
``dashboards/tests/test_overview_figures.py`` with exact figures on a hand-built dataset.
``dashboards/tests/test_sections_contract.py`` then checks it automatically: every declared
table is returned and no other, table keys are unique on the page, its query count is exactly
``queries`` and stays so when communities and returnees are added (extend its ``grow()``
with the new app's records, so the check has rows to multiply), and every table downloads as
CSV and XLSX. The pages' pinned query counts (``test_query_counts.py``) rise by the new
section's ``queries``.
"""

from dashboards.sections import (
    children,
    financial_groups,
    peer_support,
    projects,
    referrals,
    returnees,
    suitability,
)
from dashboards.sections.community import ARRIVALS, PROFILE, SUITABILITY
from dashboards.sections.registry import Section, build_all, find_table

OVERVIEW_SECTIONS: tuple[Section, ...] = (
    returnees.SECTION,
    referrals.SECTION,
    suitability.SECTION,
    children.SECTION,
    projects.SECTION,
    peer_support.SECTION,
    financial_groups.SECTION,
)

COMMUNITY_SECTIONS: tuple[Section, ...] = (
    ARRIVALS,
    SUITABILITY,
    PROFILE,
    projects.COMMUNITY_SECTION,
    peer_support.COMMUNITY_SECTION,
    financial_groups.COMMUNITY_SECTION,
)

__all__ = ["COMMUNITY_SECTIONS", "OVERVIEW_SECTIONS", "Section", "build_all", "find_table"]
