"""The registry of evidence providers: functions that compute, for many subjects at once,
the value behind an instrument item and the rating it suggests.

Providers are set-based: one call computes the evidence of every requested community in a
fixed handful of queries, however many communities there are. Community providers live in
``assessments.providers`` (they read the lower apps); projects register their Table 3.2
providers from their own AppConfig.ready(), since this app may not import them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """What the database says about one item for one subject."""

    rating: int | None  # None: unknown, never counted as zero
    values: dict[str, Any] = field(default_factory=dict)
    explanation: str = ""


# provider(subject_ids, thresholds=..., today=..., shared=...) -> {subject_id: Evidence}
Provider = Callable[..., dict[int, Evidence]]

_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def get(key: str) -> Provider | None:
    return _providers.get(key)


def keys() -> list[str]:
    return sorted(_providers)


def compute(
    key: str,
    subject_ids: Iterable[int],
    *,
    thresholds: dict,
    today: datetime.date,
    shared: dict | None = None,
) -> dict[int, Evidence]:
    """Run one provider. ``shared`` is a dict the providers of one scoring pass use to
    compute common inputs once (the recent returnees, the latest profiles)."""
    provider = _providers.get(key)
    if provider is None:
        return {}
    return provider(
        list(subject_ids),
        thresholds=thresholds,
        today=today,
        shared={} if shared is None else shared,
    )


def band_rating(value: float, bands: list[list[float]]) -> int:
    """The rating of the highest lower bound ``value`` reaches: bands [[0,0],[3,1],[8,2],
    [20,3]] give 7 -> 1 and 8 -> 2."""
    rating = 0
    for bound, band in bands:
        if value >= bound:
            rating = int(band)
    return rating
