"""The community suitability score: pure functions over per-criterion ratings.

score = weighted mean of the known ratings, as 0-100; coverage = share of the weight that
is known. Unknown is never counted as zero: it lowers the coverage, not the score.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ENGINE_VERSION = "1.0"
MAX_RATING = 3
FAVOURABLE_SCORE, FAVOURABLE_COVERAGE = 70, 80
CONDITIONAL_SCORE = 40
MINIMUM_COVERAGE = 50


@dataclass(frozen=True)
class Rated:
    code: str
    weight: Decimal
    rating: int | None


@dataclass(frozen=True)
class Suitability:
    score: Decimal | None
    coverage: Decimal
    band: str
    unmet: list[str]


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def suitability(criteria: list[Rated]) -> Suitability:
    total = sum((c.weight for c in criteria), Decimal(0))
    known = [c for c in criteria if c.rating is not None]
    known_weight = sum((c.weight for c in known), Decimal(0))
    coverage = _one_decimal(100 * known_weight / total) if total else Decimal(0)
    score = (
        _one_decimal(100 * sum(c.weight * c.rating for c in known) / (known_weight * MAX_RATING))
        if known_weight
        else None
    )
    unmet = [c.code for c in known if c.rating == 0]
    if coverage < MINIMUM_COVERAGE or score is None:
        band = "insufficient"
    elif score >= FAVOURABLE_SCORE and coverage >= FAVOURABLE_COVERAGE and not unmet:
        band = "favourable"
    elif score >= CONDITIONAL_SCORE:
        band = "conditional"
    else:
        band = "unfavourable"
    return Suitability(score=score, coverage=coverage, band=band, unmet=unmet)
