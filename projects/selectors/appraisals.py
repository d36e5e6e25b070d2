"""The assessments of a project: Table 3.2 appraisals and Table 3.5 assessments, and the
suggestions the evidence providers compute for an appraisal."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from assessments import evidence
from assessments.models import Assessment, Instrument, InstrumentItem
from projects.models import Project

APPRAISAL = "table_3_2"
EXISTING_PROJECT = "table_3_5"
# Yes/no instruments take a provider's rating as 1 = yes (the criterion is met), 0 = no,
# None = unknown (see projects.providers).
CHOICE_OF_RATING = {1: "yes", 0: "no"}


def project_assessments(*, project: Project, code: str | None = None) -> QuerySet[Assessment]:
    queryset = Assessment.objects.filter(
        subject_type=ContentType.objects.get_for_model(Project), subject_id=project.pk
    ).select_related("instrument", "assessor")
    if code:
        queryset = queryset.filter(instrument__code=code)
    return queryset.order_by("-assessed_on", "-id")


def latest_assessment(*, project: Project, code: str) -> Assessment | None:
    """The latest final assessment: a draft (say, imported from a field form and not yet
    reviewed) does not count for selection or referral until a programme manager finalises
    it."""
    return (
        project_assessments(project=project, code=code)
        .filter(status=Assessment.Status.FINAL)
        .first()
    )


def active_instrument(code: str) -> Instrument:
    return Instrument.objects.get(code=code, is_active=True)


@dataclass(frozen=True)
class Suggestion:
    item: InstrumentItem
    choice: str  # "yes", "no" or "" (unknown)
    explanation: str
    values: dict


def appraisal_suggestions(
    *, project: Project, items: list[InstrumentItem], today: datetime.date | None = None
) -> dict[str, Suggestion]:
    """{item code: what the database suggests} for the items with an evidence provider.
    The providers share one ``shared`` dict, so the four Table 3.2 providers cost two
    queries together."""
    today = today or datetime.date.today()
    shared: dict = {}
    suggestions = {}
    for item in items:
        if not item.evidence_provider:
            continue
        found = evidence.compute(
            item.evidence_provider,
            [project.pk],
            thresholds=item.thresholds,
            today=today,
            shared=shared,
        ).get(project.pk)
        if found is None:
            continue
        suggestions[item.code] = Suggestion(
            item=item,
            choice=CHOICE_OF_RATING.get(found.rating, ""),
            explanation=found.explanation,
            values=found.values,
        )
    return suggestions


def answers_by_item(assessment: Assessment) -> list:
    return list(assessment.answers.select_related("item").order_by("item__order"))
