"""ISO 3166-1 countries, from the maintained pycountry list."""

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_3, c.name) for c in pycountry.countries), key=lambda c: c[1])


def country_name(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=(alpha3 or "").upper())
    return country.name if country else None
