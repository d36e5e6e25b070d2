"""Recording a project's Table 3.2 appraisal and Table 3.5 assessment (with the
assessments app's service), and referring returnees to an existing project."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Assessment
from assessments.services.instruments import assessment_record
from projects.models import Participant, Project
from projects.selectors.appraisals import (
    APPRAISAL,
    EXISTING_PROJECT,
    active_instrument,
    latest_assessment,
)
from projects.selectors.matching import open_referrals, remaining_places
from reintegration.models import Referral, Returnee
from reintegration.services import referral_create

SUITABLE = "suitable"


@transaction.atomic
def project_appraise(
    *,
    actor: User,
    project: Project,
    assessed_on: datetime.date,
    answers: dict[str, dict[str, Any]],
    notes: str = "",
) -> Assessment:
    """A final Table 3.2 appraisal of the project ("Benefits and drawbacks of
    community-based reintegration projects"); the computed suggestions are kept beside the
    answers and the recommendation is the assessments app's."""
    return assessment_record(
        actor=actor,
        instrument=active_instrument(APPRAISAL),
        subject=project,
        assessed_on=assessed_on,
        answers=answers,
        status=Assessment.Status.FINAL,
        notes=notes,
    )


@transaction.atomic
def project_assess_existing(
    *,
    actor: User,
    project: Project,
    assessed_on: datetime.date,
    answers: dict[str, dict[str, Any]],
    notes: str = "",
) -> Assessment:
    """Handbook Table 3.5: the assessment process for the involvement of returnees in an
    existing local development project."""
    if not project.integrates_into_existing:
        raise ValidationError(
            _(
                "Table 3.5 assesses existing projects that returnees are integrated into; this "
                "project's approach is “%(approach)s”."
            )
            % {"approach": project.get_approach_display()}
        )
    return assessment_record(
        actor=actor,
        instrument=active_instrument(EXISTING_PROJECT),
        subject=project,
        assessed_on=assessed_on,
        answers=answers,
        status=Assessment.Status.FINAL,
        notes=notes,
    )


@transaction.atomic
def project_refer_returnees(
    *,
    actor: User,
    project: Project,
    returnees: Iterable[Returnee],
    reason: str,
    follow_up_date: datetime.date | None = None,
) -> list[Referral]:
    """Refer returnees to an existing project, all or none. Table 3.5 comes first: the
    project's latest assessment must find it suitable. The caller checked the actor may
    see each returnee."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    returnees = list(returnees)
    if not returnees:
        raise ValidationError({"returnees": _("Choose at least one returnee to refer.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the returnees are referred.")})
    if current.status not in Project.OPEN_STATUSES:
        raise ValidationError(
            _("%(project)s is %(status)s: it takes no referrals.")
            % {"project": current, "status": current.get_status_display().lower()}
        )
    if current.integrates_into_existing:
        assessment = latest_assessment(project=current, code=EXISTING_PROJECT)
        if assessment is None:
            raise ValidationError(
                _(
                    "Record the Table 3.5 assessment of the project before referring returnees "
                    "to it."
                )
            )
        if assessment.conclusion != SUITABLE:
            raise ValidationError(
                _(
                    "The Table 3.5 assessment of %(date)s concludes “%(conclusion)s”: returnees "
                    "are referred only to a project assessed suitable."
                )
                % {
                    "date": f"{assessment.assessed_on:%Y-%m-%d}",
                    "conclusion": assessment.conclusion,
                }
            )
    places = remaining_places(current)
    if places is not None and len(returnees) > places:
        raise ValidationError(
            {
                "returnees": _(
                    "%(project)s has %(places)s place(s) left for returnees; %(chosen)s chosen."
                )
                % {"project": current, "places": places, "chosen": len(returnees)}
            }
        )
    already = set(
        open_referrals(current)
        .filter(returnee__in=returnees)
        .values_list("returnee__reference", flat=True)
    ) | set(
        Participant.objects.filter(
            project=current, returnee__in=returnees, left_on__isnull=True
        ).values_list("returnee__reference", flat=True)
    )
    if already:
        raise ValidationError(
            {
                "returnees": _("Already referred to or taking part in the project: %(references)s.")
                % {"references": ", ".join(sorted(already))}
            }
        )
    referrals = []
    for returnee in returnees:
        try:
            referrals.append(
                referral_create(
                    actor=actor,
                    returnee=returnee,
                    target=current,
                    reason=reason.strip(),
                    follow_up_date=follow_up_date,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                {"returnees": [f"{returnee.reference}: {m}" for m in error.messages]}
            ) from error
    return referrals
