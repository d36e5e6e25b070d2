"""Who may see and change which project (projects.access), with the personas."""

import pytest

from accounts.tests.factories import UserFactory
from projects import access
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(organization, other_organization, partner_organization):
    return {
        "own": ProjectFactory(organization=organization, name="Own"),
        "other": ProjectFactory(organization=other_organization, name="Other"),
        "run_by_partner": ProjectFactory(
            organization=organization,
            name="Run by partner",
            approach="integrate_existing",
            run_by_organization=partner_organization,
        ),
        "partners_own": ProjectFactory(organization=partner_organization, name="Partner's own"),
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("case_manager", {"Own", "Run by partner"}),
        ("colleague", {"Own", "Run by partner"}),
        ("supervisor", {"Own", "Run by partner"}),
        ("programme_manager", {"Own", "Run by partner"}),
        ("outsider", {"Other"}),
        ("partner", {"Run by partner", "Partner's own"}),
        ("administrator", {"Own", "Other", "Run by partner", "Partner's own"}),
    ],
)
def test_projects_each_persona_sees(request, projects, persona, visible):
    user = request.getfixturevalue(persona)
    assert set(access.projects_for_user(user).values_list("name", flat=True)) == visible


def test_a_user_without_a_role_sees_nothing(projects, organization):
    assert not access.projects_for_user(UserFactory(organization=organization)).exists()


@pytest.mark.parametrize(
    ("persona", "edit", "select", "participants"),
    [
        ("programme_manager", True, True, True),
        ("case_manager", False, False, True),
        ("supervisor", False, False, True),
        ("outsider", False, False, False),
        ("partner", False, False, False),
        ("administrator", True, True, True),
    ],
)
def test_who_may_change_the_own_project(request, projects, persona, edit, select, participants):
    user = request.getfixturevalue(persona)
    project = projects["own"]
    assert access.can_edit(user, project) is edit
    assert access.can_select(user, project) is select
    assert access.can_manage_participants(user, project) is participants


def test_a_programme_manager_of_another_organization_changes_nothing(projects, other_organization):
    manager = UserFactory(organization=other_organization, roles=["programme_manager"])
    assert access.can_edit(manager, projects["own"]) is False
    assert access.can_manage_participants(manager, projects["own"]) is False


def test_a_project_outside_ones_reach_is_a_404(projects, outsider):
    from django.http import Http404

    with pytest.raises(Http404):
        access.project_get_for_user(user=outsider, pk=projects["own"].pk)
