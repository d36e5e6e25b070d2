"""Every interface string is marked for translation, and French and Arabic are complete
(issue 11, "Languages").

Two checks:

- each template under templates/: no visible text, and no title, aria-label, placeholder or
  alt attribute, outside {% translate %} / {% blocktranslate %} (one test per template, so a
  failure names the file and the text);
- the catalogues: the committed .po files are up to date with the source (the same
  extraction as bin/makemessages, into a copy of locale/), every entry is translated in fr
  and ar (every plural form, nothing fuzzy), with the same placeholders and HTML tags as the
  English, and the committed .mo files are compiled from the committed .po files.
"""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import override_settings

from accounts.management.commands.catalogues import LANGUAGES, catalogues_extract

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LOCALE = Path(settings.BASE_DIR) / "locale"
CHECKED_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# Elements whose text is not interface language: scripts and styles, and machine text
# (<code>: HXL hashtags, column names, ISO codes). Anything else that must stay as written
# carries HTML's own translate="no" attribute.
UNCHECKED_ELEMENTS = {"script", "style", "code", "kbd", "samp"}
# Text allowed as is, after the template's variables and tags are taken out. Keep it tiny.
ALLOWED = {
    "×",  # the multiplication sign of a close button
    "·",  # the separator of the title and the user menu
}
LETTER = re.compile(r"[^\W\d_]")
GAP = " "  # stands for a {{ variable }} or a {% tag %} in the reassembled HTML
NO_TRANSLATION_BLOCKS = {"comment": "endcomment", "verbatim": "endverbatim"}
TRANSLATION_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}


def template_html(source: str) -> str:
    """The template's HTML with every variable, tag, comment and translated block replaced by
    a gap, so that what is left is the text a translator would never see."""
    parts: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.split_contents()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            closing = NO_TRANSLATION_BLOCKS.get(name) or TRANSLATION_BLOCKS.get(name)
        parts.append(GAP)
    return "".join(parts)


def _untranslated(text: str) -> str | None:
    text = " ".join(text.replace(GAP, " ").split())
    if text and text not in ALLOWED and LETTER.search(text):
        return text
    return None


class UnmarkedText(HTMLParser):
    """Collects the visible text and the checked attributes left with letters in them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skipping: list[str] = []  # the open unchecked elements

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in UNCHECKED_ELEMENTS or attributes.get("translate") == "no":
            if tag not in {"input", "img", "br", "hr", "meta", "link"}:
                self.skipping.append(tag)
            return
        for name, value in attrs:
            if name in CHECKED_ATTRIBUTES and value and (text := _untranslated(value)):
                self.found.append(f'{name}="{text}"')

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and (text := _untranslated(data)):
            self.found.append(text)


def unmarked_strings(source: str) -> list[str]:
    parser = UnmarkedText()
    parser.feed(template_html(source))
    parser.close()
    return parser.found


TEMPLATE_FILES = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_template_text_is_marked_for_translation(name):
    found = unmarked_strings((TEMPLATES / name).read_text())
    assert found == [], f"templates/{name}: text not marked for translation: {found}"


def test_the_checker_finds_unmarked_text_and_passes_marked_text():
    source = (
        "{% load i18n %}<h1 title=\"Help\">Returnees</h1><p>{% translate 'Done' %}</p>"
        '<input placeholder="{% translate "Search" %}" aria-label="Search {{ x }}">'
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}{# Note #}"
        '{% if a %}Yes{% endif %}<code>#adm1+code</code><span translate="no">XLSForm</span>'
        "<script src=x></script> · {{ user }} &times;"
    )
    assert unmarked_strings(source) == ['title="Help"', "Returnees", 'aria-label="Search"', "Yes"]


# --- The catalogues ---------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdfir]|%[sdfir]|\{\w*\}|</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _report(language: str, what: str, items: list[str]) -> str:
    shown = "\n  ".join(items[:20])
    return f"{language}: {len(items)} {what}; the first {min(20, len(items))}:\n  {shown}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    """The catalogues as bin/makemessages would make them now, from a copy of locale/."""
    copy = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(LOCALE, copy)
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)  # makemessages walks the current directory
    try:
        with override_settings(LOCALE_PATHS=[copy]):
            catalogues_extract()
    finally:
        os.chdir(cwd)
    return {
        language: polib.pofile(str(copy / language / "LC_MESSAGES" / "django.po"))
        for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_is_up_to_date_with_the_source(language, extracted):
    committed = {_key(e) for e in catalogue(language) if not e.obsolete}
    source = {_key(e) for e in extracted[language] if not e.obsolete}
    missing = sorted(msgid for _, msgid, _ in source - committed)
    stale = sorted(msgid for _, msgid, _ in committed - source)
    assert not missing, _report(
        language, "strings of the source missing from the .po (run bin/makemessages)", missing
    )
    assert not stale, _report(
        language, "strings of the .po no longer in the source (run bin/makemessages)", stale
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(language)
    nplurals = {"fr": 2, "ar": 6}[language]
    untranslated = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
        else:
            forms = [entry.msgstr]
        if "fuzzy" in entry.flags or not all(form.strip() for form in forms):
            untranslated.append(entry.msgid)
    assert not untranslated, _report(language, "strings untranslated or fuzzy", untranslated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_tags(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            # A plural form may leave the count out ("one returnee"), not any other name.
            expected = set(placeholders(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                if not set(placeholders(form)) <= expected | {"%(count)s", "%d"} or not (
                    expected - {"%(count)s", "%d"} <= set(placeholders(form))
                ):
                    wrong.append(f"{entry.msgid!r} -> {form!r}")
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            wrong.append(f"{entry.msgid!r} -> {entry.msgstr!r}")
    assert not wrong, _report(language, "translations whose placeholders or tags differ", wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_header_names_the_language_and_its_plural_forms(language):
    po = catalogue(language)
    assert po.metadata["Language"] == language
    assert (
        po.metadata["Plural-Forms"]
        == {
            "fr": "nplurals=2; plural=(n > 1);",
            "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=11 && n%100<=99 ? 4 : 5;",
        }[language]
    )
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po(language):
    """The .mo files are committed (the app needs no gettext to run): they must be compiled
    from the .po as committed (bin/makemessages or bin/compilemessages)."""
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} missing: run bin/compilemessages"

    def translations(entries) -> dict:
        found = {}
        for entry in entries:
            if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
                continue
            value = (
                tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            )
            if value and (entry.msgid_plural or value.strip()):
                found[_key(entry)] = value
        return found

    po = translations(catalogue(language))
    mo = translations(polib.mofile(str(mo_path)))
    differ = sorted(k[1] for k in po.keys() ^ mo.keys()) + sorted(
        k[1] for k in po.keys() & mo.keys() if po[k] != mo[k]
    )
    assert not differ, _report(
        language, "strings whose .mo differs from the .po (run bin/compilemessages)", differ
    )
