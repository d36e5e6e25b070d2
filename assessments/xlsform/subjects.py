"""Who an instrument's form asks about, when it is not a community.

The community instruments (Altai criteria, Tables 3.1 and 6.1, child protection) list the
communities. The project instruments (Table 3.2 appraisal, Table 3.5) list projects, which
this app may not read (``projects`` sits above it): the projects app registers a source of
them from its AppConfig.ready(), as it registers its Table 3.2 evidence providers::

    subjects.register(
        ["table_3_2", "table_3_5"],
        subjects.SubjectSource(
            label="Project",
            choices=lambda user, code: [(str(p.pk), p.name) for p in ...projects user edits],
            resolve=lambda user, code, name: ...the project ``name`` names, if user edits it,
        ),
    )

Until a source is registered, a project instrument's form cannot be exported or imported,
and the page says so.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

from accounts.models import User


@dataclass(frozen=True)
class SubjectSource:
    label: str
    # (user, instrument code) -> [(choice name, label)]: the subjects the user may assess.
    # A choice name is letters, digits, "_" or "-" (no spaces).
    choices: Callable[[User, str], list[tuple[str, str]]]
    # (user, instrument code, choice name) -> the subject, or None if unknown to the user.
    resolve: Callable[[User, str, str], models.Model | None]


_sources: dict[str, SubjectSource] = {}


def register(instrument_codes: Iterable[str], source: SubjectSource) -> None:
    for code in instrument_codes:
        _sources[code] = source


def unregister(instrument_codes: Iterable[str]) -> None:
    for code in instrument_codes:
        _sources.pop(code, None)


def get(instrument_code: str) -> SubjectSource | None:
    return _sources.get(instrument_code)
