"""Registration, edits, consent, sessions and referrals through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from communities.models import Sector
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services
from reintegration.models import Referral, Returnee

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def community():
    return CommunityFactory(country="GIN")


def fields(community, **overrides):
    return {
        "first_name": "José",
        "last_name": "Camara",
        "sex": "male",
        "date_of_birth": datetime.date(1998, 5, 1),
        "nationality": "gin",
        "community": community,
        "return_date": TODAY - datetime.timedelta(days=10),
        "return_kind": "assisted_voluntary",
        "phone": "+224 620 00-00-01",
        "months_abroad": 30,
        **overrides,
    }


def register(actor, community, **overrides):
    items = {
        k: overrides.pop(k) for k in ("household", "skills", "interests", "needs") if k in overrides
    }
    return services.returnee_register(actor=actor, fields=fields(community, **overrides), **items)


def test_register_generates_a_reference_and_normalises(case_manager, community):
    first = register(case_manager, community)
    second = register(case_manager, community, first_name="Awa", phone="")
    year = first.return_date.year
    assert (first.reference, second.reference) == (f"RET-{year}-000001", f"RET-{year}-000002")
    assert first.name_normalized == "jose camara"
    assert first.phone == "+224620000001"
    assert first.nationality == "GIN"
    assert (first.organization, first.case_manager) == (case_manager.organization, case_manager)
    event = AuditEvent.objects.get(object_id=str(first.pk), action="create")
    assert event.actor == case_manager
    assert event.changes["reference"] == f"RET-{year}-000001"


def test_register_with_household_skills_interests_needs(case_manager, community):
    tailoring = Sector.objects.get(code="C-TAILORING")
    returnee = register(
        case_manager,
        community,
        household=[{"relationship": "child", "age": 7, "sex": "female", "school_enrolled": True}],
        skills=[{"sector": tailoring, "level": "advanced", "years_experience": 6}],
        interests=[{"kind": "business", "sector": tailoring}, {"kind": "music"}],
        needs=[{"level": "psychosocial", "description": "Sleep problems", "priority": "high"}],
    )
    assert [(m.relationship, m.age, m.is_child) for m in returnee.household.all()] == [
        ("child", 7, True)
    ]
    assert [(s.sector.code, s.level) for s in returnee.skills.all()] == [
        ("C-TAILORING", "advanced")
    ]
    assert sorted(i.kind for i in returnee.interests.all()) == ["business", "music"]
    assert [n.level for n in returnee.needs.all()] == ["psychosocial"]


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        (
            {"return_date": TODAY + datetime.timedelta(days=1)},
            "return_date",
            "The return date cannot be in the future.",
        ),
        (
            {"date_of_birth": TODAY - datetime.timedelta(days=5)},
            "date_of_birth",
            "The date of birth must be before the return date.",
        ),
        ({"date_of_birth": None}, "date_of_birth", "Give a date of birth or an estimated age."),
        (
            {"months_abroad": -3},
            "months_abroad",
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"nationality": "XX"}, "nationality", "'XX' is not an ISO 3166-1 alpha-3 code."),
        (
            {"skills": [{"sector_id": None, "level": "basic"}]},
            "skills-1-sector",
            "This field cannot be null.",
        ),
        (
            {"skills": [{"sector": "C-TAILORING", "level": ""}]},
            "skills-1-level",
            "This field cannot be blank.",
        ),
    ],
)
def test_bad_registration_is_refused_and_nothing_is_saved(
    case_manager, community, overrides, key, message
):
    for skill in overrides.get("skills", []):
        if isinstance(skill.get("sector"), str):  # a skill without a level
            skill["sector"] = Sector.objects.get(code=skill["sector"])
    with pytest.raises(ValidationError) as error:
        register(case_manager, community, **overrides)
    assert error.value.message_dict[key] == [message]
    assert Returnee.objects.count() == 0
    assert not AuditEvent.objects.filter(content_type__model="returnee").exists()


def test_possible_duplicates_are_shown_before_saving(case_manager, community):
    existing = register(case_manager, community)
    with pytest.raises(services.PossibleDuplicates) as duplicates:
        register(case_manager, community, first_name="Jose", phone="")  # same name, accent aside
    assert duplicates.value.candidates == [existing]
    with pytest.raises(services.PossibleDuplicates):
        register(
            case_manager, community, first_name="Other", last_name="Person", phone="+224620000001"
        )  # same phone
    assert Returnee.objects.count() == 1
    confirmed = services.returnee_register(
        actor=case_manager,
        fields=fields(community, first_name="Jose", phone=""),
        confirm_not_duplicate=True,
    )
    assert Returnee.objects.count() == 2
    assert confirmed.reference != existing.reference


def test_second_concurrent_save_is_refused(case_manager, colleague, community):
    returnee = register(case_manager, community)
    stale_version = returnee.version
    services.returnee_update(
        actor=case_manager,
        returnee=returnee,
        version=stale_version,
        fields={"life_plans": "Open a tailoring shop"},
    )
    with pytest.raises(ValidationError, match="Someone else saved this returnee"):
        services.returnee_update(
            actor=colleague,
            returnee=returnee,
            version=stale_version,
            fields={"life_plans": "Overwritten"},
        )
    returnee.refresh_from_db()
    assert (returnee.life_plans, returnee.version) == ("Open a tailoring shop", 2)


def test_sensitive_values_never_reach_the_audit_trail(case_manager, community):
    returnee = register(case_manager, community)
    services.returnee_update(
        actor=case_manager,
        returnee=returnee,
        version=1,
        fields={"mental_health_condition": "Depression"},
    )
    event = AuditEvent.objects.filter(object_id=str(returnee.pk), action="update").get()
    assert event.changes == {"mental_health_condition": ["", "[redacted]"]}


def consent(returnee, actor, **kwargs):
    return services.consent_record(
        actor=actor, returnee=returnee, given_on=TODAY - datetime.timedelta(days=1), **kwargs
    )


def test_referral_workflow_keeps_every_change(case_manager, community):
    returnee = register(case_manager, community)
    service = ServiceFactory(community=community)
    with pytest.raises(ValidationError, match="has not consented to case management"):
        services.referral_create(actor=case_manager, returnee=returnee, target=service, reason="x")
    consent(returnee, case_manager)
    referral = services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=service,
        reason="Needs a health check",
        follow_up_date=TODAY + datetime.timedelta(days=7),
    )
    assert (referral.status, referral.target, referral.target_label) == (
        "proposed",
        service,
        str(service),
    )
    for status in ("accepted", "in_progress", "completed"):
        referral = services.referral_transition(
            actor=case_manager, referral=referral, to_status=status
        )
    assert [(h.from_status, h.to_status, h.changed_by) for h in referral.history.all()] == [
        ("", "proposed", case_manager),
        ("proposed", "accepted", case_manager),
        ("accepted", "in_progress", case_manager),
        ("in_progress", "completed", case_manager),
    ]
    with pytest.raises(ValidationError) as error:
        services.referral_transition(actor=case_manager, referral=referral, to_status="proposed")
    assert error.value.message_dict == {
        "status": ["A completed referral cannot become proposed; it can become: nothing."]
    }
    referral.refresh_from_db()
    assert referral.status == "completed"


def test_decline_needs_a_reason(case_manager, community):
    returnee = register(case_manager, community)
    consent(returnee, case_manager)
    referral = services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=community),
        reason="r",
    )
    with pytest.raises(ValidationError) as error:
        services.referral_transition(actor=case_manager, referral=referral, to_status="declined")
    assert error.value.message_dict == {"decline_reason": ["Say why the referral is declined."]}
    referral = services.referral_transition(
        actor=case_manager, referral=referral, to_status="declined", decline_reason="Full"
    )
    assert referral.status == "declined"


def test_referral_to_another_country_is_refused(case_manager, community):
    returnee = register(case_manager, community)
    consent(returnee, case_manager)
    abroad = ServiceFactory(community=CommunityFactory(country="SEN", admin1="Dakar"))
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=case_manager, returnee=returnee, target=abroad, reason="r")
    assert "refer within the country of return" in error.value.message_dict["target"][0]
    assert Referral.objects.count() == 0


def test_session_needs_consent_and_activates_the_case(case_manager, community):
    returnee = register(case_manager, community)
    consent(returnee, case_manager)
    services.session_log(actor=case_manager, returnee=returnee, date=TODAY, notes="First")
    returnee.refresh_from_db()
    assert returnee.status == "active"
    with pytest.raises(ValidationError) as error:
        services.session_log(
            actor=case_manager, returnee=returnee, date=TODAY + datetime.timedelta(days=1)
        )
    assert error.value.message_dict == {"date": ["A session cannot be logged in the future."]}


def test_closing_a_case_needs_a_reason(case_manager, community):
    returnee = register(case_manager, community)
    with pytest.raises(ValidationError) as error:
        services.case_set_status(actor=case_manager, returnee=returnee, status="closed")
    assert error.value.message_dict["closure_reason"] == ["A closed case needs a closure reason."]
    services.case_set_status(
        actor=case_manager, returnee=returnee, status="closed", closure_reason="Reintegrated"
    )
    returnee.refresh_from_db()
    assert (returnee.status, returnee.closure_reason) == ("closed", "Reintegrated")


def test_reassignment_is_recorded(case_manager, colleague, outsider, community):
    returnee = register(case_manager, community)
    with pytest.raises(ValidationError):
        services.case_assign(actor=case_manager, returnee=returnee, case_manager=outsider)
    services.case_assign(actor=case_manager, returnee=returnee, case_manager=colleague)
    event = AuditEvent.objects.filter(object_id=str(returnee.pk), action="update").get()
    assert event.changes == {"case_manager": [case_manager.pk, colleague.pk]}


def test_referral_that_would_share_without_consent_is_refused(case_manager, partner, community):
    returnee = register(case_manager, community)
    consent(returnee, case_manager)  # consent to case management, shared with nobody
    service = ServiceFactory(community=community, organization=partner.organization)
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=case_manager, returnee=returnee, target=service, reason="r")
    assert (
        "has not consented to sharing their record with Partner NGO"
        in (error.value.message_dict["target"][0])
    )
    assert Referral.objects.count() == 0
    consent(returnee, case_manager, shared_with=[partner.organization])
    referral = services.referral_create(
        actor=case_manager, returnee=returnee, target=service, reason="r"
    )
    assert referral.target_organization == partner.organization


def test_case_update_reassigns_and_closes_together_or_not_at_all(
    case_manager, colleague, community
):
    returnee = register(case_manager, community)
    with pytest.raises(ValidationError):
        services.case_update(
            actor=case_manager, returnee=returnee, case_manager=colleague, status="closed"
        )  # no closure reason: nothing changes
    returnee.refresh_from_db()
    assert (returnee.case_manager, returnee.status) == (case_manager, "open")
    services.case_update(
        actor=case_manager,
        returnee=returnee,
        case_manager=colleague,
        status="closed",
        closure_reason="Moved abroad",
    )
    returnee.refresh_from_db()
    assert (returnee.case_manager, returnee.status, returnee.closure_reason) == (
        colleague,
        "closed",
        "Moved abroad",
    )
