"""Group formation in the browser (handbook 3.3): proposals from ``projects.grouping`` for a
community, a sector and a size; adjusting the members; creating the collective
income-generating project with its participants in one step (``project_create_from_group``)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from projects import services
from projects.models import Participant, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(make_returnee):
    """Four returnees interested in collective projects: one advanced tailor, three
    intermediate ones."""
    return [
        make_returnee(level="advanced", years=8, interested_in_collective_projects=True),
        *[
            make_returnee(level="intermediate", years=3, interested_in_collective_projects=True)
            for _ in range(3)
        ],
    ]


def url(community, sector, size):
    return f"/projects/group-formation/?community={community.pk}&sector={sector.pk}&size={size}"


def test_proposals_show_each_group_with_its_members_checked(
    client_for, programme_manager, group, community, tailoring
):
    response = client_for(programme_manager).get(url(community, tailoring, 4))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 1
    candidates = rows[0]["candidates"]
    assert {c["candidate"].returnee_id for c in candidates if c["checked"]} == {r.pk for r in group}
    assert [c["candidate"].returnee_id for c in candidates if c["expert"]] == [group[0].pk]
    html = response.content.decode()
    assert 'data-testid="group-1"' in html
    assert "Create project from group 1" in html


def test_no_advanced_level_returnee_proposes_nothing_and_says_why(
    client_for, programme_manager, make_returnee, community, tailoring
):
    for _ in range(3):
        make_returnee(level="intermediate", interested_in_collective_projects=True)
    response = client_for(programme_manager).get(url(community, tailoring, 3))
    assert response.context["rows"] == []
    reasons = response.context["result"].reasons
    assert reasons and "advanced" in reasons[0]
    assert 'data-testid="grouping-reasons"' in response.content.decode()


def test_a_size_the_algorithm_refuses_is_a_form_error(
    client_for, programme_manager, community, tailoring
):
    response = client_for(programme_manager).get(url(community, tailoring, 40))
    assert response.context["form"].errors == {
        "size": ["Ensure this value is less than or equal to 20."]
    }


def post_group(client, community, sector, candidates, members, experts=(), **extra):
    return client.post(
        "/projects/group-formation/create/",
        {
            "community": community.pk,
            "sector": sector.pk,
            "name": "Kaloum tailors",
            "candidates": [r.pk for r in candidates],
            "members": [r.pk for r in members],
            "experts": [r.pk for r in experts],
            **extra,
        },
    )


def test_create_the_project_with_the_adjusted_group_in_one_step(
    client_for, programme_manager, group, community, tailoring
):
    response = post_group(
        client_for(programme_manager), community, tailoring, group, group[:3], [group[0]]
    )
    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.kind, project.approach, project.current_step, project.sector) == (
        "collective_income",
        "collective_returnees",
        1,
        tailoring,
    )
    assert list(project.communities.all()) == [community]
    assert sorted(project.participants.values_list("returnee_id", "role")) == sorted(
        [(group[0].pk, "expert"), (group[1].pk, "member"), (group[2].pk, "member")]
    )
    assert AuditEvent.objects.filter(content_type__model="participant").count() == 3


def test_the_group_is_refused_as_a_whole(
    client_for, programme_manager, group, community, tailoring, make_returnee
):
    no_consent = make_returnee(level="basic", consent=False)
    client = client_for(programme_manager)
    response = post_group(
        client, community, tailoring, [*group, no_consent], [group[0], no_consent]
    )
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [
        f"{no_consent.reference}: The returnee has not consented to case management: record "
        "their consent first."
    ]
    assert not Project.objects.exists()
    assert not Participant.objects.exists()
    # The adjusted choices come back, for a second try.
    rows = response.context["returnees"]
    assert [(row["returnee"], row["checked"]) for row in rows if row["checked"]] == [
        (r, True) for r in sorted([group[0], no_consent], key=lambda r: r.reference)
    ]


def test_the_expert_must_have_advanced_skills(
    client_for, programme_manager, group, community, tailoring
):
    response = post_group(
        client_for(programme_manager), community, tailoring, group, group[1:3], [group[1]]
    )
    assert response.context["form"].errors == {
        "members": [
            "No chosen returnee has advanced skills in Tailoring and garment making: add one "
            "(handbook 3.3: at least one must be able to act as expert and mentor), or say "
            "how the skills will be transferred."
        ],
    }
    assert not Project.objects.exists()


def test_without_an_advanced_member_the_skills_transfer_is_said(
    programme_manager, group, community, tailoring
):
    with pytest.raises(ValidationError) as error:
        services.project_create_from_group(
            actor=programme_manager,
            name="Learners",
            community=community,
            sector=tailoring,
            members=group[1:3],
            experts=[group[1]],
            no_expert_reason="A retired tailor of the village trains them",
        )
    assert error.value.message_dict == {
        "experts": [
            "Only a returnee with advanced skills in Tailoring and garment making can be the "
            f"expert or mentor: {group[1].reference} has none."
        ]
    }
    project = services.project_create_from_group(
        actor=programme_manager,
        name="Learners",
        community=community,
        sector=tailoring,
        members=group[1:3],
        no_expert_reason="A retired tailor of the village trains them",
    )
    assert project.description == (
        "Formed from a group of 2 returnees in Kaloum. Skills transfer without an "
        "advanced-level returnee: A retired tailor of the village trains them"
    )


def test_a_group_needs_two_returnees(programme_manager, group, community, tailoring):
    with pytest.raises(ValidationError) as error:
        services.project_create_from_group(
            actor=programme_manager,
            name="Solo",
            community=community,
            sector=tailoring,
            members=group[:1],
        )
    assert error.value.message_dict == {
        "members": ["A group needs at least 2 returnees; 1 chosen."]
    }


def test_returnees_the_user_may_not_see_are_ignored(
    client_for, programme_manager, group, community, tailoring, other_organization
):
    from reintegration.tests.factories import ReturneeFactory

    stranger = ReturneeFactory(
        case_manager=None, organization=other_organization, community=community
    )
    response = post_group(
        client_for(programme_manager),
        community,
        tailoring,
        [*group[:2], stranger],
        [*group[:2], stranger],
        [group[0]],
    )
    assert response.status_code == 200
    assert "members" in response.context["form"].errors  # not a valid choice
    assert not Project.objects.exists()


def test_outsiders_and_partners_cannot_use_group_formation(
    client_for, partner, community, tailoring
):
    assert client_for(partner).get(url(community, tailoring, 3)).status_code == 403
