"""The registry's types: a section is a function from a scope to its figures and tables."""

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.tables import DataTable, SectionResult


@dataclass(frozen=True)
class Section:
    """``build(scope)`` returns the section's figures and tables with exactly ``queries``
    database queries, however many communities and returnees there are (set-based: a
    GROUP BY or a subquery, never a query per row). ``tables`` names the keys of the tables
    it returns, so a download builds only the section that owns the table."""

    key: str
    title: str
    tables: tuple[str, ...]
    queries: int
    build: Callable[..., SectionResult]


def build_all(sections: tuple[Section, ...], scope) -> list[SectionResult]:
    return [section.build(scope) for section in sections]


def find_table(sections: tuple[Section, ...], scope, key: str) -> DataTable | None:
    """The table ``key``, building only the section that declares it."""
    for section in sections:
        if key in section.tables:
            return section.build(scope).table(key)
    return None
