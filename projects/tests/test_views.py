"""Browser pages of projects: the list with filters, search, sorting and pagination at a
constant query count; the project page; creating and editing; who may do what."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import AuditEvent
from communities.models import Sector
from communities.tests.factories import CommunityFactory
from projects import services
from projects.models import Project
from projects.tests.conftest import TODAY
from projects.tests.factories import ParticipantFactory, ProjectFactory, community_member
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db


def populate(organization, case_manager, count, community):
    for n in range(count):
        project = ProjectFactory(
            organization=organization,
            name=f"Project {n:03d}",
            kind="collective_income" if n % 2 else "local_development",
            communities=[community],
        )
        ParticipantFactory(
            project=project,
            returnee=ReturneeFactory(case_manager=case_manager, community=community),
        )
        community_member(project)


@pytest.mark.parametrize("count", [2, 30])
def test_project_list_keeps_a_constant_query_count(
    client_for,
    programme_manager,
    case_manager,
    organization,
    community,
    count,
    django_assert_num_queries,
):
    populate(organization, case_manager, count, community)
    client = client_for(programme_manager)
    # 1 session, 2 user, 3-4 permissions (user, groups), 5 user's groups (access and
    # navigation), 6 COUNT, 7 one page of projects with sector and their participant
    # counts, 8 the page's communities, 9-10 community and sector choices of the filter
    # form, 11 user's organization (user menu).
    with django_assert_num_queries(11):
        response = client.get("/projects/")
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert len(rows) == min(count, 25)
    assert (rows[0].returnee_count, rows[0].non_migrant_count) == (1, 1)


def test_filters_search_sorting_and_pagination(
    client_for, programme_manager, organization, community
):
    other_place = CommunityFactory(name="Labé Centre", country="GIN")
    tailoring = Sector.objects.get(code="C-TAILORING")
    a = ProjectFactory(organization=organization, name="Fishing boats", communities=[other_place])
    b = ProjectFactory(
        organization=organization,
        name="Atelier couture",
        kind="collective_income",
        approach="collective_returnees",
        communities=[community],
    )
    c = ProjectFactory(
        organization=organization,
        name="Recycling",
        approach="integrate_existing",
        run_by_name="Commune",
        communities=[community],
        start_date=datetime.date(2026, 1, 1),
    )
    ProjectFactory(name="Someone else's")  # another organization's: never listed
    client = client_for(programme_manager)

    def names(query=""):
        return [p.name for p in client.get(f"/projects/?{query}").context["page"].object_list]

    assert names("sort=name") == ["Atelier couture", "Fishing boats", "Recycling"]
    assert names() == ["Recycling", "Atelier couture", "Fishing boats"]  # newest first
    assert names("approach=integrate_existing") == ["Recycling"]
    assert names("kind=collective_income") == ["Atelier couture"]
    assert names("step=1") == ["Atelier couture"]
    assert names(f"community={other_place.pk}") == ["Fishing boats"]
    assert names(f"sector={tailoring.pk}") == ["Atelier couture"]
    assert names(f"sector={tailoring.parent_id}") == ["Atelier couture"]  # ISIC section C
    assert names("q=couture") == ["Atelier couture"]
    assert names("sort=start") == ["Recycling", "Atelier couture", "Fishing boats"]
    response = client.get("/projects/?q=nothing+like+this")
    assert "No project matches these filters." in response.content.decode()
    assert {a.pk, b.pk, c.pk} == set(
        Project.objects.filter(organization=organization).values_list("pk", flat=True)
    )


def test_pagination_and_empty_state(client_for, programme_manager, organization, community):
    client = client_for(programme_manager)
    assert "No project recorded yet." in client.get("/projects/").content.decode()
    for n in range(27):
        ProjectFactory(organization=organization, name=f"P{n:02d}", communities=[community])
    page2 = client.get("/projects/?sort=name&page=2").context["page"]
    assert [p.name for p in page2.object_list] == ["P25", "P26"]


def test_project_page_query_count_does_not_grow_with_participants(
    client_for,
    programme_manager,
    make_project,
    make_returnee,
    case_manager,
    django_assert_num_queries,
):
    project = make_project()

    def add(n):
        for i in range(n):
            services.participant_add(
                actor=case_manager, project=project, returnee=make_returnee(), fields={}
            )
            services.participant_add(
                actor=case_manager, project=project, fields={"name": f"M{i}", "sex": "male"}
            )

    client = client_for(programme_manager)
    add(1)
    client.get(f"/projects/{project.pk}/")  # warm the content-type cache
    # 1 session, 2 user, 3-4 permissions, 5 user's groups, 6 the project (access),
    # 7 the project with sector, organizations, location and creator, 8-12 its
    # communities, required sectors, Table 3.4 records, step completions and participants
    # with their returnees, 13-14 latest Table 3.2 and 3.5 assessments, 15 which
    # returnees the user may open, 16 referrals to the project, 17 user's organization.
    with django_assert_num_queries(17):
        assert client.get(f"/projects/{project.pk}/").status_code == 200
    add(10)
    with django_assert_num_queries(17):
        response = client.get(f"/projects/{project.pk}/")
    assert response.context["balance"].total == 22


def test_project_page_shows_balances_warning_and_approach(
    client_for, programme_manager, make_project, make_returnee, case_manager
):
    project = make_project()
    for sex in ("male", "male", "male"):
        services.participant_add(
            actor=case_manager, project=project, returnee=make_returnee(sex=sex), fields={}
        )
    html = client_for(programme_manager).get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="balance-returnees">3<' in html
    assert 'data-testid="balance-non-migrants">0<' in html
    assert "Returnees are 3 of 3 participants (100%)." in html
    assert "No woman takes part." in html
    assert "Strong impact on returnees." in html  # Table 3.3 advantages of the approach
    assert "Step 1. Assessing preconditions for collective income-generating activities" in html


def test_create_a_project_through_the_form(client_for, programme_manager, community):
    client = client_for(programme_manager)
    html = client.get("/projects/new/").content.decode()
    # Table 3.3 where the approach is chosen.
    assert "Coaching opportunities for returnees who do not have specific skills." in html
    assert "Risk of limited impact on returnees who may have limited involvement" in html
    response = client.post(
        "/projects/new/",
        {
            "name": "Community garden",
            "approach": "new_community_project",
            "kind": "local_development",
            "communities": [community.pk],
            "proposed_by": "community_members",
            "currency": "GNF",
            "budget": "25000.00",
            "cofinancing_local_government": "5000",
            "start_date": "2026-12-01",
            "end_date": "2027-11-30",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert (project.budget, project.cofinancing_local_government, project.cofinancing_in_kind) == (
        Decimal("25000.00"),
        Decimal("5000.00"),
        Decimal("0.00"),
    )


def test_create_form_shows_the_services_errors_and_saves_nothing(
    client_for, programme_manager, community
):
    response = client_for(programme_manager).post(
        "/projects/new/",
        {
            "name": "Backwards",
            "approach": "new_community_project",
            "kind": "local_development",
            "communities": [community.pk],
            "proposed_by": "organization",
            "start_date": "2026-12-01",
            "end_date": "2026-11-30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_date": ["The project cannot end before it starts."]
    }
    assert not Project.objects.exists()


def test_who_may_see_and_change_a_project(
    client_for, make_project, programme_manager, case_manager, outsider, partner
):
    project = make_project()
    assert client_for(outsider).get(f"/projects/{project.pk}/").status_code == 404
    client = client_for(case_manager)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403
    response = client.post(f"/projects/{project.pk}/actions/1.1/", {"state": "done"})
    assert response.status_code == 403
    assert not project.action_records.exists()
    response = client.post(
        f"/projects/{project.pk}/status/", {"to_status": "cancelled", "note": "x"}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == "proposed"
    # A partner reads through the API, and sees no other organization's project anywhere.
    assert client_for(partner).get(f"/projects/{project.pk}/").status_code == 404


def test_lifecycle_through_the_pages(client_for, programme_manager, make_project):
    project = make_project()
    client = client_for(programme_manager)
    response = client.post(f"/projects/{project.pk}/advance/", {"to_step": 3}, follow=True)
    assert "Nothing was saved. Steps are taken in order" in response.content.decode()
    client.post(f"/projects/{project.pk}/actions/1.1/", {"state": "done"})
    client.post(f"/projects/{project.pk}/actions/1.2/", {"state": "waived"})
    assert list(project.action_records.values_list("action_code", "state")) == [("1.1", "done")]
    client.post(
        f"/projects/{project.pk}/actions/1.2/",
        {"state": "waived", "waiver_reason": "Done by the 2025 study"},
    )
    client.post(f"/projects/{project.pk}/actions/1.3/", {"state": "done"})
    response = client.post(f"/projects/{project.pk}/advance/", {"to_step": 2}, follow=True)
    assert "Moved to step 2." in response.content.decode()
    project.refresh_from_db()
    assert project.current_step == 2


def test_add_participants_through_the_pages(
    client_for, case_manager, make_project, make_returnee, other_organization
):
    project = make_project()
    returnee = make_returnee()
    stranger = ReturneeFactory(
        case_manager=None, organization=other_organization, community=returnee.community
    )
    client = client_for(case_manager)
    url = f"/projects/{project.pk}/participants/new/returnee/"
    response = client.post(
        url,
        {
            "returnee_reference": stranger.reference,
            "role": "member",
            "joined_on": TODAY.isoformat(),
        },
    )
    assert response.context["form"].errors == {
        "returnee_reference": [f"No returnee {stranger.reference} in your registry."]
    }
    response = client.post(
        url,
        {
            "returnee_reference": returnee.reference.lower(),
            "role": "member",
            "joined_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "returnee_reference": returnee.reference,
            "role": "member",
            "joined_on": TODAY.isoformat(),
        },
    )
    assert (
        response.context["form"]
        .errors["returnee_reference"][0]
        .endswith("already takes part in Tailoring cooperative (one active place each).")
    )
    response = client.post(
        f"/projects/{project.pk}/participants/new/member/",
        {
            "name": "Fatou",
            "sex": "female",
            "age_band": "25-34",
            "role": "shareholder",
            "share_percentage": "101",
            "joined_on": TODAY.isoformat(),
        },
    )
    assert response.context["form"].errors == {
        "share_percentage": ["A share is more than 0 and at most 100 per cent."]
    }
    assert project.participants.count() == 1
    assert client.get(f"/projects/{project.pk}/participants/new/nobody/").status_code == 404


def test_history_lists_the_projects_participants_and_lifecycle_events(
    client_for, programme_manager, make_project
):
    project = make_project()
    services.action_record_set(
        actor=programme_manager, project=project, action_code="1.1", state="done"
    )
    services.action_record_reopen(actor=programme_manager, project=project, action_code="1.1")
    services.participant_add(
        actor=programme_manager, project=project, fields={"name": "Awa", "sex": "female"}
    )
    events = client_for(programme_manager).get(f"/projects/{project.pk}/history/").context["events"]
    assert [(e.content_type.model, e.action) for e in events] == [
        ("participant", "create"),
        ("actionrecord", "delete"),
        ("actionrecord", "create"),
        ("project", "create"),
    ]
    assert AuditEvent.objects.count() == 4


def test_cancelling_asks_for_a_confirmation_first(client_for, programme_manager, make_project):
    project = make_project()
    client = client_for(programme_manager)
    url = f"/projects/{project.pk}/status/"
    response = client.post(url, {"to_status": "cancelled", "note": "Funding withdrawn"})
    assert "This cannot be undone" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "proposed"
    response = client.post(
        url, {"to_status": "cancelled", "note": "Funding withdrawn", "confirmed": "yes"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "cancelled"
    assert client.post(url, {"to_status": ""}, follow=True).redirect_chain[-1][0] == (
        f"/projects/{project.pk}/"
    )


def test_projects_of_the_country_are_referral_targets(
    client_for, case_manager, make_project, make_returnee
):
    project = make_project(name="Kaloum tailoring cooperative")
    make_project(name="Dakar market", communities=[CommunityFactory(country="SEN")])
    returnee = make_returnee()
    response = client_for(case_manager).get(f"/returnees/{returnee.pk}/referrals/new/")
    choices = dict(response.context["form"].fields["target"].choices)
    assert choices["Project"] == [(f"projects.project:{project.pk}", project.name)]


def test_case_managers_create_projects_only_through_group_formation(client_for, case_manager):
    client = client_for(case_manager)
    assert client.get("/projects/new/").status_code == 403
    html = client.get("/projects/").content.decode()
    assert "New project" not in html
    assert "Start one from" in html
    assert client.get("/projects/group-formation/").status_code == 200


def test_the_project_form_shows_every_field_once():
    from projects.forms import ProjectForm

    shown = [
        "name",
        "approach",
        *[name for _, names in ProjectForm.SECTIONS for name in names],
        *ProjectForm.EXISTING_FIELDS,
    ]
    assert sorted(shown) == sorted(ProjectForm.Meta.fields)
    assert len(shown) == len(set(shown))
