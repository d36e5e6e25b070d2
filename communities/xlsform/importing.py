"""Importing the submissions of a form: the rules every form shares.

Policy: the file is read whole first; a file that cannot be read, or that answers another
form, is refused whole and nothing changes. Otherwise each submission is its own unit: it
becomes one draft record, or it is skipped and listed with its reason (already imported, an
unknown community, an older form version, not approved, a bad answer named by field), and
the rest are imported. A field team's file mixes many enumerators' work, and one bad rating
should not hold back everyone else's; importing the same file again after fixing the
submission in the tool imports just that one, since nothing is created twice. Each
submission is written in its own savepoint inside the import's transaction, so a submission
either lands whole (record, submission row, audit) or leaves nothing behind.

An edited submission (its meta/deprecatedID is an imported instance, or it shares the root
of one) replaces that draft: the draft is deleted, audited, and the old submission row is
kept as "replaced" so importing the older export again does not bring the old version back.
A draft already finalised is never changed: the edit is listed instead.

Who and when: the enumerator is the tool's ``_submitted_by`` (KoboToolbox username) or
``SubmitterName`` (ODK Central), kept as text on the submission; when an active user of
that username (any capitalisation) exists in the importer's organization (any organization
for an administrator), the submission is linked to them and the record attributed to them.
The record's date is the form's "date of the data collection", else the day the form was
filled in (``today``), else the day it was sent; never a future date.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext, gettext_lazy

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AuditEvent, Role, User
from communities.xlsform.common import FORM_CODE, FORM_VERSION, Invalid
from communities.xlsform.models import FieldSubmission
from config.xlsform import Submission, SubmissionFileError, XLSForm, read_submissions

ALWAYS_SKIPPED_REVIEWS = {"not_approved", "rejected"}


@dataclass
class Prepared:
    """A submission read and checked, ready to become its draft."""

    collected_on: datetime.date
    subject_label: str
    row_fields: dict[str, Any]
    # (enumerator or None) -> the new draft record; called inside the savepoint.
    create: Callable[[User | None], models.Model]


# The messages that name what a submission became: one whole sentence per noun
# (FormSpec.noun), so that translators can agree each word with it.
EDITS_FINAL = {
    "profile": gettext_lazy(
        "It edits the submission %(id)s, whose profile a programme manager has already "
        "finalised; a final profile is never changed, so the edit is not imported. Record a "
        "new profile if it matters."
    ),
    "assessment": gettext_lazy(
        "It edits the submission %(id)s, whose assessment a programme manager has already "
        "finalised; a final assessment is never changed, so the edit is not imported. Record "
        "a new assessment if it matters."
    ),
}
NO_DRAFT_LEFT = {
    "profile": gettext_lazy("This submission has no draft profile left to discard."),
    "assessment": gettext_lazy("This submission has no draft assessment left to discard."),
}
FINAL_KEPT = {
    "profile": gettext_lazy("The profile is final: a final profile is never deleted."),
    "assessment": gettext_lazy("The assessment is final: a final assessment is never deleted."),
}


def _noun_message(messages: dict, noun: str) -> str:
    return str(messages[noun])


class FormSpec(Protocol):
    form: XLSForm
    form_id: str
    version: int
    noun: str
    model: type[FieldSubmission]

    def prepare(self, submission: Submission, *, actor: User) -> Prepared: ...

    def is_final(self, record: models.Model) -> bool: ...

    def discard(self, record: models.Model, *, actor: User, note: str) -> None: ...


@dataclass
class Outcome:
    label: str
    subject: str = ""
    reason: str = ""
    row: FieldSubmission | None = None


@dataclass
class SubmissionImportResult:
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    imported: list[Outcome] = field(default_factory=list)
    replaced: list[Outcome] = field(default_factory=list)
    already: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.imported) + len(self.replaced) + len(self.already) + len(self.skipped)


def form_code_of(submission: Submission) -> str:
    return submission.values.get(FORM_CODE, "").strip()


def version_of(submission: Submission) -> int | None:
    """The instrument version the submission answers: the hidden form_version field, else
    the part before the dot of the tool's version (ODK Central's FormVersion)."""
    text = submission.values.get(FORM_VERSION, "").strip()
    text = text or submission.tool_version.split(".", 1)[0].strip()
    return int(text) if text.isdigit() else None


def _wrong_form(spec: FormSpec, submissions: list[Submission]) -> str:
    codes = {form_code_of(s) for s in submissions}
    if codes == {""}:
        return gettext(
            "The file does not say which form its submissions answer (no form_code column). "
            "Fill in the form downloaded from this page, and export its data with “XML "
            "values and headers” (KoboToolbox) or as CSV (ODK Central)."
        )
    if spec.form_id not in codes:
        others = ", ".join(f"“{c}”" for c in sorted(codes - {""}))
        return gettext(
            "These are submissions of the form %(others)s, not of “%(form)s”: import "
            "them on that form's page."
        ) % {"others": others, "form": spec.form_id}
    return ""


def _superseded_in_file(submissions: list[Submission]) -> dict[int, Submission]:
    """{id(submission): the later edit in the same file that replaces it}: the one whose
    deprecatedID names it, or the later of two sharing a root (the later submission time,
    else the later in the file)."""
    by_instance = {s.instance_id: s for s in submissions if s.instance_id}
    superseded: dict[int, Submission] = {}
    for submission in submissions:
        older = by_instance.get(submission.deprecated_id)
        if older is not None and older is not submission:
            superseded[id(older)] = submission
    latest_of_root: dict[str, Submission] = {}
    for submission in submissions:
        if not submission.root_id or id(submission) in superseded:
            continue
        current = latest_of_root.setdefault(submission.root_id, submission)
        if current.instance_id == submission.instance_id:
            continue  # itself, or a copy of it (reported as such)
        if current.submitted_at and submission.submitted_at:
            later = submission.submitted_at >= current.submitted_at
        else:
            later = True
        if later:
            superseded[id(current)] = submission
            latest_of_root[submission.root_id] = submission
        else:
            superseded[id(submission)] = current
    return superseded


def _enumerator(name: str, actor: User, cache: dict[str, User | None]) -> User | None:
    """The active user whose username is the enumerator's, in the importer's organization
    (an administrator's import matches any organization's)."""
    if not name:
        return None
    if name not in cache:
        users = User.objects.filter(username__iexact=name, is_active=True)
        if actor.organization_id and not actor.has_role(Role.ADMIN):
            users = users.filter(organization_id=actor.organization_id)
        found = list(users[:2])
        cache[name] = found[0] if len(found) == 1 else None
    return cache[name]


def _predecessor(submission: Submission, existing: list[FieldSubmission]) -> FieldSubmission | None:
    """The imported submission this one edits, followed to its latest replacement."""
    found = next((r for r in existing if r.instance_id == submission.deprecated_id), None)
    if found is None and submission.root_id:
        same_root = [r for r in existing if r.root_id == submission.root_id]
        found = max(same_root, key=lambda r: r.pk, default=None)
    seen = set()
    while found is not None and found.state == FieldSubmission.State.REPLACED:
        if found.pk in seen or found.replaced_by_id is None:
            break
        seen.add(found.pk)
        found = type(found).objects.get(pk=found.replaced_by_id)
    return found


def _messages(error: ValidationError) -> list[str]:
    """A service's refusal as text; a key like "code-field" reads "code field: ..."."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        " ".join(messages)
        if key == NON_FIELD_ERRORS
        else f"{key.replace('-', ' ')}: " + " ".join(messages)
        for key, messages in error.message_dict.items()
    ]


def submissions_import(
    *, actor: User, spec: FormSpec, file: IO[bytes], filename: str, approved_only: bool = False
) -> SubmissionImportResult:
    """Import the file's submissions of ``spec``'s form as drafts (see the module's policy)."""
    try:
        parsed = read_submissions(file, filename, names=set(spec.form.fields_by_name))
    except SubmissionFileError as error:
        return SubmissionImportResult(errors=[str(error)])
    if not parsed.submissions:
        return SubmissionImportResult(errors=[gettext("The file holds no submissions.")])
    wrong = _wrong_form(spec, parsed.submissions)
    if wrong:
        return SubmissionImportResult(errors=[wrong])
    with transaction.atomic():
        return _import(actor, spec, parsed.submissions, parsed.notices, filename, approved_only)


def _import(actor, spec, submissions, notices, filename, approved_only) -> SubmissionImportResult:
    result = SubmissionImportResult(notices=list(notices))
    ids = {s.instance_id for s in submissions} | {s.deprecated_id for s in submissions}
    roots = {s.root_id for s in submissions}
    existing = list(
        spec.model.objects.select_for_update()
        .filter(models.Q(instance_id__in=ids - {""}) | models.Q(root_id__in=roots - {""}))
        .order_by("pk")
    )
    by_instance = {r.instance_id: r for r in existing}
    superseded = _superseded_in_file(submissions)
    seen: dict[str, str] = {}
    enumerators: dict[str, User | None] = {}
    for submission in submissions:
        outcome = Outcome(label=submission.label)
        if submission.instance_id in by_instance or submission.instance_id in seen:
            outcome.reason = _already(submission, by_instance, seen)
            result.already.append(outcome)
            continue
        reason = _skip_reason(spec, submission, superseded, approved_only)
        if reason:
            outcome.reason = reason
            result.skipped.append(outcome)
            continue
        seen[submission.instance_id] = submission.where
        predecessor = _predecessor(submission, existing)
        live = predecessor is not None and predecessor.state == FieldSubmission.State.IMPORTED
        record = getattr(predecessor, spec.model.RECORD_FIELD) if live else None
        if record is not None and spec.is_final(record):
            outcome.reason = _noun_message(EDITS_FINAL, spec.noun) % {"id": predecessor.instance_id}
            result.skipped.append(outcome)
            continue
        try:
            with transaction.atomic():
                prepared = spec.prepare(submission, actor=actor)
                outcome.subject = prepared.subject_label
                enumerator = _enumerator(submission.submitted_by, actor, enumerators)
                if record is not None:
                    _retire(
                        spec, predecessor, actor=actor, note=f"edited: {submission.instance_id}"
                    )
                root = predecessor.root_id if predecessor is not None else submission.root_id
                row = _record(spec, submission, prepared, enumerator, actor, filename, root)
                if record is not None:
                    _link(predecessor, row, actor=actor)
        except Invalid as error:
            outcome.reason = " ".join(error.reasons)
            result.skipped.append(outcome)
            continue
        except ValidationError as error:
            outcome.reason = " ".join(_messages(error))
            result.skipped.append(outcome)
            continue
        except IntegrityError:
            # Imported by someone else while this file was read: nothing of it was written.
            outcome.reason = gettext(
                "Already imported (by another import running at the same time)."
            )
            result.already.append(outcome)
            continue
        outcome.row = row
        existing.append(row)
        by_instance[row.instance_id] = row
        (result.replaced if record is not None else result.imported).append(outcome)
    return result


def _already(submission, by_instance, seen) -> str:
    row = by_instance.get(submission.instance_id)
    if row is None:
        return gettext("Already in this file, at %(where)s.") % {
            "where": seen[submission.instance_id]
        }
    state = row.get_state_display().lower()
    return gettext("Already imported on %(date)s (%(state)s).") % {
        "date": f"{row.created_at:%Y-%m-%d}",
        "state": state,
    }


def _skip_reason(spec, submission, superseded, approved_only) -> str:
    """Why the submission is not imported, before its answers are read; "" if it may be."""
    if not submission.instance_id:
        return gettext(
            "It has no instance ID (meta/instanceID or _uuid): export the submissions with "
            "their metadata columns."
        )
    if id(submission) in superseded:
        return gettext("Replaced by its edit at %(where)s of this file.") % {
            "where": superseded[id(submission)].where
        }
    code = form_code_of(submission)
    if code != spec.form_id:
        return gettext("It answers the form “%(code)s”, not “%(form)s”.") % {
            "code": code or gettext("unknown"),
            "form": spec.form_id,
        }
    version = version_of(submission)
    if version is None:
        return gettext("It does not say which version of the form it answers (no form_version).")
    if version < spec.version:
        return gettext(
            "Filled in on version %(version)s of the form; %(form)s is now at version "
            "%(current)s, whose items may differ. Collect it again with the current form."
        ) % {"version": version, "form": spec.form_id, "current": spec.version}
    if version > spec.version:
        return gettext(
            "Version %(version)s of the form is not known here (current: %(current)s)."
        ) % {
            "version": version,
            "current": spec.version,
        }
    if submission.review in ALWAYS_SKIPPED_REVIEWS:
        return gettext("Marked “%(review)s” in the collection tool.") % {
            "review": submission.review_label
        }
    if approved_only and submission.review != "approved":
        return gettext("Not validated as approved (%(review)s).") % {
            "review": submission.review_label
        }
    return " ".join(submission.problems)


def _record(spec, submission, prepared, enumerator, actor, filename, root) -> FieldSubmission:
    draft = prepared.create(enumerator)
    row = spec.model(
        instance_id=submission.instance_id,
        root_id=root or submission.instance_id,
        deprecated_id=submission.deprecated_id,
        form_id=spec.form_id,
        form_version=spec.version,
        tool_version=submission.tool_version[:60],
        subject_label=prepared.subject_label[:300],
        collected_on=prepared.collected_on,
        submitted_at=submission.submitted_at,
        submitted_by=submission.submitted_by[:150],
        enumerator=enumerator,
        review=submission.review[:20],
        imported_by=actor,
        source_file=filename[:200],
        data=submission.values,
        **{spec.model.RECORD_FIELD: draft},
        **prepared.row_fields,
    )
    row.full_clean(validate_unique=False)  # the unique instance ID is the database's to refuse
    row.save()
    audit_record(actor=actor, action=AuditEvent.Action.IMPORT, instance=row, note=filename)
    return row


def _retire(
    spec, row: FieldSubmission, *, actor: User, note: str, state=FieldSubmission.State.REPLACED
) -> None:
    """Take the draft off a replaced or discarded submission and delete it (audited)."""
    record = getattr(row, spec.model.RECORD_FIELD)
    before = audit_snapshot(row)
    setattr(row, spec.model.RECORD_FIELD, None)
    row.state = state
    row.save()
    spec.discard(record, actor=actor, note=note)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=row,
        changes=audit_diff(before, audit_snapshot(row)),
        note=note,
    )


def _link(row: FieldSubmission, replacement: FieldSubmission, *, actor: User) -> None:
    row.replaced_by = replacement
    row.save(update_fields=["replaced_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=row,
        changes={"replaced_by": [None, replacement.pk]},
    )


@transaction.atomic
def submission_discard(*, actor: User, spec: FormSpec, submission: FieldSubmission):
    """A reviewer sets an imported submission aside: its draft is deleted (audited) and the
    submission kept as discarded, so importing the file again does not bring it back."""
    row = spec.model.objects.select_for_update().get(pk=submission.pk)
    record = getattr(row, spec.model.RECORD_FIELD)
    if row.state != FieldSubmission.State.IMPORTED or record is None:
        raise ValidationError(_noun_message(NO_DRAFT_LEFT, spec.noun))
    if spec.is_final(record):
        raise ValidationError(_noun_message(FINAL_KEPT, spec.noun))
    _retire(
        spec,
        row,
        actor=actor,
        note=f"discarded submission {row.instance_id}",
        state=FieldSubmission.State.DISCARDED,
    )
    return row
