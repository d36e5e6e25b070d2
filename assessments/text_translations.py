"""Loading translations of the instruments' and indicators' texts from data files
(issue 11: "the instruments' texts translatable as data (the English handbook text stays
the source)").

One JSON file per language in ``assessments/data/translations/<lang>.json``::

    {"language": "fr",
     "complete": ["altai", "table_3_2", "profile_indicators"],
     "instruments": {"altai": {"name": "...", "description": "...",
                               "items": {"1": {"text": "...", "group": "..."}}}},
     "profile_indicators": {"age_distribution": {"name": "...", "description": "..."}}}

``complete`` names what the file translates in full (a test holds it to that). A file
translates an instrument's code: every version of it whose items carry that code gets the
texts, since a new version copies its items. The loader takes the model classes so a data
migration can call it with historical models.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "translations"
INSTRUMENT_FIELDS = ("name", "description")
ITEM_FIELDS = ("text", "group")
INDICATOR_FIELDS = ("name", "description")
PROFILE_INDICATORS = "profile_indicators"


def translation_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_file(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("language"), str):
        raise ValueError(f"{path.name}: a translation file names its language.")
    return data


def _merge(record, language: str, texts: dict, fields: tuple[str, ...], where: str) -> bool:
    unknown = set(texts) - set(fields)
    if unknown:
        raise ValueError(f"{where}: no translatable field {', '.join(sorted(unknown))}.")
    current = dict(record.translations or {})
    entry = {**current.get(language, {}), **{k: v for k, v in texts.items() if v}}
    if current.get(language) == entry:
        return False
    current[language] = entry
    record.translations = current
    record.save(update_fields=["translations"])
    return True


def load_translations(data: dict, *, instrument_model, item_model, indicator_model) -> int:
    """Merge one language's texts into the records; returns how many records changed.
    An unknown instrument, item or indicator code is an error: the file and the catalogue
    must not drift apart silently."""
    language = data["language"]
    changed = 0
    for code, entry in (data.get("instruments") or {}).items():
        instruments = list(instrument_model.objects.filter(code=code))
        if not instruments:
            raise ValueError(f"{language}: no instrument {code!r}.")
        texts = {k: v for k, v in entry.items() if k != "items"}
        for instrument in instruments:
            changed += _merge(instrument, language, texts, INSTRUMENT_FIELDS, code)
        items = entry.get("items") or {}
        records = list(item_model.objects.filter(instrument__code=code, code__in=list(items)))
        missing = set(items) - {r.code for r in records}
        if missing:
            raise ValueError(f"{language}: {code} has no item {', '.join(sorted(missing))}.")
        for record in records:
            changed += _merge(
                record, language, items[record.code], ITEM_FIELDS, f"{code} {record.code}"
            )
    indicators = data.get(PROFILE_INDICATORS) or {}
    records = list(indicator_model.objects.filter(code__in=list(indicators)))
    missing = set(indicators) - {r.code for r in records}
    if missing:
        raise ValueError(f"{language}: no profile indicator {', '.join(sorted(missing))}.")
    for record in records:
        changed += _merge(record, language, indicators[record.code], INDICATOR_FIELDS, record.code)
    return changed


def load_translation_files(apps=None, paths=None) -> int:
    """Load every file (or ``paths``); with ``apps``, through a migration's models."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    models = {
        "instrument_model": apps.get_model("assessments", "Instrument"),
        "item_model": apps.get_model("assessments", "InstrumentItem"),
        "indicator_model": apps.get_model("communities", "ProfileIndicator"),
    }
    return sum(load_translations(read_file(p), **models) for p in paths or translation_files())
