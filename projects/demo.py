"""Invented demo projects (no real people) for ``seed_demo``, one per approach of Table 3.3,
inspired by the handbook's case studies: a tailoring cooperative formed from a group of demo
returnees and taken to step 3 of Table 3.4; a land-restoration project run by another actor
that returnees are integrated into (Case study 9, the Niger), assessed with Table 3.5; and a
new community project appraised with Table 3.2. Idempotent: seeded once."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import Organization, User
from assessments.models import Instrument
from communities.models import Community, Sector
from projects import services
from projects.models import Project
from reintegration.models import Consent, Returnee, ReturneeSkill

IATI_ORG = "XM-DAC-47066"  # IOM's IATI organization identifier
MARKER = "DEMO-001"  # the first demo project's IATI activity id: seeded once


def _tailors(organization):
    """The community with the most consenting tailors, at least one of them advanced, and
    those tailors (advanced first)."""
    consenting = Consent.objects.filter(
        returnee=OuterRef("pk"), withdrawn_on__isnull=True, case_management=True
    )
    skills = ReturneeSkill.objects.filter(
        sector__code="C-TAILORING", returnee__organization=organization
    ).exclude(returnee__status=Returnee.CaseStatus.CLOSED)
    rows = (
        Returnee.objects.filter(Exists(consenting), pk__in=skills.values("returnee_id"))
        .select_related("community", "consent")
        .order_by("community_id", "pk")
    )
    levels = dict(skills.values_list("returnee_id", "level"))
    by_community: dict[int, list] = {}
    for returnee in rows:
        by_community.setdefault(returnee.community_id, []).append(returnee)
    best = None
    for people in by_community.values():
        has_expert = any(levels[r.pk] == "advanced" for r in people)
        if has_expert and len(people) >= 2 and (best is None or len(people) > len(best)):
            best = people
    if best is None:
        return None, [], []
    best.sort(key=lambda r: (levels[r.pk] != "advanced", r.pk))
    members = best[:5]
    return members[0].community, members, [r for r in members if levels[r.pk] == "advanced"]


def _cooperative(actor, organization) -> list[str]:
    community, members, experts = _tailors(organization)
    tailoring = Sector.objects.get(code="C-TAILORING")
    if community is None:
        community = Community.objects.order_by("pk").first()
        project = services.project_create(
            actor=actor,
            fields={
                "name": f"Tailoring cooperative, {community.name}",
                "approach": "collective_returnees",
                "kind": "collective_income",
                "sector": tailoring,
                "proposed_by": "returnees",
            },
            communities=[community],
        )
    else:
        project = services.project_create_from_group(
            actor=actor,
            name=f"Tailoring cooperative, {community.name}",
            community=community,
            sector=tailoring,
            members=members,
            experts=experts[:1],
        )
    services.project_update(
        actor=actor,
        project=project,
        fields={
            "iati_reporting_org": IATI_ORG,
            "iati_activity_id": MARKER,
            "currency": "GNF",
            "budget": Decimal("150000000.00"),
            "cofinancing_in_kind": Decimal("12000000.00"),
            "gender_considerations": "Childcare during training sessions.",
        },
    )
    for name, sex, band in (("Mariama Sow", "female", "25-34"), ("Alpha Bah", "male", "35-44")):
        services.participant_add(
            actor=actor, project=project, fields={"name": name, "sex": sex, "age_band": band}
        )
    for code in ("1.1", "1.2", "1.3"):
        services.action_record_set(actor=actor, project=project, action_code=code, state="done")
    services.project_step_advance(actor=actor, project=project, to_step=2)
    services.action_record_set(actor=actor, project=project, action_code="2.1", state="done")
    services.action_record_set(
        actor=actor,
        project=project,
        action_code="2.2",
        state="waived",
        waiver_reason="No other community-based project in the community yet.",
    )
    services.action_record_set(actor=actor, project=project, action_code="2.3", state="done")
    services.project_step_advance(actor=actor, project=project, to_step=3)
    return [f"  {project.name}: {len(members)} returnees, at step 3 of Table 3.4"]


def _land_restoration(actor) -> list[str]:
    community = Community.objects.filter(country="NER").order_by("pk").first()
    if community is None:
        return []
    project = services.project_create(
        actor=actor,
        fields={
            "name": f"Land restoration and water points, {community.name}",
            "approach": "integrate_existing",
            "kind": "local_development",
            "proposed_by": "third_party",
            "description": "Cash-for-work restoration of degraded land; each young beneficiary "
            "is granted a hectare (after handbook Case study 9, the Niger).",
            "run_by_name": "Regional Directorate for Agriculture",
            "capacity": 20,
            "duration_months": 24,
            "funding_model": "Donor-funded in two 12-month cycles.",
            "currency": "XOF",
            "monthly_income": Decimal("60000.00"),
            "income_notes": "A monthly allowance to cope with revenue fluctuation.",
            "required_skill_level": "basic",
            "skills_required": "Farming; water catchment construction.",
            "environmental_notes": "Restores degraded land and harvests rainwater.",
            "iati_reporting_org": IATI_ORG,
            "iati_activity_id": "DEMO-002",
        },
        communities=[community],
        required_sectors=Sector.objects.filter(code="A-CROPS"),
    )
    items = Instrument.objects.get(code="table_3_5", is_active=True).items.all()
    services.project_assess_existing(
        actor=actor,
        project=project,
        assessed_on=datetime.date.today(),
        answers={item.code: {"choice": "suitable"} for item in items},
    )
    return [f"  {project.name}: Table 3.5 assessment, suitable"]


def _health_centre(actor) -> list[str]:
    community = Community.objects.filter(country="GIN").order_by("-pk").first()
    if community is None:
        return []
    project = services.project_create(
        actor=actor,
        fields={
            "name": f"Health centre rehabilitation, {community.name}",
            "approach": "new_community_project",
            "kind": "social_services",
            "proposed_by": "community_members",
            "development_plan": "Commune development plan 2025-2029, health axis",
            "currency": "GNF",
            "budget": Decimal("90000000.00"),
            "cofinancing_local_government": Decimal("15000000.00"),
            "gender_considerations": "A maternity ward; women on the steering committee.",
            "iati_reporting_org": IATI_ORG,
            "iati_activity_id": "DEMO-003",
        },
        communities=[community],
    )
    services.project_appraise(
        actor=actor,
        project=project,
        assessed_on=datetime.date.today(),
        answers={
            **{code: {"choice": "yes"} for code in ("P2", "P4", "P5", "P6", "P7", "P9")},
            **{code: {"choice": "no"} for code in ("N1", "N2", "N3", "N4")},
        },
    )
    return [f"  {project.name}: Table 3.2 appraisal, recommended"]


@transaction.atomic
def seed_projects(**kwargs) -> list[str]:
    lead = Organization.objects.filter(name="Demo Reintegration Organization").first()
    actor = User.objects.filter(username="demo-programme-manager").first()
    if not (lead and actor and Community.objects.exists()):
        return ["Projects: skipped (demo users or communities missing)."]
    seeded = Project.objects.filter(iati_reporting_org=IATI_ORG, iati_activity_id=MARKER)
    if seeded.exists():
        return [f"Projects: already seeded ({Project.objects.filter(organization=lead).count()})."]
    lines = _cooperative(actor, lead) + _land_restoration(actor) + _health_centre(actor)
    return ["Projects:", *lines]
