"""An instrument as an XLSForm: its items in the handbook's order, grouped by the
instrument's groups (Table 3.1 / 6.1 phases, Table 3.2 positive and negative criteria,
Table 3.5's two assessments), each with the answer its type asks for.

Per item ``<code>`` (as ``q_<code>``, lower-cased):

- ``q_<code>``: the rating or choice (the scale and "unknown" as choices), or the text answer
  of a research question;
- ``q_<code>_note``: the assessor's note on a rating or choice;
- ``q_<code>_methods``: the data-collection methods used (select_multiple);
- ``q_<code>_sources``: the sources.
"""

import datetime
import re

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.catalogues import TABLE_3_2, TABLE_3_5
from assessments.forms import RATINGS
from assessments.models import Instrument, InstrumentItem
from assessments.xlsform import subjects
from communities.xlsform.common import (
    COMMUNITY_LIST,
    UNKNOWN,
    UNKNOWN_LABEL,
    add_header,
    communities_for_form,
    community_choices,
    methods_question,
)
from config.translations import SOURCE_LANGUAGE, XLSFORM_LANGUAGES, localized, target_languages
from config.xlsform import Question, XLSForm, export_version

AnswerType = Instrument.AnswerType
UNKNOWN_CHOICE = (UNKNOWN, UNKNOWN_LABEL)
# The choice list of each answer type; "unknown" is a choice of every scale, so that an
# enumerator says so rather than skipping the question.
ANSWER_CHOICES: dict[str, list[tuple[str, str]]] = {
    AnswerType.RATING_0_3: [(value, label) for value, label in RATINGS if value] + [UNKNOWN_CHOICE],
    AnswerType.RATING_1_5: [
        ("1", _("1 – lowest")),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", _("5 – highest")),
        UNKNOWN_CHOICE,
    ],
    AnswerType.YES_NO: [("yes", _("Yes")), ("no", _("No")), (UNKNOWN, _("Unknown"))],
    AnswerType.SUITABILITY: [
        ("suitable", _("Suitable")),
        ("concern", _("Concern")),
        ("unsuitable", _("Unsuitable")),
        UNKNOWN_CHOICE,
    ],
}
SCALE_HINTS = {
    AnswerType.RATING_0_3: _("Rate 0 (not met) to 3 (fully met), or unknown."),
    AnswerType.RATING_1_5: _("Rate 1 (lowest) to 5 (highest), or unknown."),
    AnswerType.YES_NO: _("Is the criterion met? Yes, no, or unknown."),
    AnswerType.SUITABILITY: _("Suitable, a concern, or unsuitable; or unknown."),
}
PROJECT = "project"


def item_base(item: InstrumentItem) -> str:
    return "q_" + re.sub(r"[^a-z0-9_]", "_", item.code.lower())


def item_names(item: InstrumentItem, answer_type: str) -> dict[str, str]:
    """{part: question name}; a research question's answer is text, so it has no note."""
    base = item_base(item)
    names = {"answer": base, "methods": f"{base}_methods", "sources": f"{base}_sources"}
    if answer_type != AnswerType.TEXT:
        names["note"] = f"{base}_note"
    return names


def subject_name(instrument: Instrument) -> str:
    return "community" if instrument.subject == Instrument.Subject.COMMUNITY else PROJECT


def xlsform_languages(instrument: Instrument) -> list[str]:
    """The languages besides English in which some item of the instrument is translated:
    the form carries a column per language for them (issue 11)."""
    found = set()
    for translations in instrument.items.values_list("translations", flat=True):
        found.update(code for code, texts in (translations or {}).items() if texts.get("text"))
    return [code for code in target_languages() if code in found]


def instrument_xlsform(
    instrument: Instrument,
    *,
    user: User | None = None,
    country: str = "",
    exported_at: datetime.datetime | None = None,
    with_subjects: bool = True,
    languages: list[str] | tuple[str, ...] = (),
) -> XLSForm:
    """The instrument's form. ``user`` sees the projects a project instrument lists; an
    import reads answers ``with_subjects=False``, since it looks the subject up itself.
    With ``languages``, the form is multilingual (xlsform.org, "Multiple language
    support"): English, the handbook's source text, is the default language, and each
    language adds its own label and hint columns; an untranslated text stays English."""
    exported_at = exported_at or timezone.now()
    arguments = {
        "user": user,
        "country": country,
        "exported_at": exported_at,
        "with_subjects": with_subjects,
    }
    with translation.override(SOURCE_LANGUAGE):
        form = _instrument_form(instrument, language=SOURCE_LANGUAGE, **arguments)
    if languages:
        form.default_language = XLSFORM_LANGUAGES[SOURCE_LANGUAGE]
        for language in languages:
            with translation.override(language):
                other = _instrument_form(instrument, language=language, **arguments)
            form.translate(XLSFORM_LANGUAGES[language], other)
    return form


def _instrument_form(
    instrument: Instrument,
    *,
    language: str,
    user: User | None,
    country: str,
    exported_at: datetime.datetime,
    with_subjects: bool,
) -> XLSForm:
    form = XLSForm(
        form_id=instrument.code,
        title=f"{instrument.name} (v{instrument.version})",
        version=export_version(instrument.version, exported_at),
    )
    if instrument.subject == Instrument.Subject.COMMUNITY:
        label, list_name = _("Community"), COMMUNITY_LIST
        choices = community_choices(communities_for_form(country=country)) if with_subjects else []
    else:
        source = subjects.get(instrument.code)
        if source is None:
            raise LookupError(
                f"{instrument.name} assesses projects, and no list of projects is available "
                "yet (the projects app provides it)."
            )
        label, list_name = source.label, PROJECT
        choices = source.choices(user, instrument.code) if with_subjects and user else []
    add_header(
        form,
        form_code=instrument.code,
        version=instrument.version,
        subject_list=list_name,
        subject_label=label,
        subjects=choices,
        subject_name=subject_name(instrument),
    )
    answer_list = instrument.answer_type
    if instrument.answer_type in ANSWER_CHOICES:
        form.choice_list(answer_list, ANSWER_CHOICES[instrument.answer_type])
    items = list(instrument.items.order_by("order"))
    groups = list(dict.fromkeys(item.group for item in items))
    for number, group in enumerate(groups, start=1):
        name = f"g{number}"
        first = next(i for i in items if i.group == group)
        label = localized(first, "group", language) if group else ""
        form.begin_group(name, label or localized(instrument, "name", language))
        for item in (i for i in items if i.group == group):
            _item_questions(form, instrument, item, answer_list, language)
        form.end_group(name)
    form.add(Question("text", "notes", _("Notes on the assessment"), appearance="multiline"))
    return form


def _labels(instrument: Instrument, item: InstrumentItem, language: str) -> tuple[str, list[str]]:
    """The question's label and hints, in the handbook's words (or their translation)."""
    hints: list[str] = []
    text = localized(item, "text", language)
    label = f"{item.code}. {text}"
    if instrument.code == TABLE_3_5 and ": " in text:
        # Handbook Table 3.5: "<project criterion>: <required assessment>".
        criterion, assessment = text.split(": ", 1)
        label, hints = f"{criterion}", [assessment]
    if instrument.code == TABLE_3_2:
        hints.append(
            _("Negative criterion: “yes” means the project is not recommended.")
            if item.polarity == InstrumentItem.Polarity.NEGATIVE
            else _("Positive criterion: six or more “yes” recommend the project.")
        )
    if item.methods:
        hints.append(_("Proposed methods: %(methods)s.") % {"methods": "; ".join(item.methods)})
    if item.evidence_provider:
        hints.append(_("The app also suggests a rating from its records; yours is kept beside it."))
    if instrument.answer_type in SCALE_HINTS:
        hints.append(SCALE_HINTS[instrument.answer_type])
    return label, hints


def _item_questions(
    form: XLSForm, instrument: Instrument, item: InstrumentItem, answer_list: str, language: str
) -> None:
    names = item_names(item, instrument.answer_type)
    label, hints = _labels(instrument, item, language)
    short = label if len(label) <= 60 else f"{item.code}."
    if instrument.answer_type == AnswerType.TEXT:
        form.add(
            Question(
                "text",
                names["answer"],
                label,
                hint=" ".join(map(str, hints)),
                appearance="multiline",
            )
        )
    else:
        form.add(
            Question(
                f"select_one {answer_list}",
                names["answer"],
                label,
                hint=" ".join(map(str, hints)),
                required=True,
            ),
            Question(
                "text",
                names["note"],
                _("%(question)s Note") % {"question": short},
                hint=_("Why this answer: what you saw or heard."),
            ),
        )
    form.add(
        methods_question(names["methods"], _("%(question)s Methods used") % {"question": short}),
        Question(
            "text",
            names["sources"],
            _("%(question)s Sources") % {"question": short},
            hint=_("Documents and informants by role; no returnee's name."),
        ),
    )
