"""``{{ item|localized:"text" }}``: an instrument's or indicator's text in the active
language, falling back to the handbook's English (issue 11)."""

from django import template

from config.translations import localized as localized_text

register = template.Library()


@register.filter
def localized(record, field: str) -> str:
    if record is None:
        return ""
    return localized_text(record, field)


@register.filter
def criterion_text(criterion: dict, texts: dict) -> str:
    """A score's criterion in the active language (``texts``, by code), else the handbook
    text the score kept."""
    return (texts or {}).get(criterion["code"]) or criterion["text"]
