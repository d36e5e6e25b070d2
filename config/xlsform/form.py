"""Writing an XLSForm (xlsform.org) that KoboToolbox and ODK Central read as they are, and
reading an answer back the way the form defined it.

A form is its three sheets: ``survey`` (one row per question, group or metadata),
``choices`` (the options of each list) and ``settings`` (form_id, version, form_title). The
same ``XLSForm`` object that writes the file checks the submissions' values on import, so
what the form offers and what the import accepts cannot drift apart.

Names are lower-case letters, digits and "_" only: the tools' exports join a grouped
question's name to its group's with "/" (KoboToolbox), "-" (ODK Central) or a separator the
user picks, and the CSV reader lower-cases headers; such names survive all of that.

Layer 0 (DESIGN.md): this module imports no app.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import IO

from config.tabular import xlsx_file

NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "appearance",
    "constraint",
    "constraint_message",
    "relevant",
    "calculation",
]
# The columns written once per language in a multilingual form ("label::Français (fr)").
TRANSLATED_COLUMNS = ["label", "hint", "constraint_message"]
# Questions that hold no answer of their own.
STRUCTURE_TYPES = {"begin_group", "end_group", "note"}


class AnswerError(ValueError):
    """An answer the form does not allow; the message says what it allows."""


@dataclass(frozen=True)
class Question:
    type: str
    name: str
    label: str = ""
    hint: str = ""
    required: bool = False
    appearance: str = ""
    constraint: str = ""
    constraint_message: str = ""
    relevant: str = ""
    calculation: str = ""

    @property
    def list_name(self) -> str:
        """The choice list of a select question ("select_one rating" -> "rating")."""
        kind, _, list_name = self.type.partition(" ")
        return list_name if kind in {"select_one", "select_multiple"} else ""

    def row(self) -> list[str]:
        values = {**self.__dict__, "required": "yes" if self.required else ""}
        # str(): a label may be a lazy translation, which the XLSX writer does not take.
        return [str(values[column]) for column in SURVEY_COLUMNS]


@dataclass
class XLSForm:
    form_id: str
    title: str
    version: str
    survey: list[Question] = field(default_factory=list)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # A multilingual form (xlsform.org, "Multiple language support"): this form's texts are
    # in ``default_language``; each of ``translations`` is the same form built in another
    # language, ``(column suffix, form)``. The import reads answers in the default one.
    default_language: str = ""
    translations: list[tuple[str, "XLSForm"]] = field(default_factory=list)

    def add(self, *questions: Question) -> None:
        for question in questions:
            if not NAME.match(question.name):
                raise ValueError(f"{question.name!r} is not a name the exports keep intact.")
            taken = {q.name for q in self.survey if q.type != "end_group"}
            if question.type != "end_group" and question.name in taken:
                # Unique across groups too: the import finds a question by its own name.
                raise ValueError(f"The form already has a question named {question.name!r}.")
            if question.list_name and question.list_name not in self.choices:
                raise ValueError(f"No choice list {question.list_name!r} for {question.name!r}.")
            self.survey.append(question)

    def begin_group(self, name: str, label: str) -> None:
        # field-list would show a whole group on one screen: too long for 20 questions on
        # a phone, so each question keeps its own screen and the group titles them.
        self.add(Question("begin_group", name, label))

    def end_group(self, name: str) -> None:
        self.add(Question("end_group", name))

    def choice_list(self, list_name: str, options: list[tuple[str, str]]) -> None:
        bad = [name for name, _ in options if not name or " " in name]
        if bad:
            # select_multiple answers are the chosen names joined by spaces.
            raise ValueError(f"Choice names may not be empty or hold spaces: {bad!r}.")
        self.choices[list_name] = [(name, str(label)) for name, label in options]

    def translate(self, language: str, form: "XLSForm") -> None:
        """Add ``form``, this form built in ``language``: same questions and choices."""
        if not self.default_language:
            raise ValueError("Name the default language before adding a translation.")
        same_survey = [(q.type, q.name) for q in form.survey] == [
            (q.type, q.name) for q in self.survey
        ]
        same_choices = {k: [n for n, _ in v] for k, v in form.choices.items()} == {
            k: [n for n, _ in v] for k, v in self.choices.items()
        }
        if not (same_survey and same_choices):
            raise ValueError(f"The {language} form does not have the same questions and choices.")
        self.translations.append((language, form))

    @property
    def fields_by_name(self) -> dict[str, Question]:
        """The questions that hold an answer (metadata and calculations included)."""
        return {q.name: q for q in self.survey if q.type not in STRUCTURE_TYPES}

    def sheets(self) -> dict[str, list[list[str]]]:
        if self.translations:
            return self._multilingual_sheets()
        return {
            "survey": [SURVEY_COLUMNS, *(q.row() for q in self.survey)],
            "choices": [
                ["list_name", "name", "label"],
                *(
                    [list_name, name, label]
                    for list_name, options in self.choices.items()
                    for name, label in options
                ),
            ],
            "settings": [
                ["form_title", "form_id", "version"],
                [self.title, self.form_id, self.version],
            ],
        }

    def _multilingual_sheets(self) -> dict[str, list[list[str]]]:
        forms = [(self.default_language, self), *self.translations]
        plain = [c for c in SURVEY_COLUMNS if c not in TRANSLATED_COLUMNS]
        survey = [
            ["type", "name"]
            + [f"{column}::{language}" for column in TRANSLATED_COLUMNS for language, _ in forms]
            + plain[2:]
        ]
        for index, question in enumerate(self.survey):
            texts = [
                str(getattr(form.survey[index], column))
                for column in TRANSLATED_COLUMNS
                for _, form in forms
            ]
            row = dict(zip(SURVEY_COLUMNS, question.row(), strict=True))
            survey.append([question.type, question.name, *texts, *(row[c] for c in plain[2:])])
        choices = [["list_name", "name", *(f"label::{language}" for language, _ in forms)]]
        for list_name, options in self.choices.items():
            for index, (name, _) in enumerate(options):
                labels = [form.choices[list_name][index][1] for _, form in forms]
                choices.append([list_name, name, *labels])
        return {
            "survey": survey,
            "choices": choices,
            "settings": [
                ["form_title", "form_id", "version", "default_language"],
                [self.title, self.form_id, self.version, self.default_language],
            ],
        }

    def file(self) -> IO[bytes]:
        """The XLSX workbook, rewound; the caller closes it."""
        return xlsx_file(self.sheets())

    # --- reading answers back ---

    def answer(self, name: str, raw: str) -> str | list[str] | datetime.date | None:
        """``raw`` (as an export gives it) checked against question ``name``: a choice name
        for select_one, a list of names for select_multiple, a date, or the text itself.
        A choice may be given by its name or, as an export "with labels" writes it, by its
        label. Empty is None (or [] for select_multiple)."""
        question = self.fields_by_name[name]
        text = (raw or "").strip()
        kind = question.type.split(" ", 1)[0]
        if kind == "select_one":
            return self._choice(question, text) if text else None
        if kind == "select_multiple":
            names: list[str] = []
            for part in text.split():
                choice = self._choice(question, part)
                if choice not in names:
                    names.append(choice)
            return names
        if kind in {"date", "today"}:
            return _date(text) if text else None
        return text

    def _choice(self, question: Question, text: str) -> str:
        options = self.choices[question.list_name]
        wanted = text.lower()
        for name, label in options:
            if wanted in {name.lower(), label.lower()}:
                return name
        allowed = ", ".join(name for name, _ in options)
        raise AnswerError(f"“{text}” is not one of the choices ({allowed}).")


def _date(text: str) -> datetime.date:
    # Exports write a date as YYYY-MM-DD, sometimes with a time after it.
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as error:
        raise AnswerError(f"“{text}” is not a date written as YYYY-MM-DD.") from error


def calculate(name: str, value: str) -> Question:
    """A hidden field submitted with every answer, holding a fixed text."""
    if "'" in value:
        raise ValueError("A calculated constant may not hold an apostrophe.")
    return Question("calculate", name, calculation=f"'{value}'")


def metadata() -> list[Question]:
    """When the form was opened and finished, and on which day (filled in by the device)."""
    return [Question("start", "start"), Question("end", "end"), Question("today", "today")]


def export_version(major: int, exported_at: datetime.datetime) -> str:
    """``<major>.<YYYYMMDDHHMM>``: ODK Central asks for a new version string whenever a form
    is uploaded again (a refreshed list of communities, say), so the time of the export
    follows the instrument's version, which stays the part before the dot."""
    return f"{major}.{exported_at:%Y%m%d%H%M}"
