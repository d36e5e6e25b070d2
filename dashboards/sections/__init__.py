"""The sections of the programme overview and of a community's dashboard.

A section is a function from a scope (``dashboards.scope``) to its figures and tables
(``dashboards.tables.SectionResult``), run with a fixed number of queries, set-based, however
many communities there are. The pages show the sections in the order of these tuples; a
table downloads by its key, building only its section.

Sections still to write (issue 8), once their apps exist. Each is one module here, reading
its app through that app's selectors (dashboards is the top layer: it may import them, they
never import dashboards):

- ``sections/projects.py`` (overview and community): projects by Table 3.3 approach, by kind
  and by Table 3.4 lifecycle step; participants, returnees vs non-migrants and by gender;
  on a community's dashboard its projects, and the returnee / non-migrant balance of
  participants and beneficiaries with ``dashboards.balance.benefit_balance`` (its warning
  goes in ``SectionResult.warnings``; the threshold is the setting
  ``BENEFIT_BALANCE_LOPSIDED_PERCENT``).
- ``sections/peer_support.py`` (overview and community; handbook 3.5.2 and 3.5.3):
  peer-support coverage, the share of the returnees who arrived in the last 12 months in a
  mentorship, a peer group or a network group (one query, an ``Exists`` per kind over
  ``scope.returnees``); events and their participants; on a community's dashboard its groups.
- ``sections/financial_groups.py`` (overview and community): savings and loans outstanding
  in financial support groups, as Decimal with their currency (handbook 3.3.3).

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

from dashboards.sections import children, referrals, returnees, suitability
from dashboards.sections.community import ARRIVALS, PROFILE, SUITABILITY
from dashboards.sections.registry import Section, build_all, find_table

OVERVIEW_SECTIONS: tuple[Section, ...] = (
    returnees.SECTION,
    referrals.SECTION,
    suitability.SECTION,
    children.SECTION,
    # projects.SECTION, peer_support.SECTION, financial_groups.SECTION: see above.
)

COMMUNITY_SECTIONS: tuple[Section, ...] = (
    ARRIVALS,
    SUITABILITY,
    PROFILE,
    # projects.COMMUNITY_SECTION (with the balance warning), peer_support.COMMUNITY_SECTION.
)

__all__ = ["COMMUNITY_SECTIONS", "OVERVIEW_SECTIONS", "Section", "build_all", "find_table"]
