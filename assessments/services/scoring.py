"""Writes of the assessments app: assessor ratings and overrides of the Altai criteria, and
the scoring of communities (set-based, idempotent, audited)."""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_diff, audit_record, audit_record_many, audit_snapshot
from accounts.models import AuditEvent, User
from assessments import evidence
from assessments.models import Answer, Assessment, CommunityScore, Instrument, InstrumentItem
from assessments.scoring import ENGINE_VERSION, Rated, suitability
from assessments.sql import InIds
from communities.models import Community

ALTAI = "altai"
# Evidence is computed for this many communities at once (a few thousand rows each way).
CHUNK = 2000
# A draft imported from KoboToolbox / ODK (assessments.xlsform) waits for a programme
# manager's review: until it is finalised it is neither evidence nor the working assessment.
REVIEWED = Q(submission__isnull=True) | Q(status=Assessment.Status.FINAL)


def active_instrument(code: str) -> Instrument:
    return Instrument.objects.prefetch_related("items").get(code=code, is_active=True)


def _altai_assessment(community: Community, instrument: Instrument, actor: User) -> Assessment:
    """The community's working Altai assessment, holding the assessors' answers."""
    assessment = (
        Assessment.objects.filter(instrument=instrument, community=community)
        .filter(REVIEWED)
        .order_by("-assessed_on", "-id")
        .first()
    )
    if assessment is None:
        assessment = Assessment(
            instrument=instrument,
            community=community,
            assessed_on=datetime.date.today(),
            assessor=actor,
        )
        assessment.full_clean()
        assessment.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=assessment)
    return assessment


@transaction.atomic
def altai_rating_set(
    *,
    actor: User,
    community: Community,
    item_code: str,
    rating: int | None,
    justification: str = "",
    today: datetime.date | None = None,
) -> Answer:
    """An assessor's rating of one Altai criterion. Differing from the rating computed from
    the database (recomputed here, not taken from the form) makes it an override, which
    needs a written justification."""
    instrument = active_instrument(ALTAI)
    item = instrument.items.filter(code=item_code).first()
    if item is None:
        raise ValidationError(
            {
                "item": _("The Altai criteria have no item %(item_code)s.")
                % {"item_code": repr(item_code)}
            }
        )
    found = evidence.compute(
        item.evidence_provider,
        [community.pk],
        thresholds=item.thresholds,
        today=today or datetime.date.today(),
    ).get(community.pk)
    computed_rating = found.rating if found else None
    if rating is not None and not 0 <= rating <= 3:
        raise ValidationError({"rating": _("Rate from 0 (not met) to 3 (fully met), or unknown.")})
    overriding = computed_rating is not None and rating != computed_rating
    if overriding and not justification.strip():
        raise ValidationError(
            {"justification": _("Say why you override the rating computed from the database.")}
        )
    assessment = _altai_assessment(community, instrument, actor)
    answer = Answer.objects.filter(assessment=assessment, item=item).first()
    before = audit_snapshot(answer) if answer else None
    answer = answer or Answer(assessment=assessment, item=item)
    answer.rating = rating
    answer.computed_rating = computed_rating
    answer.source = Answer.Source.OVERRIDE if overriding else Answer.Source.ASSESSOR
    answer.justification = justification.strip()
    answer.answered_on = datetime.date.today()
    answer.full_clean()
    answer.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        instance=answer,
        changes=audit_diff(before, audit_snapshot(answer)) if before else None,
        note=f"Altai criterion {item.code} of {community}",
    )
    return answer


def _assessor_answers(instrument: Instrument, ids: list[int]) -> dict[int, dict[str, Answer]]:
    """{community: {item code: answer}} from each community's latest Altai assessment."""
    latest: dict[int, int] = {}
    for cid, pk in (
        Assessment.objects.filter(InIds("community_id", ids), instrument__code=instrument.code)
        .filter(REVIEWED)
        .order_by("community_id", "-assessed_on", "-id")
        .values_list("community_id", "pk")
    ):
        latest.setdefault(cid, pk)
    by_assessment = {pk: cid for cid, pk in latest.items()}
    answers: dict[int, dict[str, Answer]] = {}
    for answer in Answer.objects.filter(assessment_id__in=latest.values()).select_related("item"):
        answers.setdefault(by_assessment[answer.assessment_id], {})[answer.item.code] = answer
    return answers


def _criterion(item: InstrumentItem, found: evidence.Evidence | None, answer: Answer | None):
    computed = found.rating if found else None
    entry = {
        "code": item.code,
        "text": item.text,
        "weight": str(item.weight),
        "computed_rating": computed,
        "evidence": found.values if found else {},
        "explanation": found.explanation if found else "No evidence provider: assessor only.",
        "rating": computed,
        "source": "computed" if computed is not None else "unknown",
        "justification": "",
    }
    if answer is None or (answer.rating is None and answer.source != Answer.Source.OVERRIDE):
        return entry
    if answer.source == Answer.Source.OVERRIDE:
        entry.update(rating=answer.rating, source="override", justification=answer.justification)
    elif item.thresholds.get("assessor_caps") and computed is not None:
        # Criterion 3: the assessor's view of community interest caps the computed share.
        entry.update(rating=min(computed, answer.rating), source="computed, capped by assessor")
    elif computed is None:
        entry.update(rating=answer.rating, source="assessor")
    return entry


def _inputs_hash(instrument: Instrument, criteria: list[dict]) -> str:
    payload = json.dumps(
        {
            "instrument": [instrument.code, instrument.version],
            "engine": ENGINE_VERSION,
            "criteria": criteria,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _score_chunk(instrument, items, ids, today, now) -> list[CommunityScore]:
    shared: dict = {}  # inputs common to several criteria, computed once per chunk
    found = {
        item.code: evidence.compute(
            item.evidence_provider, ids, thresholds=item.thresholds, today=today, shared=shared
        )
        for item in items
        if item.evidence_provider
    }
    answers = _assessor_answers(instrument, ids)
    latest_hash = dict(
        CommunityScore.objects.filter(InIds("community_id", ids))
        .order_by("community_id", "computed_at", "id")
        .values_list("community_id", "inputs_hash")
    )  # ascending, so the dict keeps each community's latest hash
    new = []
    for cid in ids:
        criteria = [
            _criterion(item, found.get(item.code, {}).get(cid), answers.get(cid, {}).get(item.code))
            for item in items
        ]
        digest = _inputs_hash(instrument, criteria)
        if latest_hash.get(cid) == digest:
            continue  # nothing changed: no new history entry
        result = suitability(
            [
                Rated(c["code"], item.weight, c["rating"])
                for c, item in zip(criteria, items, strict=True)
            ]
        )
        new.append(
            CommunityScore(
                community_id=cid,
                instrument=instrument,
                computed_at=now,
                engine_version=ENGINE_VERSION,
                score=result.score,
                coverage=result.coverage,
                band=result.band,
                criteria=criteria,
                unmet=result.unmet,
                inputs_hash=digest,
            )
        )
    return new


def community_score(
    *,
    community_ids: Iterable[int] | None = None,
    actor: User | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Score communities against the active Altai instrument; returns how many new scores
    were recorded. Evidence is computed set-based, a chunk of communities at a time, each
    chunk in its own transaction (a retry redoes only what is missing: idempotent)."""
    instrument = active_instrument(ALTAI)
    items = list(instrument.items.order_by("order"))
    today = today or datetime.date.today()
    if community_ids is None:
        ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(community_ids))
    created = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            scores = _score_chunk(instrument, items, chunk, today, timezone.now())
            CommunityScore.objects.bulk_create(scores)
            audit_record_many(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instances=scores,
                note=f"Altai v{instrument.version}, engine {ENGINE_VERSION}",
            )
        created += len(scores)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return created
