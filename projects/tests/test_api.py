"""The projects API: who sees which project, staff vs pseudonymised participants, filters,
query counts and the schema."""

import datetime

import pytest
from django.core.management import call_command

from projects import services
from projects.models import Participant
from projects.tests.conftest import TODAY
from projects.tests.factories import ParticipantFactory, ProjectFactory, community_member
from reintegration import services as registry
from reintegration.api.serializers import age_band
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/projects/"
PARTICIPANTS = "/api/v1/project-participants/"


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def partner_project(make_project, partner, case_manager, make_returnee, programme_manager):
    """A project run by the partner's organization, with one returnee who shared their
    record with the partner (referred to it with consent), one who did not, and a
    community member."""
    project = make_project(
        name="Market garden",
        approach="integrate_existing",
        kind="local_development",
        sector=None,
        run_by_organization=partner.organization,
    )
    shared = make_returnee(sex="female", date_of_birth=datetime.date(1990, 1, 1))
    shared.consent.shared_with.set([partner.organization])
    hidden = make_returnee(sex="male")
    for returnee in (shared, hidden):
        services.participant_add(actor=case_manager, project=project, returnee=returnee, fields={})
    services.participant_add(
        actor=case_manager,
        project=project,
        fields={
            "name": "Ibrahima Sow",
            "sex": "male",
            "age_band": "45-59",
            "vulnerability": "high",
        },
    )
    # The referral that shares the record with the partner (consent names it).
    from communities.tests.factories import ServiceFactory

    service = ServiceFactory(community=shared.community, organization=partner.organization)
    registry.referral_create(actor=case_manager, returnee=shared, target=service, reason="r")
    return project, shared, hidden


def test_staff_see_their_organizations_projects(
    client_for, make_project, programme_manager, outsider
):
    project = make_project(
        budget="1500.50",
        currency="GNF",
        iati_reporting_org="XM-DAC-47066",
        iati_activity_id="GIN-01",
    )
    ProjectFactory()  # another organization's
    rows = results(client_for(programme_manager), PROJECTS)
    assert [r["id"] for r in rows] == [project.pk]
    row = rows[0]
    assert {
        k: row[k]
        for k in (
            "approach",
            "kind",
            "status",
            "sector",
            "current_step",
            "iati_identifier",
            "budget",
            "currency",
        )
    } == {
        "approach": "collective_returnees",
        "kind": "collective_income",
        "status": "proposed",
        "sector": "C-TAILORING",
        "current_step": 1,
        "iati_identifier": "XM-DAC-47066-GIN-01",
        "budget": "1500.50",  # a decimal string, never a float
        "currency": "GNF",
    }
    assert results(client_for(outsider), PROJECTS) == []
    assert client_for(outsider).get(f"{PROJECTS}{project.pk}/").status_code == 404


def test_project_filters(client_for, make_project, programme_manager):
    a = make_project(iati_reporting_org="XM-DAC-47066", iati_activity_id="GIN-01")
    b = make_project(
        name="Garden", kind="local_development", approach="new_community_project", sector=None
    )
    client = client_for(programme_manager)

    def ids(query):
        return [r["id"] for r in results(client, f"{PROJECTS}?{query}")]

    assert ids("kind=local_development") == [b.pk]
    assert ids("step=1") == [a.pk]
    assert ids("sector=C-TAILORING") == [a.pk]
    assert ids("iati_identifier=XM-DAC-47066-GIN-01") == [a.pk]
    assert ids(f"community={a.communities.get().pk}") == [b.pk, a.pk]


def test_partner_reads_the_projects_its_organization_runs_with_pseudonymised_participants(
    client_for, partner, partner_project
):
    project, shared, hidden = partner_project
    client = client_for(partner)
    assert [r["id"] for r in results(client, PROJECTS)] == [project.pk]
    detail = client.get(f"{PROJECTS}{project.pk}/").json()
    assert detail["run_by"] == "Partner NGO"
    rows = sorted(results(client, f"{PARTICIPANTS}?project={project.pk}"), key=lambda r: r["id"])
    ids = list(
        Participant.objects.filter(project=project).order_by("id").values_list("id", flat=True)
    )
    common = {
        "project": project.pk,
        "role": "member",
        "term_start": None,
        "term_end": None,
        "share_percentage": None,
        "joined_on": TODAY.isoformat(),
        "left_on": None,
    }
    assert rows == [
        {
            **common,
            "id": ids[0],
            "kind": "returnee",
            "sex": "female",
            "age_band": age_band(shared.age),
            "returnee_reference": shared.reference,
        },
        {
            **common,
            "id": ids[1],
            "kind": "returnee",
            "sex": "male",
            "age_band": age_band(hidden.age),
            "returnee_reference": None,  # no consent to share with the partner
        },
        {
            **common,
            "id": ids[2],
            "kind": "community_member",
            "sex": "male",
            "age_band": "45-59",
            "returnee_reference": None,
        },
    ]
    body = str(rows)
    for secret in (shared.first_name, shared.last_name, hidden.last_name, "Ibrahima", "high"):
        assert secret not in body


def test_staff_participants_have_names(client_for, case_manager, partner_project):
    project, shared, _ = partner_project
    rows = results(client_for(case_manager), f"{PARTICIPANTS}?project={project.pk}&active=true")
    assert len(rows) == 3
    first = min(rows, key=lambda r: r["id"])
    assert first["returnee"] == {
        "id": shared.pk,
        "reference": shared.reference,
        "first_name": shared.first_name,
        "last_name": shared.last_name,
    }
    member = max(rows, key=lambda r: r["id"])
    assert (member["name"], member["vulnerability"], member["returnee"]) == (
        "Ibrahima Sow",
        "high",
        None,
    )


def test_other_partners_see_nothing(client_for, partner_project, other_organization):
    from accounts.tests.factories import UserFactory

    other = UserFactory(organization=other_organization, roles=["partner"])
    client = client_for(other)
    assert results(client, PROJECTS) == []
    assert results(client, PARTICIPANTS) == []


@pytest.mark.parametrize("rows", [2, 20])
def test_list_endpoints_keep_a_constant_query_count(
    client_for,
    programme_manager,
    partner,
    organization,
    case_manager,
    rows,
    django_assert_num_queries,
):
    for _ in range(rows):
        project = ProjectFactory(
            organization=organization, run_by_organization=partner.organization
        )
        ParticipantFactory(project=project, returnee=ReturneeFactory(case_manager=case_manager))
        community_member(project)
    client = client_for(programme_manager)
    # 1 session, 2 user, 3 role groups, 4 page of projects with sector, organization and
    # participant counts, 5 their communities.
    with django_assert_num_queries(5):
        assert len(results(client, f"{PROJECTS}?page_size=100")) == rows
    # 1 session, 2 user, 3 role groups, 4 page of participants with their returnees.
    with django_assert_num_queries(4):
        assert len(results(client, f"{PARTICIPANTS}?page_size=100")) == 2 * rows
    client = client_for(partner)
    # The same for a partner: "shared with the partner" is an EXISTS in the page's query.
    with django_assert_num_queries(5):
        assert len(results(client, f"{PROJECTS}?page_size=100")) == rows
    with django_assert_num_queries(4):
        assert len(results(client, f"{PARTICIPANTS}?page_size=100")) == 2 * rows


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (PROJECTS, PARTICIPANTS):
        assert f"  {path}:" in schema
