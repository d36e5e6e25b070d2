"""The appraisal page: Table 3.2's 13 criteria with the suggestions computed from the
participants beside each, the recommendation, and who may record one."""

import pytest

from assessments.models import Assessment
from projects import services
from projects.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, make_returnee, case_manager):
    project = make_project()
    for sex in ("female", "male"):
        services.participant_add(
            actor=case_manager, project=project, returnee=make_returnee(sex=sex), fields={}
        )
    for name, sex in (("Awa", "female"), ("Sékou", "male")):
        services.participant_add(
            actor=case_manager, project=project, fields={"name": name, "sex": sex}
        )
    return project


def test_the_form_shows_each_criterion_with_its_suggestion(client_for, programme_manager, project):
    response = client_for(programme_manager).get(f"/projects/{project.pk}/appraisal/new/")
    forms = response.context["forms"]
    assert [f.item.code for f in forms] == [
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
        "P6",
        "P7",
        "P8",
        "P9",
        "N1",
        "N2",
        "N3",
        "N4",
    ]
    suggested = {
        f.item.code: (f.suggestion.choice, f.initial["choice"]) for f in forms if f.suggestion
    }
    assert suggested == {
        "P1": ("yes", "yes"),
        "P3": ("no", "no"),
        "P9": ("yes", "yes"),
        "N4": ("no", "no"),
    }
    assert forms[1].initial["choice"] == "unknown"
    html = response.content.decode()
    assert (
        'data-testid="suggestion-P1">Suggested from the participants: <strong>yes</strong> — 2 '
        "returnee(s) and 2 community member(s) take part" in html
    )


def test_recording_an_appraisal_shows_the_recommendation(client_for, programme_manager, project):
    client = client_for(programme_manager)
    data = {"assessed_on": TODAY.isoformat()}
    for code in ("P1", "P2", "P4", "P5", "P6", "P9"):
        data[f"item-{code}-choice"] = "yes"
    for code in ("P3", "P7", "P8", "N1", "N2", "N3", "N4"):
        data[f"item-{code}-choice"] = "no"
    data["item-P2-text"] = "Proposed at the village assembly"
    response = client.post(f"/projects/{project.pk}/appraisal/new/", data)
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/assessments/{assessment.pk}/"
    assert (assessment.conclusion, assessment.status, assessment.subject) == (
        "recommended",
        "final",
        project,
    )
    html = client.get(response["Location"]).content.decode()
    assert "Conclusion: <strong>recommended</strong>" in html
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="recommendation">recommended<' in html


def test_a_future_date_is_refused_and_nothing_saved(client_for, programme_manager, project):
    response = client_for(programme_manager).post(
        f"/projects/{project.pk}/appraisal/new/", {"assessed_on": "2999-01-01"}
    )
    assert response.context["header"].errors == {
        "assessed_on": ["An assessment cannot be dated in the future."]
    }
    assert not Assessment.objects.exists()


def test_case_managers_read_but_do_not_record_appraisals(client_for, case_manager, project):
    client = client_for(case_manager)
    assert client.get(f"/projects/{project.pk}/appraisal/new/").status_code == 403
    response = client.post(
        f"/projects/{project.pk}/appraisal/new/", {"assessed_on": TODAY.isoformat()}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()
