"""Existing-project matching (handbook 3.3.2, Table 3.5): who fits, in which order and
why; the Table 3.5 assessment before any referral; capacity."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Instrument
from communities.tests.factories import CommunityFactory
from projects import services
from projects.selectors import match_returnees, remaining_places
from projects.selectors.matching import distance_km
from projects.tests.conftest import TODAY
from reintegration.models import Referral, ReturneeSkill
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(community):
    return {
        "kaloum": community,
        "ratoma": CommunityFactory(name="Ratoma", latitude="9.5870", longitude="-13.6470"),
        "labe": CommunityFactory(name="Labé", latitude="11.3180", longitude="-12.2830"),
        "kankan": CommunityFactory(name="Kankan", latitude="10.3854", longitude="-9.3057"),
        "unmapped": CommunityFactory(name="Unmapped", latitude=None, longitude=None),
    }


@pytest.fixture
def existing(make_project, places, tailoring):
    return make_project(
        name="Municipal uniforms workshop",
        approach="integrate_existing",
        kind="local_development",
        sector=None,
        run_by_name="Commune of Kaloum",
        capacity=3,
        location=places["kaloum"],
        required_sectors=[tailoring],
        required_skill_level="intermediate",
        currency="GNF",
        monthly_income="1500000",
    )


def suitable_everywhere(project, actor, **override):
    items = Instrument.objects.get(code="table_3_5", is_active=True).items.all()
    answers = {item.code: {"choice": "suitable"} for item in items}
    answers.update(override)
    return services.project_assess_existing(
        actor=actor, project=project, assessed_on=TODAY, answers=answers
    )


def test_distances_between_community_centres(places):
    assert distance_km(places["kaloum"], places["ratoma"]) == 11
    assert distance_km(places["kaloum"], places["labe"]) == 255
    assert distance_km(places["kaloum"], places["kankan"]) == 492
    assert distance_km(places["kaloum"], places["unmapped"]) is None


def test_who_fits_in_which_order_and_why(
    existing, places, make_returnee, case_manager, other_organization, programme_manager
):
    kankan = make_returnee(level="advanced", years=9, community=places["kankan"])
    ratoma = make_returnee(level="advanced", years=2, community=places["ratoma"])
    same = make_returnee(level="intermediate", years=1)
    unmapped = make_returnee(level="advanced", community=places["unmapped"])
    labe = make_returnee(level="advanced", years=5, community=places["labe"], consent=False)
    make_returnee(level="basic")  # below the minimum level
    make_returnee(level="advanced", status="closed", closure_reason="Left the country")
    taking_part = make_returnee(level="advanced")
    services.participant_add(actor=case_manager, project=existing, returnee=taking_part, fields={})
    abroad = make_returnee(level="advanced", community=CommunityFactory(country="SEN"))
    ReturneeFactory(  # another organization's registry
        case_manager=None, organization=other_organization, community=places["kaloum"]
    )
    matches, reasons = match_returnees(user=case_manager, project=existing)
    assert reasons == []
    assert [m.returnee for m in matches] == [same, ratoma, labe, kankan, unmapped]
    assert [m.distance_km for m in matches] == [0, 11, 255, 492, None]
    assert matches[0].reasons == [
        "Intermediate in Tailoring and garment making, 1 year(s) of experience",
        "Lives in Kaloum, where the project is",
        "Case open, not in the project",
    ]
    assert matches[2].reasons[1:] == [
        "Lives in Labé, about 255 km away",
        "Case open, not in the project",
        "No active consent to case management: cannot be referred",
    ]
    assert matches[4].reasons[1] == "Lives in Unmapped; distance unknown (no coordinates)"
    assert abroad not in [m.returnee for m in matches]


def test_a_trade_under_a_required_isic_section_fits(existing, make_returnee, tailoring):
    existing.required_sectors.set([tailoring.parent])  # C, Manufacturing
    returnee = make_returnee(level="advanced")
    ReturneeSkill.objects.filter(returnee=returnee).update(sector=tailoring)
    matches, _ = match_returnees(user=returnee.case_manager, project=existing)
    assert [m.returnee for m in matches] == [returnee]


def test_nothing_to_match_without_sectors(make_project, case_manager):
    project = make_project(
        approach="integrate_existing",
        kind="local_development",
        sector=None,
        run_by_name="Commune of Kaloum",
    )
    assert match_returnees(user=case_manager, project=project) == (
        [],
        ["Record the sector(s) the project requires (Table 3.5) to match returnees."],
    )


def test_referral_needs_a_suitable_table_3_5_assessment_first(
    existing, make_returnee, case_manager, programme_manager
):
    one, two = make_returnee(level="advanced"), make_returnee(level="advanced")

    def refer(*returnees):
        return services.project_refer_returnees(
            actor=case_manager, project=existing, returnees=returnees, reason="Tailors"
        )

    with pytest.raises(ValidationError) as error:
        refer(one)
    assert error.value.messages == [
        "Record the Table 3.5 assessment of the project before referring returnees to it."
    ]
    suitable_everywhere(existing, programme_manager, adequacy_of_income={"choice": "unsuitable"})
    with pytest.raises(ValidationError) as error:
        refer(one)
    assert error.value.messages == [
        f"The Table 3.5 assessment of {TODAY:%Y-%m-%d} concludes “not suitable”: returnees "
        "are referred only to a project assessed suitable."
    ]
    assert not Referral.objects.exists()
    assessment = suitable_everywhere(existing, programme_manager)
    assert assessment.conclusion == "suitable"
    # The implementing organization answers: the commune running it does not use the app.
    referrals = refer(one, two)
    assert [(r.returnee, r.status, r.target_organization) for r in referrals] == [
        (one, "proposed", existing.organization),
        (two, "proposed", existing.organization),
    ]
    assert remaining_places(existing) == 1
    with pytest.raises(ValidationError) as error:
        refer(one)
    assert error.value.message_dict == {
        "returnees": [f"Already referred to or taking part in the project: {one.reference}."]
    }


def test_referrals_beyond_the_capacity_are_refused(
    existing, make_returnee, case_manager, programme_manager
):
    suitable_everywhere(existing, programme_manager)
    services.participant_add(
        actor=case_manager, project=existing, returnee=make_returnee(), fields={}
    )
    chosen = [make_returnee(level="advanced") for _ in range(3)]
    with pytest.raises(ValidationError) as error:
        services.project_refer_returnees(
            actor=case_manager, project=existing, returnees=chosen, reason="r"
        )
    assert error.value.message_dict == {
        "returnees": ["Municipal uniforms workshop has 2 place(s) left for returnees; 3 chosen."]
    }
    assert not Referral.objects.exists()


def test_a_refusal_for_one_returnee_refers_none(
    existing, make_returnee, case_manager, programme_manager
):
    suitable_everywhere(existing, programme_manager)
    fine = make_returnee(level="advanced")
    no_consent = make_returnee(level="advanced", consent=False)
    with pytest.raises(ValidationError) as error:
        services.project_refer_returnees(
            actor=case_manager, project=existing, returnees=[fine, no_consent], reason="r"
        )
    assert error.value.message_dict == {
        "returnees": [
            f"{no_consent.reference}: The returnee has not consented to case management: "
            "record their consent first."
        ]
    }
    assert not Referral.objects.exists()


def test_table_3_5_is_for_existing_projects_only(make_project, programme_manager):
    project = make_project()
    with pytest.raises(ValidationError) as error:
        services.project_assess_existing(
            actor=programme_manager, project=project, assessed_on=TODAY, answers={}
        )
    assert error.value.messages == [
        "Table 3.5 assesses existing projects that returnees are integrated into; this "
        "project's approach is “Supporting collective groups of returnees”."
    ]


def test_matching_page_refers_the_chosen_returnees(
    client_for, existing, make_returnee, case_manager, programme_manager
):
    suitable_everywhere(existing, programme_manager)
    chosen = make_returnee(level="advanced")
    client = client_for(case_manager)
    response = client.get(f"/projects/{existing.pk}/matching/")
    html = response.content.decode()
    assert f'data-returnee="{chosen.reference}"' in html
    assert 'data-testid="places">3<' in html
    response = client.post(
        f"/projects/{existing.pk}/matching/",
        {"returnees": [chosen.pk], "reason": "Advanced tailor living nearby"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.returnee, referral.reason) == (chosen, "Advanced tailor living nearby")
    # Programme managers do not refer (case work); outsiders do not see the project.
    assert (
        client_for(programme_manager).get(f"/projects/{existing.pk}/matching/").status_code == 403
    )


def test_an_existing_project_run_by_a_partner_answers_its_referrals(
    existing, make_returnee, case_manager, programme_manager, partner
):
    existing.run_by_organization = partner.organization
    existing.save()
    suitable_everywhere(existing, programme_manager)
    shared, private = make_returnee(level="advanced"), make_returnee(level="advanced")
    shared.consent.shared_with.set([partner.organization])
    matches, _ = match_returnees(user=case_manager, project=existing)
    assert [(m.returnee, m.has_consent) for m in matches] == [(shared, True), (private, False)]
    assert matches[1].reasons[-1] == (
        "Has not consented to sharing their record with Partner NGO, who answers referrals "
        "to the project: cannot be referred"
    )
    with pytest.raises(ValidationError) as error:
        services.project_refer_returnees(
            actor=case_manager, project=existing, returnees=[private], reason="r"
        )
    assert "has not consented to sharing their record with Partner NGO" in (error.value.messages[0])
    (referral,) = services.project_refer_returnees(
        actor=case_manager, project=existing, returnees=[shared], reason="r"
    )
    assert referral.target_organization == partner.organization
    # The partner accepts: the returnee joins the project as a member.
    from reintegration.services import referral_transition

    referral_transition(actor=partner, referral=referral, to_status="accepted")
    assert list(existing.participants.values_list("returnee", "role")) == [(shared.pk, "member")]
