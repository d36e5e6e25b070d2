"""The registry of other apps' personal data about a returnee (SECURITY.md).

A subject-access export must show everything the application holds about one person, and an
erasure must remove it everywhere, but this app must not import the apps above it
(projects, peer_support, ...). So each of those apps registers a provider from its own
``AppConfig.ready()``::

    from reintegration import personal_data

    personal_data.register(
        personal_data.PersonalDataProvider(
            key="projects",
            label="Projects",
            collect=collect_returnee_projects,  # (returnee) -> JSON-ready list or dict
            erase=erase_returnee_projects,  # (actor, returnee) -> list of Scrubbed
        )
    )

``collect`` returns the person's records in that app, JSON-ready (dates as ISO strings),
for the export's section ``other_apps[key]``. ``erase`` runs inside the erasure's
transaction: it anonymises the app's copies of the person's data with the app's own
services and rules, and returns a ``Scrubbed`` for each record it changed, naming the
fields whose values may stay in that record's audit events; the erasure service then
scrubs the rest from the audit trail and the access log.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Scrubbed:
    """A record an erasure anonymised; ``keep`` are the fields whose audit values stay."""

    instance: models.Model
    keep: frozenset[str] = field(default_factory=frozenset)
    # What its audit events will call it afterwards (default: its str after erasure).
    object_repr: str | None = None


@dataclass(frozen=True)
class PersonalDataProvider:
    key: str
    label: str
    collect: Callable[[Any], Any]
    erase: Callable[..., Iterable[Scrubbed]] | None = None


_providers: dict[str, PersonalDataProvider] = {}


def register(provider: PersonalDataProvider) -> None:
    _providers[provider.key] = provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


def providers() -> list[PersonalDataProvider]:
    return [_providers[key] for key in sorted(_providers)]
