"""Recording an assessment with any instrument, and the conclusions the handbook draws:
Table 3.2 (recommended / not recommended / needs review), Table 3.5 (suitable or not)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditEvent, User
from assessments import evidence
from assessments.models import Answer, Assessment, Instrument, InstrumentItem
from communities.models import Community, DataCollectionMethod

CHOICES_BY_TYPE = {
    Instrument.AnswerType.YES_NO: ("yes", "no", "unknown"),
    Instrument.AnswerType.SUITABILITY: ("suitable", "concern", "unsuitable"),
}
RATING_RANGE = {
    Instrument.AnswerType.RATING_0_3: (0, 3),
    Instrument.AnswerType.RATING_1_5: (1, 5),
}
# Handbook Table 3.2, as the issue sets the rule: any negative criterion met -> not
# recommended; otherwise six or more positive criteria met -> recommended.
RECOMMENDED_POSITIVES = 6


def _clean_answer(item: InstrumentItem, answer_type: str, values: dict[str, Any]) -> dict:
    errors: dict[str, str] = {}
    rating = values.get("rating")
    choice = (values.get("choice") or "").strip().lower()
    if answer_type in RATING_RANGE:
        low, high = RATING_RANGE[answer_type]
        if rating is not None and not low <= int(rating) <= high:
            errors["rating"] = _("Rate from %(low)s to %(high)s, or leave it unknown.") % {
                "low": low,
                "high": high,
            }
    elif answer_type in CHOICES_BY_TYPE:
        allowed = CHOICES_BY_TYPE[answer_type]
        if choice and choice not in allowed:
            errors["choice"] = _("Answer one of: %(join)s.") % {"join": ", ".join(allowed)}
    methods = list(values.get("methods") or [])
    bad = [m for m in methods if m not in DataCollectionMethod.values]
    if bad:
        errors["methods"] = _("Unknown data-collection method(s): %(join)s.") % {
            "join": ", ".join(bad)
        }
    if errors:
        raise ValidationError({f"{item.code}-{k}": v for k, v in errors.items()})
    return {
        "rating": None if rating in (None, "") else int(rating),
        "choice": choice if answer_type in CHOICES_BY_TYPE else "",
        "text": (values.get("text") or "").strip(),
        "methods": methods,
        "sources": (values.get("sources") or "").strip(),
        "answered_on": values.get("answered_on"),
    }


def assessment_conclusion(instrument: Instrument, answers: list[Answer]) -> tuple[str, str]:
    """(conclusion, why) for the instruments whose answers lead to a decision."""
    by_code = {a.item.code: a for a in answers}
    if instrument.code == "table_3_2":
        negatives = [
            a.item
            for a in answers
            if a.item.polarity == InstrumentItem.Polarity.NEGATIVE and a.choice == "yes"
        ]
        if negatives:
            return "not recommended", "Negative criteria met: " + "; ".join(
                f"{i.code} {i.text}" for i in negatives
            )
        positives = sum(
            1
            for a in answers
            if a.item.polarity == InstrumentItem.Polarity.POSITIVE and a.choice == "yes"
        )
        if positives >= RECOMMENDED_POSITIVES:
            return "recommended", f"{positives} positive criteria met and no negative one."
        return "needs review", f"{positives} positive criteria met (6 needed) and no negative one."
    if instrument.code == "table_3_5":
        unsuitable = [code for code, a in by_code.items() if a.choice == "unsuitable"]
        if unsuitable:
            return "not suitable", "Unsuitable on: " + ", ".join(unsuitable)
        unknown = [code for code, a in by_code.items() if not a.choice]
        if unknown:
            return "incomplete", "Not yet assessed: " + ", ".join(unknown)
        return "suitable", "No criterion is unsuitable."
    return "", ""


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    instrument: Instrument,
    assessed_on: datetime.date,
    answers: dict[str, dict[str, Any]],
    community: Community | None = None,
    subject: models.Model | None = None,
    status: str = Assessment.Status.DRAFT,
    notes: str = "",
) -> Assessment:
    """A new assessment with one answer per item (unanswered items are unknown). Where an
    item has an evidence provider for this kind of subject, its computed suggestion is kept
    beside the assessor's answer."""
    if (community is None) == (subject is None):
        raise ValidationError(_("Assess either a community or a project."))
    expected = Instrument.Subject.COMMUNITY if community else Instrument.Subject.PROJECT
    if instrument.subject != expected:
        what = instrument.get_subject_display().lower()
        raise ValidationError(
            {
                "instrument": _("%(name)s assesses %(what)s.")
                % {"name": instrument.name, "what": what}
            }
        )
    if assessed_on > datetime.date.today():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    items = list(instrument.items.order_by("order"))
    unknown = sorted(set(answers) - {i.code for i in items})
    if unknown:
        raise ValidationError(
            {"answers": _("Unknown item(s): %(join)s.") % {"join": ", ".join(unknown)}}
        )
    cleaned, errors = {}, {}
    for item in items:
        try:
            cleaned[item.code] = _clean_answer(
                item, instrument.answer_type, answers.get(item.code, {})
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        instrument=instrument,
        community=community,
        assessed_on=assessed_on,
        assessor=actor,
        status=status,
        notes=notes,
    )
    if subject is not None:
        assessment.subject = subject
    assessment.full_clean()
    assessment.save()
    subject_id = (subject or community).pk
    rows = []
    for item in items:
        found = None
        if item.evidence_provider:
            found = evidence.compute(
                item.evidence_provider, [subject_id], thresholds=item.thresholds, today=assessed_on
            ).get(subject_id)
        rows.append(
            Answer(
                assessment=assessment,
                item=item,
                **cleaned[item.code],
                computed_rating=found.rating if found else None,
                evidence={"values": found.values, "explanation": found.explanation}
                if found
                else {},
            )
        )
    Answer.objects.bulk_create(rows)
    for row in rows:
        row.item = next(i for i in items if i.pk == row.item_id)
    assessment.conclusion, why = assessment_conclusion(instrument, rows)
    if assessment.conclusion:
        assessment.notes = "\n".join(filter(None, [notes, why]))
        assessment.save(update_fields=["conclusion", "notes", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=assessment,
        changes={
            "instrument": [instrument.code, instrument.version],
            "answers": {
                r.item.code: r.rating if r.rating is not None else r.choice or bool(r.text)
                for r in rows
            },
            "conclusion": assessment.conclusion,
        },
    )
    return assessment
