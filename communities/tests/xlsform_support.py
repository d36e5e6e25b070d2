"""Test support for the XLSForms: converting a form with pyxform (and ODK Validate, where
Java is installed), and filling a downloaded form in as an enumerator would, written out as
KoboToolbox and ODK Central write their exports."""

import csv
import datetime
import io
import json
import shutil
import uuid
from dataclasses import dataclass, field

from openpyxl import load_workbook
from pyxform.xls2xform import convert

JAVA = shutil.which("java") is not None


def pyxform_convert(data: bytes, *, validate: bool = JAVA):
    """The XForm pyxform makes of an XLSX form; ``validate`` also runs ODK Validate (the
    JavaRosa engine ODK Collect uses), which needs Java. Raises on any error."""
    warnings: list[str] = []
    result = convert(
        xlsform=io.BytesIO(data), file_type=".xlsx", validate=validate, warnings=warnings
    )
    return result, warnings


@dataclass
class SurveyRow:
    type: str
    name: str
    path: list[str]  # the groups it sits in
    label: str = ""
    hint: str = ""
    required: str = ""
    relevant: str = ""
    calculation: str = ""

    @property
    def list_name(self) -> str:
        kind, _, rest = self.type.partition(" ")
        return rest if kind in {"select_one", "select_multiple"} else ""


@dataclass
class Workbook:
    survey: list[SurveyRow]
    choices: dict[str, list[tuple[str, str]]]
    settings: dict[str, str]
    groups: list[tuple[str, str]] = field(default_factory=list)  # (name, label) in order

    def row(self, name: str) -> SurveyRow:
        return next(r for r in self.survey if r.name == name)


def read_workbook(data: bytes) -> Workbook:
    """The three sheets of a downloaded XLSForm, as a person reading it would see them."""
    book = load_workbook(io.BytesIO(data), read_only=True)

    def rows(sheet):
        values = list(book[sheet].iter_rows(values_only=True))
        header = [str(h) for h in values[0]]
        return [
            {h: ("" if v is None else str(v)) for h, v in zip(header, r, strict=False)}
            for r in values[1:]
        ]

    settings = rows("settings")[0]
    # A multilingual form (issue 11) reads in its default language, English.
    suffix = f"::{settings['default_language']}" if settings.get("default_language") else ""
    survey, path, groups = [], [], []
    for row in rows("survey"):
        row["label"], row["hint"] = row.get(f"label{suffix}", ""), row.get(f"hint{suffix}", "")
        if row["type"] == "begin_group":
            path.append(row["name"])
            groups.append((row["name"], row["label"]))
            continue
        if row["type"] == "end_group":
            path.pop()
            continue
        survey.append(
            SurveyRow(
                type=row["type"],
                name=row["name"],
                path=list(path),
                label=row["label"],
                hint=row["hint"],
                required=row["required"],
                relevant=row["relevant"],
                calculation=row["calculation"],
            )
        )
    choices: dict[str, list[tuple[str, str]]] = {}
    for row in rows("choices"):
        choices.setdefault(row["list_name"], []).append((row["name"], row[f"label{suffix}"]))
    return Workbook(survey=survey, choices=choices, settings=settings, groups=groups)


def fill(workbook: Workbook, *, subject: str, collected_on: datetime.date, seed: int = 0) -> dict:
    """{question name: answer} as an enumerator fills the form in: every question answered,
    cycling through each list's choices so every choice (and "unknown") is used."""
    answers: dict[str, str] = {}
    for index, row in enumerate(workbook.survey):
        kind = row.type.split(" ", 1)[0]
        options = [name for name, _ in workbook.choices.get(row.list_name, [])]
        turn = index + seed
        if kind == "calculate":
            answers[row.name] = row.calculation.strip("'")
        elif kind in {"start", "end"}:
            answers[row.name] = f"{collected_on.isoformat()}T09:{turn % 60:02d}:00.000+00:00"
        elif kind in {"today", "date"}:
            answers[row.name] = collected_on.isoformat()
        elif row.name in {"community", "project"}:
            answers[row.name] = subject
        elif kind == "select_one":
            answers[row.name] = options[turn % len(options)]
        elif kind == "select_multiple":
            count = turn % 3  # none, one or two choices
            answers[row.name] = " ".join(options[(turn + k) % len(options)] for k in range(count))
        else:
            answers[row.name] = f"{row.name} answer {seed}: “quoted”, with; separators"
    for row in workbook.survey:
        # A question shown only when another has an answer (${x} != '') is left empty, as
        # the tools leave it, when that one has none.
        if row.relevant.startswith("${"):
            other = row.relevant[2 : row.relevant.index("}")]
            if not answers.get(other):
                answers[row.name] = ""
    return answers


def instance() -> str:
    return f"uuid:{uuid.uuid4()}"


def kobo_record(workbook: Workbook, answers: dict, **envelope) -> dict:
    """One submission as KoboToolbox's API v2 gives it: grouped questions keyed
    ``group/question``; unanswered questions left out."""
    record = {}
    for row in workbook.survey:
        value = answers.get(row.name, "")
        if value != "":
            record["/".join([*row.path, row.name])] = value
    instance_id = envelope.pop("instance_id", None) or instance()
    record.update(
        {
            "_id": envelope.pop("_id", 1),
            "_uuid": instance_id.removeprefix("uuid:"),
            "meta/instanceID": instance_id,
            "__version__": envelope.pop("version", "vKobo123"),
            "_submission_time": envelope.pop("submitted_at", "2026-03-02T10:15:00"),
            "_submitted_by": envelope.pop("submitted_by", None),
            "_validation_status": envelope.pop("validation", {}),
            "formhub/uuid": "f0e1d2",
            "_attachments": [],
            "_geolocation": [None, None],
            "_tags": [],
            "_notes": [],
            "_status": "submitted_via_web",
        }
    )
    if "deprecated_id" in envelope:
        record["meta/deprecatedID"] = envelope.pop("deprecated_id")
    if "root" in envelope:
        record["meta/rootUuid"] = envelope.pop("root")
    assert not envelope, envelope
    return record


def kobo_json(records: list[dict], *, next_page: str | None = None) -> bytes:
    return json.dumps(
        {"count": len(records), "next": next_page, "previous": None, "results": records}
    ).encode()


def kobo_csv(workbook: Workbook, records: list[dict]) -> bytes:
    """A KoboToolbox CSV export ("XML values and headers", ";"-separated, "/" between
    groups), with the per-option 0/1 columns of select_multiple questions."""
    header = []
    for row in workbook.survey:
        key = "/".join([*row.path, row.name])
        header.append(key)
        if row.type.startswith("select_multiple"):
            header += [f"{key}/{name}" for name, _ in workbook.choices[row.list_name]]
    meta = ["meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status"]
    meta += ["_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"]
    header += meta
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for index, record in enumerate(records, start=1):
        line = []
        for key in header:
            if key in record:
                value = record[key]
                if key == "_validation_status":
                    value = value.get("uid", "") if isinstance(value, dict) else value
                line.append(value if not isinstance(value, list) else "")
            elif key == "_index":
                line.append(index)
            else:
                parent, _, option = key.rpartition("/")
                chosen = str(record.get(parent, "")).split()
                line.append(("1" if option in chosen else "0") if parent in record else "")
        writer.writerow(line)
    return out.getvalue().encode("utf-8")


def central_csv(workbook: Workbook, rows: list[dict]) -> bytes:
    """An ODK Central submissions.csv: groups joined with "-", then its own columns.
    Each row: {"answers", "instance_id", "key", "submitter", "review", "version", "date"}."""
    questions = [("-".join([*r.path, r.name]), r.name) for r in workbook.survey]
    header = ["SubmissionDate", *(key for key, _ in questions), "meta-instanceID", "KEY"]
    header += ["SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected"]
    header += ["Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                row.get("date", "2026-03-02T10:15:00.000Z"),
                *(row["answers"].get(name, "") for _, name in questions),
                row["instance_id"],
                row.get("key", row["instance_id"]),
                "7",
                row.get("submitter", ""),
                "0",
                "0",
                "",
                row.get("review", ""),
                "collect:abc",
                row.get("edits", "0"),
                row.get("version", workbook.settings["version"]),
            ]
        )
    return out.getvalue().encode("utf-8")
