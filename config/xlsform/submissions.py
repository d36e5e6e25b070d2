"""Reading the submissions of an XLSForm as KoboToolbox and ODK Central give them.

Three shapes are read:

- the JSON of KoboToolbox's API v2 data endpoint (``/api/v2/assets/<uid>/data/?format=json``):
  ``{count, next, previous, results}``, each submission a flat object whose grouped questions
  are keyed ``group/question``, with ``_uuid``, ``meta/instanceID``, ``meta/deprecatedID`` (on
  an edited submission: the instance it replaces), ``meta/rootUuid`` (newer KoboToolbox: the
  same on every edit), ``__version__``, ``_submission_time``, ``_submitted_by`` and
  ``_validation_status`` (``{"uid": "validation_status_approved", ...}``);
- a KoboToolbox CSV or XLSX export made with "XML values and headers": the same keys as
  columns;
- ODK Central's ``submissions.csv``: groups joined with "-", ``meta-instanceID``, ``KEY`` (the
  submission's first instance ID, the same on every edit), ``SubmissionDate``,
  ``SubmitterName``, ``ReviewState`` and ``FormVersion``.

Only what the file says is read here; what a submission means (its form, its community, its
answers) is the importing app's business. Layer 0 (DESIGN.md): this module imports no app.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from config.tabular import MAX_FILE_BYTES, TableError, cell_text, read_table

MAX_SUBMISSIONS = 5000
# The envelope of a submission, by the keys each tool uses (lower-cased).
INSTANCE_KEYS = ("meta/instanceid", "meta-instanceid", "meta.instanceid", "instanceid", "_uuid")
DEPRECATED_KEYS = ("meta/deprecatedid", "meta-deprecatedid", "meta.deprecatedid", "deprecatedid")
ROOT_KEYS = ("meta/rootuuid", "meta-rootuuid", "meta.rootuuid", "rootuuid", "key")
VERSION_KEYS = ("__version__", "formversion")
SUBMITTED_AT_KEYS = ("_submission_time", "submissiondate")
SUBMITTED_BY_KEYS = ("_submitted_by", "submittername")
REVIEW_KEYS = ("_validation_status", "reviewstate")
# KoboToolbox's validation statuses and ODK Central's review states, as one vocabulary.
REVIEW_STATES = {
    "validation_status_approved": "approved",
    "approved": "approved",
    "validation_status_not_approved": "not_approved",
    "not approved": "not_approved",
    "validation_status_on_hold": "on_hold",
    "on hold": "on_hold",
    "hasissues": "has_issues",
    "rejected": "rejected",
    "edited": "edited",
    "received": "",
}
REVIEW_LABELS = {
    "approved": "approved",
    "not_approved": "not approved",
    "on_hold": "on hold",
    "has_issues": "has issues",
    "rejected": "rejected",
    "edited": "edited",
    "": "not validated",
}
_SEPARATORS = re.compile(r"[/.\-:]")


class SubmissionFileError(Exception):
    """The file as a whole cannot be read as submissions; the message says why."""


@dataclass
class Submission:
    """One submission as the file gives it. ``values`` holds the answers by question name
    (the group prefix taken off); ``problems`` what could not be read."""

    where: str
    instance_id: str = ""
    root_id: str = ""
    deprecated_id: str = ""
    tool_version: str = ""
    submitted_at: datetime.datetime | None = None
    submitted_by: str = ""
    review: str = ""
    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.where} ({self.instance_id})" if self.instance_id else self.where

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS.get(self.review, self.review)


@dataclass
class SubmissionFile:
    submissions: list[Submission]
    notices: list[str] = field(default_factory=list)


def read_submissions(file: IO[bytes], filename: str, *, names: set[str]) -> SubmissionFile:
    """The submissions of a .json, .csv or .xlsx file; ``names`` are the form's questions."""
    lower = filename.lower()
    if lower.endswith(".json"):
        return _from_json(file, names)
    if lower.endswith((".csv", ".xlsx")):
        return _from_table(file, filename, names)
    if lower.endswith(".zip"):
        raise SubmissionFileError(
            _(
                "Unzip the export and upload the main .csv file inside "
                "(the one named after the form)."
            )
        )
    raise SubmissionFileError(
        _("Upload the KoboToolbox JSON (API v2 data), or a CSV or XLSX export of the submissions.")
    )


def _from_json(file: IO[bytes], names: set[str]) -> SubmissionFile:
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SubmissionFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SubmissionFileError(_("The JSON file is not UTF-8 encoded.")) from error
    except json.JSONDecodeError as error:
        raise SubmissionFileError(
            _("The file is not valid JSON: %(error)s at line %(line)s, column %(column)s.")
            % {"error": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    notices = []
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        results = payload["results"]
        if payload.get("next"):
            notices.append(
                _(
                    "The file is one page of %(count)s submissions (%(here)s in it): download "
                    "the next page too, or ask the API for all at once (?limit=…)."
                )
                % {"count": payload.get("count", "?"), "here": len(results)}
            )
    elif isinstance(payload, list):
        results = payload  # KoboToolbox's older API returns the bare list
    else:
        raise SubmissionFileError(
            _(
                "This JSON is not a KoboToolbox data export: expected an object with "
                "count, next, previous and results (the API v2 data endpoint)."
            )
        )
    if len(results) > MAX_SUBMISSIONS:
        raise SubmissionFileError(
            _("The file has more than %(count)s submissions.")
            % {"count": number_format(MAX_SUBMISSIONS, force_grouping=True)}
        )
    submissions = []
    for number, item in enumerate(results, start=1):
        where = _("submission %(number)s") % {"number": number}
        if not isinstance(item, dict):
            raise SubmissionFileError(
                _("Submission %(number)s is not a JSON object.") % {"number": number}
            )
        submissions.append(_submission(where, {str(k).lower(): v for k, v in item.items()}, names))
    return SubmissionFile(submissions, notices)


def _from_table(file: IO[bytes], filename: str, names: set[str]) -> SubmissionFile:
    try:
        table = read_table(file, filename, max_rows=MAX_SUBMISSIONS)
        records = table.records()
    except TableError as error:
        raise SubmissionFileError(str(error)) from error
    fields: dict[str, str] = {}
    for column in table.columns:
        name = _question_name(column, names)
        if name is not None and name in fields.values():
            first = next(c for c, n in fields.items() if n == name)
            raise SubmissionFileError(
                _("The columns “%(first)s” and “%(second)s” both hold the question %(name)s.")
                % {"first": first, "second": column, "name": name}
            )
        if name is not None:
            fields[column] = name
    submissions = [
        _submission(_("row %(number)s") % {"number": number}, values, names, fields=fields)
        for number, values in records
    ]
    return SubmissionFile(submissions)


def _question_name(key: str, names: set[str]) -> str | None:
    """The form's question a column or key holds: its own name, or its name after a group
    path ("g1/q_1", "g1-q_1"). Per-option columns ("g1/q_1_methods/desk_review") end in an
    option's name, never a question's, and are left out."""
    if key in names:
        return key
    last = _SEPARATORS.split(key)[-1]
    return last if last in names else None


def _first(values: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = values.get(key)
        if value not in (None, "", {}, []):
            return value
    return None


def _instance(value: Any) -> str:
    text = cell_text(value).lower()
    return text.removeprefix("uuid:")


def _submission(
    where: str, values: dict[str, Any], names: set[str], *, fields: dict[str, str] | None = None
) -> Submission:
    submission = Submission(where=where)
    submission.instance_id = _instance(_first(values, INSTANCE_KEYS))
    submission.deprecated_id = _instance(_first(values, DEPRECATED_KEYS))
    submission.root_id = _instance(_first(values, ROOT_KEYS)) or submission.instance_id
    submission.tool_version = cell_text(_first(values, VERSION_KEYS))
    submission.submitted_by = cell_text(_first(values, SUBMITTED_BY_KEYS))
    review = _first(values, REVIEW_KEYS)
    if isinstance(review, dict):  # the API's {"uid": ..., "label": ...}
        review = review.get("uid") or review.get("label")
    review_text = cell_text(review).lower()
    submission.review = REVIEW_STATES.get(review_text, review_text)
    submitted_at = _first(values, SUBMITTED_AT_KEYS)
    if submitted_at is not None:
        try:
            submission.submitted_at = _datetime(submitted_at)
        except ValueError:
            submission.problems.append(
                _("“%(value)s” is not a submission time.") % {"value": submitted_at}
            )
    for key, value in values.items():
        name = fields.get(key) if fields is not None else _question_name(key, names)
        if name is None:
            continue
        if isinstance(value, (list, dict)):
            submission.problems.append(
                _("%(question)s: expected one answer, found a list.") % {"question": name}
            )
            continue
        submission.values[name] = cell_text(value)
    return submission


def _datetime(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        moment = datetime.datetime.fromisoformat(str(value).strip())
    # KoboToolbox writes its submission times in UTC without saying so.
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
