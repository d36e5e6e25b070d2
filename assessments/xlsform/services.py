"""Submissions of an instrument's XLSForm imported as draft assessments, and their review:
a programme manager finalises a draft, or discards it.

The rules every form shares (what is skipped and why, edits replacing drafts, nothing
created twice) are ``communities.xlsform.importing``'s; here is what is particular to the
instruments: the subject (a community, or a project from the registered source), the
answers by answer type, and the enumerator as the assessor.
"""

from functools import cached_property
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audit_snapshot, audited_update
from accounts.models import AuditEvent, User
from assessments.catalogues import ALTAI
from assessments.models import Assessment, Instrument, Submission
from assessments.services.instruments import assessment_record
from assessments.xlsform import subjects
from assessments.xlsform.forms import (
    AnswerType,
    instrument_xlsform,
    item_names,
    subject_name,
)
from communities.hooks import communities_changed
from communities.xlsform.common import (
    UNKNOWN,
    Invalid,
    answers,
    collected_on,
    community_label,
    community_of,
)
from communities.xlsform.importing import (
    Prepared,
    SubmissionImportResult,
    submission_discard,
    submissions_import,
)
from config.xlsform import Submission as FileSubmission
from config.xlsform import XLSForm

RATING_TYPES = (AnswerType.RATING_0_3, AnswerType.RATING_1_5)
# A yes/no item keeps "unknown" as its answer (the instruments service allows it); a
# suitability left unknown is empty, as Table 3.5's conclusion reads it.
KEEPS_UNKNOWN = (AnswerType.YES_NO,)
# assessment_record names a bad answer "<item code>-<field>"; the form's part for each field.
PART_OF_FIELD = {"rating": "answer", "choice": "answer", "text": "note", "methods": "methods"}


class InstrumentFormSpec:
    """What the import engine needs to know of one instrument's form."""

    noun = "assessment"
    model = Submission

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.form_id = instrument.code
        self.version = instrument.version
        self.is_community = instrument.subject == Instrument.Subject.COMMUNITY

    @cached_property
    def form(self) -> XLSForm:
        return instrument_xlsform(self.instrument, with_subjects=False)

    @cached_property
    def items(self):
        return list(self.instrument.items.order_by("order"))

    def _subject(self, submission: FileSubmission, actor: User):
        if self.is_community:
            community = community_of(submission)
            return community, None, community_label(community)
        raw = submission.values.get(subject_name(self.instrument), "").strip()
        source = subjects.get(self.instrument.code)
        found = source.resolve(actor, self.instrument.code, raw) if source and raw else None
        if found is None:
            raise Invalid(
                f"project: unknown project “{raw}”, or one you may not assess."
                if raw
                else "project: no project chosen."
            )
        return None, found, str(found)

    def _answers(self, submission: FileSubmission, date) -> tuple[dict[str, dict], str]:
        answer_type = self.instrument.answer_type
        names = {item.code: item_names(item, answer_type) for item in self.items}
        found = answers(
            self.form,
            submission,
            [n for parts in names.values() for n in parts.values()] + ["notes"],
        )
        result: dict[str, dict[str, Any]] = {}
        for item in self.items:
            parts = {part: found[name] for part, name in names[item.code].items()}
            value = parts["answer"]
            row: dict[str, Any] = {
                "methods": parts["methods"],
                "sources": parts["sources"],
                "answered_on": date,
            }
            if answer_type == AnswerType.TEXT:
                row["text"] = value
            elif answer_type in RATING_TYPES:
                row["rating"] = None if value in (None, UNKNOWN) else int(value)
                row["text"] = parts["note"]
            else:
                keep = answer_type in KEEPS_UNKNOWN
                row["choice"] = "" if value is None or (value == UNKNOWN and not keep) else value
                row["text"] = parts["note"]
            result[item.code] = row
        return result, found["notes"]

    def _named(self, error: ValidationError) -> Invalid:
        """The service's refusal with the form's question names."""
        answer_type = self.instrument.answer_type
        reasons = []
        for key, messages in error.message_dict.items():
            code, _sep, field = key.partition("-")
            item = next((i for i in self.items if i.code == code), None)
            if item is not None and field in PART_OF_FIELD:
                parts = item_names(item, answer_type)
                key = parts.get(PART_OF_FIELD[field], parts["answer"])
            reasons.append(f"{key}: {' '.join(messages)}")
        return Invalid(*reasons)

    def prepare(self, submission: FileSubmission, *, actor: User) -> Prepared:
        community, project, label = self._subject(submission, actor)
        date = collected_on(self.form, submission)
        item_answers, notes = self._answers(submission, date)

        def create(enumerator: User | None) -> Assessment:
            try:
                assessment = assessment_record(
                    actor=actor,
                    instrument=self.instrument,
                    assessed_on=date,
                    answers=item_answers,
                    community=community,
                    subject=project,
                    status=Assessment.Status.DRAFT,
                    notes=notes,
                )
            except ValidationError as error:
                raise self._named(error) from error
            if enumerator is not None and enumerator.pk != actor.pk:
                # The enumerator who collected it is its assessor; the audit keeps who imported.
                audited_update(assessment, actor=actor, fields={"assessor": enumerator})
            return assessment

        return Prepared(
            collected_on=date,
            subject_label=label,
            row_fields={"instrument": self.instrument, "community": community},
            create=create,
        )

    def is_final(self, record: Assessment) -> bool:
        return record.status == Assessment.Status.FINAL

    def discard(self, record: Assessment, *, actor: User, note: str) -> None:
        _assessment_delete(record, actor=actor, note=note)


def _assessment_delete(assessment: Assessment, *, actor: User, note: str) -> None:
    answers_before = {
        a.item.code: audit_snapshot(a) for a in assessment.answers.select_related("item")
    }
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=assessment,
        changes={**audit_snapshot(assessment), "answers": answers_before},
        note=note,
    )
    assessment.delete()  # its answers go with it (CASCADE)


def assessment_submissions_import(
    *,
    actor: User,
    instrument: Instrument,
    file: IO[bytes],
    filename: str,
    approved_only: bool = False,
) -> SubmissionImportResult:
    """Each submission of ``instrument``'s form becomes a draft assessment."""
    return submissions_import(
        actor=actor,
        spec=InstrumentFormSpec(instrument),
        file=file,
        filename=filename,
        approved_only=approved_only,
    )


@transaction.atomic
def assessment_submission_finalise(*, actor: User, submission: Submission) -> Assessment:
    """A programme manager has reviewed the draft: it becomes final (and, for the Altai
    criteria, evidence for the community's score, which is queued for a rescore)."""
    row = Submission.objects.select_for_update().get(pk=submission.pk)
    assessment = row.assessment
    if row.state != Submission.State.IMPORTED or assessment is None:
        raise ValidationError(_("This submission has no draft assessment left to finalise."))
    if assessment.status == Assessment.Status.FINAL:
        raise ValidationError(_("This assessment is already final."))
    audited_update(assessment, actor=actor, fields={"status": Assessment.Status.FINAL})
    if row.instrument.code == ALTAI and assessment.community_id:
        communities_changed([assessment.community_id])
    return assessment


def assessment_submission_discard(*, actor: User, submission: Submission) -> Submission:
    return submission_discard(
        actor=actor, spec=InstrumentFormSpec(submission.instrument), submission=submission
    )
