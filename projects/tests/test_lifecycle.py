"""Handbook Table 3.4 as data, and moving a collective income-generating activity through
its eight steps: actions done or waived with a reason, no skipping, and the selection step
gated on a Table 3.2 appraisal."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from projects import services
from projects.catalogues import APPROACHES, SELECTION_STEP, STEPS
from projects.models import ActionRecord, Approach, Project, StepCompletion
from projects.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_table_3_4_has_eight_steps_and_their_actions_in_order():
    assert [(s.number, s.title, len(s.actions)) for s in STEPS] == [
        (1, "Assessing preconditions for collective income-generating activities", 3),
        (2, "Group formation and incentivization of collective action", 3),
        (3, "Short-term training and development of project plan", 3),
        (4, "Selection of viable collective income-generating activities", 3),
        (5, "Registration process", 1),
        (6, "Training on various aspects of project implementation", 5),
        (7, "Support during project implementation and long-term counselling", 2),
        (8, "Monitoring and evaluation (M&E)", 3),
    ]
    assert SELECTION_STEP == 4
    assert [a.text.split(" based")[0] for a in STEPS[3].actions] == [
        "Pre-selection",
        "Initial selection",
        "Final selection",
    ]
    assert (
        STEPS[4].actions[0].text.startswith("Support registration of the project as a legal entity")
    )
    assert STEPS[7].actions[2].text == (
        "Targeted phasing out of the external support once the project is operating "
        "sustainably, based on the evaluation findings"
    )
    # Only the advice of step 3 is optional; the 22 others are required.
    optional = [a.code for s in STEPS for a in s.actions if not a.required]
    assert optional == ["3.3"]
    assert all(s.source == "IOM Reintegration Handbook, Table 3.4" for s in STEPS)


def test_table_3_3_has_three_approaches_with_their_advantages_and_disadvantages():
    assert [(a.code, a.name, len(a.advantages), len(a.disadvantages)) for a in APPROACHES] == [
        ("collective_returnees", "Supporting collective groups of returnees", 2, 2),
        ("new_community_project", "Starting a new community-based project", 3, 1),
        ("integrate_existing", "Integrating returnees into existing projects", 3, 3),
    ]
    assert APPROACHES[2].disadvantages[2] == (
        "The referring actor may not have access to information on all available projects."
    )
    assert [a.value for a in Approach] == [a.code for a in APPROACHES]


def complete(project, actor, step):
    for action in STEPS[step - 1].required_actions:
        services.action_record_set(
            actor=actor, project=project, action_code=action.code, state="done"
        )
    return services.project_step_advance(actor=actor, project=project, to_step=step + 1)


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_an_action_is_done_or_waived_with_a_reason_and_audited(make_project, programme_manager):
    project = make_project()
    done = services.action_record_set(
        actor=programme_manager, project=project, action_code="1.1", state="done", note="Ok"
    )
    assert (done.step, done.state, done.done_on, done.recorded_by) == (
        1,
        "done",
        TODAY,
        programme_manager,
    )
    errors = errors_of(
        lambda: services.action_record_set(
            actor=programme_manager, project=project, action_code="1.2", state="waived"
        )
    )
    assert errors == {"waiver_reason": ["Say why action 1.2 is waived."]}
    assert not ActionRecord.objects.filter(action_code="1.2").exists()
    waived = services.action_record_set(
        actor=programme_manager,
        project=project,
        action_code="1.2",
        state="waived",
        waiver_reason="The 2026 labour market assessment covers it",
    )
    event = AuditEvent.objects.get(object_id=str(waived.pk), content_type__model="actionrecord")
    assert (event.action, event.changes["state"], event.changes["waiver_reason"]) == (
        "create",
        "waived",
        "The 2026 labour market assessment covers it",
    )


def test_only_the_current_steps_actions_can_be_recorded(make_project, programme_manager):
    project = make_project()
    errors = errors_of(
        lambda: services.action_record_set(
            actor=programme_manager, project=project, action_code="2.1", state="done"
        )
    )
    assert errors == {
        "action_code": [
            "Step 2 (Group formation and incentivisation) is not open yet: the project is at "
            "step 1."
        ]
    }
    assert errors_of(
        lambda: services.action_record_set(
            actor=programme_manager, project=project, action_code="9.1", state="done"
        )
    ) == {"action_code": ["'9.1' is not a Table 3.4 action."]}
    complete(project, programme_manager, 1)
    errors = errors_of(
        lambda: services.action_record_set(
            actor=programme_manager,
            project=project,
            action_code="1.1",
            state="waived",
            waiver_reason="x",
        )
    )
    assert errors == {
        "action_code": ["Step 1 (Assessing preconditions) is closed: the project is at step 2."]
    }


def test_a_step_is_not_completed_while_a_required_action_is_open(make_project, programme_manager):
    project = make_project()
    services.action_record_set(
        actor=programme_manager, project=project, action_code="1.1", state="done"
    )
    errors = errors_of(
        lambda: services.project_step_advance(actor=programme_manager, project=project, to_step=2)
    )
    assert errors == {
        "actions": [
            "Step 1 (Assessing preconditions) cannot be completed: mark these required actions "
            "done, or waive them with a reason: 1.2 Assess specific contextual environment for "
            "these activities, including market systems and labour market assessments, "
            "community profiles, environmental considerations (risks and opportunities), and a "
            "mapping of other projects (see sections 1.4.2, 3.2.1); 1.3 Assess complementarity "
            "of returnee profiles, needs and interests of returnees in specific areas of return "
            "based on database of returnees."
        ]
    }
    project.refresh_from_db()
    assert project.current_step == 1
    assert not StepCompletion.objects.exists()
    assert not AuditEvent.objects.filter(object_id=str(project.pk), action="update").exists()


def test_skipping_a_step_is_refused_even_with_every_action_done(make_project, programme_manager):
    project = make_project()
    for code in ("1.1", "1.2", "1.3"):
        services.action_record_set(
            actor=programme_manager, project=project, action_code=code, state="done"
        )
    errors = errors_of(
        lambda: services.project_step_advance(actor=programme_manager, project=project, to_step=4)
    )
    assert errors == {
        "to_step": [
            "Steps are taken in order: the project is at step 1 (Assessing preconditions); "
            "moving to step 4 would skip step(s) 2, 3."
        ]
    }
    errors = errors_of(
        lambda: services.project_step_advance(actor=programme_manager, project=project, to_step=1)
    )
    assert errors == {
        "to_step": [
            "The project is at step 1 (Assessing preconditions); it can only move to step 2."
        ]
    }
    project.refresh_from_db()
    assert project.current_step == 1
    assert not StepCompletion.objects.exists()


def test_the_optional_action_does_not_block_its_step(make_project, programme_manager):
    project = make_project()
    complete(project, programme_manager, 1)
    complete(project, programme_manager, 2)
    project = complete(project, programme_manager, 3)  # 3.3 left open
    assert project.current_step == 4


def test_selection_needs_a_table_3_2_appraisal_and_keeps_its_recommendation(
    make_project, programme_manager
):
    project = make_project()
    for step in (1, 2, 3):
        project = complete(project, programme_manager, step)
    for code in ("4.1", "4.2", "4.3"):
        services.action_record_set(
            actor=programme_manager, project=project, action_code=code, state="done"
        )
    errors = errors_of(
        lambda: services.project_step_advance(actor=programme_manager, project=project, to_step=5)
    )
    assert errors == {
        "appraisal": ["Record the Table 3.2 appraisal of the project before selecting it."]
    }
    appraisal = services.project_appraise(
        actor=programme_manager,
        project=project,
        assessed_on=TODAY,
        answers={code: {"choice": "yes"} for code in ("P1", "P2", "P3", "P4", "P5", "P6")},
    )
    assert appraisal.conclusion == "recommended"
    project = services.project_step_advance(
        actor=programme_manager, project=project, to_step=5, note="Steering committee"
    )
    assert (project.current_step, project.status) == (5, "selected")
    completion = StepCompletion.objects.get(project=project, step=4)
    assert (completion.appraisal, completion.recommendation, completion.note) == (
        appraisal,
        "recommended",
        "Steering committee",
    )
    event = AuditEvent.objects.filter(object_id=str(project.pk), action="update").latest("id")
    assert event.changes == {
        "status": ["proposed", "selected"],
        "current_step": [4, 5],
    }
    assert event.note == "Step 4 completed: Steering committee"


def test_missing_actions_and_missing_appraisal_are_reported_together(
    make_project, programme_manager
):
    project = make_project()
    for step in (1, 2, 3):
        project = complete(project, programme_manager, step)
    errors = errors_of(
        lambda: services.project_step_advance(actor=programme_manager, project=project, to_step=5)
    )
    assert set(errors) == {"actions", "appraisal"}


def test_through_all_eight_steps(make_project, programme_manager):
    project = make_project()
    services.project_appraise(
        actor=programme_manager, project=project, assessed_on=TODAY, answers={}
    )
    for step in range(1, 9):
        project = complete(project, programme_manager, step)
    assert (project.current_step, project.lifecycle_completed_on) == (8, TODAY)
    assert list(StepCompletion.objects.filter(project=project).values_list("step", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
    ]
    assert StepCompletion.objects.get(step=4).recommendation == "needs review"
    with pytest.raises(ValidationError) as error:
        services.project_step_advance(actor=programme_manager, project=project, to_step=10)
    assert error.value.messages == [f"All 8 steps were completed on {TODAY:%Y-%m-%d}."]


def test_reopening_an_action_removes_it_and_is_audited(make_project, programme_manager):
    project = make_project()
    record = services.action_record_set(
        actor=programme_manager, project=project, action_code="1.1", state="done"
    )
    services.action_record_reopen(actor=programme_manager, project=project, action_code="1.1")
    assert not ActionRecord.objects.exists()
    event = AuditEvent.objects.get(object_id=str(record.pk), action="delete")
    assert event.changes["state"] == "done"
    with pytest.raises(ValidationError):
        services.action_record_reopen(actor=programme_manager, project=project, action_code="1.1")


def test_projects_of_other_kinds_have_no_steps(make_project, programme_manager):
    project = make_project(kind="local_development", approach="new_community_project")
    with pytest.raises(ValidationError) as error:
        services.action_record_set(
            actor=programme_manager, project=project, action_code="1.1", state="done"
        )
    assert error.value.messages == [
        "Only a collective income-generating activity follows the Table 3.4 steps."
    ]
    assert Project.objects.get().current_step is None
