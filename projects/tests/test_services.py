"""Creating, editing and selecting projects: validation that names the field and changes
nothing, money as Decimal with its currency, IATI identifiers, and the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from projects import services
from projects.models import Kind, Project
from projects.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_create_collective_income_project_starts_at_step_one_and_is_audited(
    make_project, programme_manager, community
):
    project = make_project(budget=Decimal("12000.50"), currency="gnf")
    assert (project.status, project.current_step, project.organization) == (
        "proposed",
        1,
        programme_manager.organization,
    )
    assert project.currency == "GNF"
    assert project.budget == Decimal("12000.50")
    assert list(project.communities.all()) == [community]
    event = AuditEvent.objects.get(object_id=str(project.pk), action="create")
    assert event.actor == programme_manager
    assert event.changes["communities"] == [community.pk]
    assert event.changes["budget"] == "12000.50"


def test_other_kinds_have_no_lifecycle(make_project):
    project = make_project(kind=Kind.LOCAL_DEVELOPMENT, approach="new_community_project")
    assert project.current_step is None
    assert project.has_lifecycle is False


def test_project_ending_before_it_starts_is_refused_and_nothing_saved(make_project):
    errors = errors_of(
        lambda: make_project(
            start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 5, 31)
        )
    )
    assert errors == {"end_date": ["The project cannot end before it starts."]}
    assert Project.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == 0


def test_one_day_project_is_fine(make_project):
    day = datetime.date(2026, 6, 1)
    assert make_project(start_date=day, end_date=day).end_date == day


def test_database_refuses_a_project_ending_before_it_starts(make_project):
    project = make_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(
            start_date=datetime.date(2026, 6, 2), end_date=datetime.date(2026, 6, 1)
        )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"budget": Decimal("100")}, {"currency": ["Give the currency of the amounts."]}),
        (
            {"budget": Decimal("100"), "currency": "XYZ"},
            {"currency": ["'XYZ' is not an ISO 4217 currency code."]},
        ),
        (
            {
                "budget": Decimal("100"),
                "currency": "GNF",
                "cofinancing_local_government": Decimal("60"),
                "cofinancing_in_kind": Decimal("40.01"),
            },
            {"cofinancing_local_government": ["Co-financing cannot exceed the budget."]},
        ),
        (
            {"budget": Decimal("-1"), "currency": "GNF"},
            {"budget": ["An amount cannot be negative."]},
        ),
        (
            {"sector": None},
            {"sector": ["A collective income-generating activity needs its sector."]},
        ),
        (
            {"iati_reporting_org": "XM-DAC-47066"},
            {"iati_activity_id": ["Give both parts of the IATI identifier, or neither."]},
        ),
        (
            {"iati_reporting_org": "XM-DAC-47066", "iati_activity_id": "GN 01"},
            {
                "iati_activity_id": [
                    "Use letters, digits, dots, hyphens and underscores only "
                    "(no spaces, /, &, | or ?)."
                ]
            },
        ),
        (
            {"approach": "integrate_existing"},
            {"run_by_name": ["Say who runs the existing project (an organization or a name)."]},
        ),
    ],
)
def test_bad_project_fields_are_refused_naming_the_field(make_project, fields, expected):
    assert errors_of(lambda: make_project(**fields)) == expected
    assert Project.objects.count() == 0


def test_cofinancing_up_to_the_budget_is_fine(make_project):
    project = make_project(
        budget=Decimal("100.00"),
        currency="XOF",
        cofinancing_local_government=Decimal("60.00"),
        cofinancing_in_kind=Decimal("40.00"),
    )
    assert project.cofinancing_total == Decimal("100.00")


def test_communities_at_least_one_and_in_one_country(make_project, community):
    assert errors_of(lambda: make_project(communities=[])) == {
        "communities": ["Choose at least one community."]
    }
    dakar = CommunityFactory(country="SEN", name="Pikine")
    assert errors_of(lambda: make_project(communities=[community, dakar])) == {
        "communities": ["A project's communities are in one country; these are in GIN, SEN."]
    }
    assert Project.objects.count() == 0


def test_iati_identifier_is_unique(make_project):
    first = make_project(iati_reporting_org="XM-DAC-47066", iati_activity_id="GIN-2026-01")
    assert first.iati_identifier == "XM-DAC-47066-GIN-2026-01"
    errors = errors_of(
        lambda: make_project(iati_reporting_org="XM-DAC-47066", iati_activity_id="GIN-2026-01")
    )
    assert errors == {"__all__": ["Another project already has this IATI identifier."]}
    assert Project.objects.count() == 1


def test_update_audits_the_changes_only(make_project, programme_manager, community):
    project = make_project()
    other = CommunityFactory(country="GIN", name="Ratoma")
    services.project_update(
        actor=programme_manager,
        project=project,
        fields={"name": "Tailoring and dyeing cooperative"},
        communities=[community, other],
    )
    event = AuditEvent.objects.filter(object_id=str(project.pk), action="update").get()
    assert event.changes == {
        "name": ["Tailoring cooperative", "Tailoring and dyeing cooperative"],
        "communities": [[community.pk], sorted([community.pk, other.pk])],
    }
    # Saving the same values writes no event.
    services.project_update(actor=programme_manager, project=project, fields={})
    assert AuditEvent.objects.filter(object_id=str(project.pk), action="update").count() == 1


def test_update_refuses_fields_owned_by_other_services(make_project, programme_manager):
    project = make_project()
    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=programme_manager, project=project, fields={"status": "active"}
        )
    assert error.value.messages == ["These fields cannot be set here: status."]


def test_kind_stays_collective_once_the_lifecycle_started(make_project, programme_manager):
    project = make_project()
    services.action_record_set(
        actor=programme_manager, project=project, action_code="1.1", state="done"
    )
    errors = errors_of(
        lambda: services.project_update(
            actor=programme_manager,
            project=project,
            fields={"kind": Kind.LOCAL_DEVELOPMENT, "approach": "new_community_project"},
        )
    )
    assert errors == {
        "kind": [
            "This project has recorded Table 3.4 steps; it stays a collective "
            "income-generating activity."
        ]
    }
    project.refresh_from_db()
    assert (project.kind, project.current_step) == ("collective_income", 1)


def test_status_transitions_and_selection_needs_an_appraisal(make_project, programme_manager):
    project = make_project(kind=Kind.LOCAL_DEVELOPMENT, approach="new_community_project")
    errors = errors_of(
        lambda: services.project_set_status(
            actor=programme_manager, project=project, to_status="active"
        )
    )
    assert errors == {
        "status": [
            "A proposed project cannot become under implementation; it can become: "
            "cancelled, selected."
        ]
    }
    errors = errors_of(
        lambda: services.project_set_status(
            actor=programme_manager, project=project, to_status="selected"
        )
    )
    assert errors == {
        "appraisal": ["Record the Table 3.2 appraisal of the project before selecting it."]
    }
    services.project_appraise(
        actor=programme_manager, project=project, assessed_on=TODAY, answers={}
    )
    project = services.project_set_status(
        actor=programme_manager, project=project, to_status="selected"
    )
    assert project.status == "selected"
    event = AuditEvent.objects.filter(object_id=str(project.pk), action="update").get()
    assert event.changes == {"status": ["proposed", "selected"]}


def test_a_not_recommended_project_cannot_be_selected(make_project, programme_manager):
    project = make_project(kind=Kind.LOCAL_DEVELOPMENT, approach="new_community_project")
    appraisal = services.project_appraise(
        actor=programme_manager,
        project=project,
        assessed_on=TODAY,
        answers={"N2": {"choice": "yes", "text": "No market for the product"}},
    )
    assert appraisal.conclusion == "not recommended"
    errors = errors_of(
        lambda: services.project_set_status(
            actor=programme_manager, project=project, to_status="selected"
        )
    )
    assert errors == {
        "appraisal": [
            f"The Table 3.2 appraisal of {TODAY:%Y-%m-%d} concludes “not recommended”; the "
            "project cannot be selected. Record a new appraisal once the negative criteria "
            "are addressed."
        ]
    }
    project.refresh_from_db()
    assert project.status == "proposed"


def test_cancelling_needs_a_reason(make_project, programme_manager):
    project = make_project()
    errors = errors_of(
        lambda: services.project_set_status(
            actor=programme_manager, project=project, to_status="cancelled"
        )
    )
    assert errors == {"note": ["Say why the project is cancelled."]}
    project = services.project_set_status(
        actor=programme_manager, project=project, to_status="cancelled", note="No funding"
    )
    event = AuditEvent.objects.filter(object_id=str(project.pk), action="update").get()
    assert event.note == "No funding"


def test_collective_income_is_selected_through_its_lifecycle(make_project, programme_manager):
    project = make_project()
    errors = errors_of(
        lambda: services.project_set_status(
            actor=programme_manager, project=project, to_status="selected"
        )
    )
    assert errors == {
        "status": [
            "A collective income-generating activity is selected by completing step 4 "
            "(selection) of its Table 3.4 lifecycle."
        ]
    }
