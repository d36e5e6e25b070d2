"""Creating, editing and selecting projects, one transaction each, audited."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from communities.models import Community, Sector
from projects.models import Kind, Project
from projects.selectors.appraisals import latest_assessment

# What the create and edit forms show and may set, in the form's order; status, lifecycle
# and ownership have their own services. The many-to-many fields are set apart.
PROJECT_FORM_FIELDS = (
    "name",
    "approach",
    "kind",
    "communities",
    "sector",
    "description",
    "proposed_by",
    "development_plan",
    "development_plan_url",
    "environmental_notes",
    "gender_considerations",
    "currency",
    "budget",
    "cofinancing_local_government",
    "cofinancing_in_kind",
    "start_date",
    "end_date",
    "iati_reporting_org",
    "iati_activity_id",
    # Table 3.5, for the "integrating returnees into existing projects" approach.
    "run_by_organization",
    "run_by_name",
    "capacity",
    "location",
    "location_notes",
    "duration_months",
    "funding_model",
    "monthly_income",
    "income_notes",
    "required_sectors",
    "required_skill_level",
    "skills_required",
)
MANY_TO_MANY_FIELDS = frozenset({"communities", "required_sectors"})
EDITABLE_FIELDS = frozenset(PROJECT_FORM_FIELDS) - MANY_TO_MANY_FIELDS
NOT_RECOMMENDED = "not recommended"


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )


def _check_places(communities: list[Community], location: Community | None) -> None:
    """At least one community, all in one country (referrals stay within the country of
    return), the location of an existing project too."""
    if not communities:
        raise ValidationError({"communities": _("Choose at least one community.")})
    countries = {c.country for c in communities}
    if len(countries) > 1:
        raise ValidationError(
            {
                "communities": _(
                    "A project's communities are in one country; these are in %(countries)s."
                )
                % {"countries": ", ".join(sorted(countries))}
            }
        )
    if location is not None and location.country not in countries:
        raise ValidationError(
            {
                "location": _("The location must be in %(country)s, as the communities.")
                % {"country": next(iter(countries))}
            }
        )


def _m2m_snapshot(project: Project) -> dict[str, list]:
    return {
        "communities": sorted(project.communities.values_list("pk", flat=True)),
        "required_sectors": sorted(project.required_sectors.values_list("code", flat=True)),
    }


@transaction.atomic
def project_create(
    *,
    actor: User,
    fields: dict[str, Any],
    communities: Iterable[Community],
    required_sectors: Iterable[Sector] = (),
    organization=None,
) -> Project:
    """A new proposed project of ``organization`` (by default the actor's). A collective
    income-generating activity starts at step 1 of Table 3.4."""
    _check_fields(fields)
    communities = list(communities)
    project = Project(
        **fields,
        organization=organization or actor.organization,
        created_by=actor,
        status=Project.Status.PROPOSED,
    )
    project.current_step = 1 if project.kind == Kind.COLLECTIVE_INCOME else None
    project.full_clean()
    _check_places(communities, project.location)
    project.save()
    project.communities.set(communities)
    project.required_sectors.set(list(required_sectors))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=project,
        changes={**audit_snapshot(project), **_m2m_snapshot(project)},
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    fields: dict[str, Any],
    communities: Iterable[Community] | None = None,
    required_sectors: Iterable[Sector] | None = None,
) -> Project:
    _check_fields(fields)
    current = Project.objects.select_for_update().get(pk=project.pk)
    before = {**audit_snapshot(current), **_m2m_snapshot(current)}
    for name, value in fields.items():
        setattr(current, name, value)
    if current.kind == Kind.COLLECTIVE_INCOME and current.current_step is None:
        current.current_step = 1
    elif current.kind != Kind.COLLECTIVE_INCOME and current.current_step is not None:
        if current.action_records.exists() or current.completions.exists():
            raise ValidationError(
                {
                    "kind": _(
                        "This project has recorded Table 3.4 steps; it stays a collective "
                        "income-generating activity."
                    )
                }
            )
        current.current_step = None
    current.full_clean()
    places = list(communities) if communities is not None else list(current.communities.all())
    _check_places(places, current.location)
    current.save()
    if communities is not None:
        current.communities.set(places)
    if required_sectors is not None:
        current.required_sectors.set(list(required_sectors))
    changes = audit_diff(before, {**audit_snapshot(current), **_m2m_snapshot(current)})
    if changes:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=current, changes=changes
        )
    return current


def require_selectable(project: Project):
    """The Table 3.2 appraisal a selection rests on; refuses when there is none or when it
    advises against the project (a negative criterion met)."""
    appraisal = latest_assessment(project=project, code="table_3_2")
    if appraisal is None:
        raise ValidationError(
            {"appraisal": _("Record the Table 3.2 appraisal of the project before selecting it.")}
        )
    if appraisal.conclusion == NOT_RECOMMENDED:
        raise ValidationError(
            {
                "appraisal": _(
                    "The Table 3.2 appraisal of %(date)s concludes “not recommended”; the project "
                    "cannot be selected. Record a new appraisal once the negative criteria are "
                    "addressed."
                )
                % {"date": f"{appraisal.assessed_on:%Y-%m-%d}"}
            }
        )
    return appraisal


@transaction.atomic
def project_set_status(*, actor: User, project: Project, to_status: str, note: str = "") -> Project:
    current = Project.objects.select_for_update().get(pk=project.pk)
    allowed = Project.TRANSITIONS[current.status]
    if to_status not in allowed:
        names = ", ".join(sorted(Project.Status(s).label.lower() for s in allowed)) or _("nothing")
        raise ValidationError(
            {
                "status": _(
                    "A %(status)s project cannot become %(to_status)s; it can become: %(names)s."
                )
                % {
                    "status": current.get_status_display().lower(),
                    "to_status": Project.Status(to_status).label.lower(),
                    "names": names,
                }
            }
        )
    if to_status == Project.Status.SELECTED:
        if current.has_lifecycle:
            raise ValidationError(
                {
                    "status": _(
                        "A collective income-generating activity is selected by "
                        "completing step 4 (selection) of its Table 3.4 lifecycle."
                    )
                }
            )
        require_selectable(current)
    if to_status == Project.Status.CANCELLED and not note.strip():
        raise ValidationError({"note": _("Say why the project is cancelled.")})
    before = audit_snapshot(current)
    current.status = to_status
    current.full_clean()
    current.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        changes=audit_diff(before, audit_snapshot(current)),
        note=note,
    )
    return current
