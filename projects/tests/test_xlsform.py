"""The Table 3.2 / 3.5 field forms list the projects a programme manager may assess."""

import pytest

from assessments.models import Instrument
from assessments.xlsform import subjects
from assessments.xlsform.forms import instrument_xlsform
from communities.tests.xlsform_support import pyxform_convert
from projects.tests.factories import ProjectFactory
from projects.xlsform import project_choices, project_resolve

pytestmark = pytest.mark.django_db


def test_projects_register_as_the_subjects_of_project_instruments():
    assert subjects.get("table_3_2").label == "Project"
    assert subjects.get("table_3_5").label == "Project"


def test_choices_and_resolution_follow_project_access(programme_manager, case_manager, outsider):
    mine = ProjectFactory(organization=programme_manager.organization, name="Tailoring")
    ProjectFactory(organization=outsider.organization, name="Elsewhere")
    assert project_choices(programme_manager, "table_3_2") == [
        (str(mine.pk), f"Tailoring (#{mine.pk})")
    ]
    assert project_resolve(programme_manager, "table_3_2", str(mine.pk)) == mine
    # Case managers do not appraise; outsiders do not see the project at all.
    assert project_choices(case_manager, "table_3_2") == []
    assert project_resolve(outsider, "table_3_2", str(mine.pk)) is None
    assert project_resolve(programme_manager, "table_3_2", "not-a-number") is None


def test_the_appraisal_form_of_real_projects_passes_pyxform(programme_manager):
    ProjectFactory(organization=programme_manager.organization, name="Tailoring")
    appraisal = Instrument.objects.get(code="table_3_2", is_active=True)
    form = instrument_xlsform(appraisal, user=programme_manager)
    with form.file() as file:
        result, warnings = pyxform_convert(file.read())
    assert warnings == []
    assert 'id="table_3_2"' in result.xform
    assert "Tailoring" in result.xform
