"""ISO 3166-1 countries, from the maintained pycountry list."""

import gettext
from functools import cache

import pycountry
from django.utils import translation


@cache
def _names(language: str) -> gettext.NullTranslations:
    # pycountry ships the iso-codes project's translations of the country names.
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@cache
def _choices(language: str) -> list[tuple[str, str]]:
    names = _names(language)
    return sorted(
        ((c.alpha_3, names.gettext(c.name)) for c in pycountry.countries), key=lambda c: c[1]
    )


def country_choices() -> list[tuple[str, str]]:
    """(alpha-3, name) pairs, named and sorted in the active language (English by default)."""
    return _choices(translation.get_language() or "en")


def country_name(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=(alpha3 or "").upper())
    return country.name if country else None
