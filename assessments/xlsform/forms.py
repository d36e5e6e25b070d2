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

from django.utils import timezone

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
from config.xlsform import Question, XLSForm, export_version

AnswerType = Instrument.AnswerType
UNKNOWN_CHOICE = (UNKNOWN, UNKNOWN_LABEL)
# The choice list of each answer type; "unknown" is a choice of every scale, so that an
# enumerator says so rather than skipping the question.
ANSWER_CHOICES: dict[str, list[tuple[str, str]]] = {
    AnswerType.RATING_0_3: [(value, label) for value, label in RATINGS if value] + [UNKNOWN_CHOICE],
    AnswerType.RATING_1_5: [
        ("1", "1 – lowest"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5 – highest"),
        UNKNOWN_CHOICE,
    ],
    AnswerType.YES_NO: [("yes", "Yes"), ("no", "No"), (UNKNOWN, "Unknown")],
    AnswerType.SUITABILITY: [
        ("suitable", "Suitable"),
        ("concern", "Concern"),
        ("unsuitable", "Unsuitable"),
        UNKNOWN_CHOICE,
    ],
}
SCALE_HINTS = {
    AnswerType.RATING_0_3: "Rate 0 (not met) to 3 (fully met), or unknown.",
    AnswerType.RATING_1_5: "Rate 1 (lowest) to 5 (highest), or unknown.",
    AnswerType.YES_NO: "Is the criterion met? Yes, no, or unknown.",
    AnswerType.SUITABILITY: "Suitable, a concern, or unsuitable; or unknown.",
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


def instrument_xlsform(
    instrument: Instrument,
    *,
    user: User | None = None,
    country: str = "",
    exported_at: datetime.datetime | None = None,
    with_subjects: bool = True,
) -> XLSForm:
    """The instrument's form. ``user`` sees the projects a project instrument lists; an
    import reads answers ``with_subjects=False``, since it looks the subject up itself."""
    exported_at = exported_at or timezone.now()
    form = XLSForm(
        form_id=instrument.code,
        title=f"{instrument.name} (v{instrument.version})",
        version=export_version(instrument.version, exported_at),
    )
    if instrument.subject == Instrument.Subject.COMMUNITY:
        label, list_name = "Community", COMMUNITY_LIST
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
        form.begin_group(name, group or instrument.name)
        for item in (i for i in items if i.group == group):
            _item_questions(form, instrument, item, answer_list)
        form.end_group(name)
    form.add(Question("text", "notes", "Notes on the assessment", appearance="multiline"))
    return form


def _labels(instrument: Instrument, item: InstrumentItem) -> tuple[str, list[str]]:
    """The question's label and hints, in the handbook's words."""
    hints: list[str] = []
    label = f"{item.code}. {item.text}"
    if instrument.code == TABLE_3_5 and ": " in item.text:
        # Handbook Table 3.5: "<project criterion>: <required assessment>".
        criterion, assessment = item.text.split(": ", 1)
        label, hints = f"{criterion}", [assessment]
    if instrument.code == TABLE_3_2:
        hints.append(
            "Negative criterion: “yes” means the project is not recommended."
            if item.polarity == InstrumentItem.Polarity.NEGATIVE
            else "Positive criterion: six or more “yes” recommend the project."
        )
    if item.methods:
        hints.append("Proposed methods: " + "; ".join(item.methods) + ".")
    if item.evidence_provider:
        hints.append("The app also suggests a rating from its records; yours is kept beside it.")
    if instrument.answer_type in SCALE_HINTS:
        hints.append(SCALE_HINTS[instrument.answer_type])
    return label, hints


def _item_questions(
    form: XLSForm, instrument: Instrument, item: InstrumentItem, answer_list: str
) -> None:
    names = item_names(item, instrument.answer_type)
    label, hints = _labels(instrument, item)
    short = label if len(label) <= 60 else f"{item.code}."
    if instrument.answer_type == AnswerType.TEXT:
        form.add(
            Question("text", names["answer"], label, hint=" ".join(hints), appearance="multiline")
        )
    else:
        form.add(
            Question(
                f"select_one {answer_list}",
                names["answer"],
                label,
                hint=" ".join(hints),
                required=True,
            ),
            Question(
                "text",
                names["note"],
                f"{short} Note",
                hint="Why this answer: what you saw or heard.",
            ),
        )
    form.add(
        methods_question(names["methods"], f"{short} Methods used"),
        Question(
            "text",
            names["sources"],
            f"{short} Sources",
            hint="Documents and informants by role; no returnee's name.",
        ),
    )
