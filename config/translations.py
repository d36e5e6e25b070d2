"""Texts held as data (the handbook's instruments and indicators) in several languages
(issue 11): a record keeps its English text in its own fields, the source, and the other
languages in a ``translations`` JSON field, ``{"fr": {"text": "..."}, "ar": {...}}``.

Layer 0 (DESIGN.md): this module imports no app.
"""

from django.conf import settings
from django.utils import translation

SOURCE_LANGUAGE = "en"
# The XLSForm column suffix of each language: "label::Français (fr)" (xlsform.org, "Multiple
# language support": a language name followed by its two-letter code in brackets).
XLSFORM_LANGUAGES = {
    "en": "English (en)",
    "fr": "Français (fr)",
    "ar": "العربية (ar)",
}


def target_languages() -> list[str]:
    """The languages other than the source that the interface offers (settings.LANGUAGES)."""
    return [code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def language_of(language: str | None = None) -> str:
    """The base code ("fr" for "fr-ca") of ``language``, else of the active language."""
    code = language or translation.get_language() or SOURCE_LANGUAGE
    return code.split("-")[0].lower()


def localized(record, field: str, language: str | None = None) -> str:
    """``record.<field>`` in ``language`` (default: the active one), falling back to the
    English source when that language has no (or an empty) translation of the field."""
    source = getattr(record, field)
    code = language_of(language)
    if code == SOURCE_LANGUAGE:
        return source
    translations = getattr(record, "translations", None) or {}
    value = (translations.get(code) or {}).get(field)
    return value if isinstance(value, str) and value.strip() else source


def has_language(record, language: str, fields: tuple[str, ...]) -> bool:
    """Whether every one of ``fields`` that has an English text is translated."""
    entry = (getattr(record, "translations", None) or {}).get(language) or {}
    return all(entry.get(f, "").strip() for f in fields if getattr(record, f, ""))
