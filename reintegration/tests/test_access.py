"""Personas against the access functions and the browser pages (issue acceptance 2, 3)."""

import datetime

import pytest

from accounts.models import AccessLogEntry
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import access, services
from reintegration.models import Returnee

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def returnee(case_manager):
    community = CommunityFactory(country="GIN")
    return services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": "Mariama",
            "last_name": "Sow",
            "sex": "female",
            "estimated_age": 27,
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=3),
            "return_kind": "forced",
            "mental_health_condition": "Post-traumatic stress",
            "protection_concern": "Threats from a smuggler",
        },
    )


@pytest.fixture
def referred(returnee, case_manager, partner):
    """Referred to a service answered by the partner, with consent to share with it."""
    services.consent_record(
        actor=case_manager, returnee=returnee, given_on=TODAY, shared_with=[partner.organization]
    )
    service = ServiceFactory(community=returnee.community, organization=partner.organization)
    return services.referral_create(
        actor=case_manager, returnee=returnee, target=service, reason="Psychosocial support"
    )


def visible(user):
    return list(access.returnees_for_user(user).values_list("reference", flat=True))


def test_who_sees_the_returnee(
    returnee,
    case_manager,
    colleague,
    supervisor,
    outsider,
    programme_manager,
    partner,
    administrator,
):
    assert visible(case_manager) == [returnee.reference]
    assert visible(colleague) == [returnee.reference]
    assert visible(supervisor) == [returnee.reference]
    assert visible(programme_manager) == [returnee.reference]
    assert visible(administrator) == [returnee.reference]
    assert visible(outsider) == []
    assert visible(partner) == []  # no referral to the partner


def test_partner_sees_it_while_referred_with_consent(referred, returnee, case_manager, partner):
    assert visible(partner) == [returnee.reference]
    assert list(access.referrals_for_user(partner)) == [referred]
    services.consent_withdraw(actor=case_manager, returnee=returnee, withdrawn_on=TODAY)
    assert visible(partner) == []
    assert list(access.referrals_for_user(partner)) == []


def test_sensitive_fields_only_for_assigned_case_manager_supervisor_admin(
    returnee, case_manager, colleague, supervisor, programme_manager, administrator
):
    allowed = {
        u.username: access.can_see_sensitive(u, returnee)
        for u in (case_manager, colleague, supervisor, programme_manager, administrator)
    }
    assert allowed == {
        "case-manager": True,
        "colleague": False,
        "supervisor": True,
        "programme-manager": False,
        "administrator": True,
    }


@pytest.mark.parametrize("persona", ["case_manager", "supervisor"])
def test_detail_page_shows_sensitive_fields_and_logs_the_read(
    request, client_for, returnee, persona
):
    user = request.getfixturevalue(persona)
    page = client_for(user).get(f"/returnees/{returnee.pk}/").content.decode()
    assert "Post-traumatic stress" in page
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.fields) == (
        user,
        str(returnee.pk),
        ["mental_health_condition", "protection_concern"],
    )


@pytest.mark.parametrize("persona", ["colleague", "programme_manager"])
def test_others_never_see_sensitive_fields(request, client_for, returnee, persona):
    client = client_for(request.getfixturevalue(persona))
    detail = client.get(f"/returnees/{returnee.pk}/").content.decode()
    listing = client.get("/returnees/").content.decode()
    for page in (detail, listing):
        assert "Mariama" in page
        assert "Post-traumatic stress" not in page
        assert "Threats from a smuggler" not in page
    assert AccessLogEntry.objects.count() == 0


def test_outsider_gets_404_and_changes_nothing(client_for, returnee, outsider):
    client = client_for(outsider)
    assert client.get(f"/returnees/{returnee.pk}/").status_code == 404
    assert "Mariama" not in client.get("/returnees/").content.decode()
    response = client.post(f"/returnees/{returnee.pk}/notes/new/", {"text": "hello"})
    assert response.status_code == 404
    assert returnee.notes.count() == 0


def test_programme_manager_reads_but_cannot_edit(client_for, returnee, programme_manager):
    client = client_for(programme_manager)
    assert client.get(f"/returnees/{returnee.pk}/edit/").status_code == 403
    assert client.post(f"/returnees/{returnee.pk}/notes/new/", {"text": "x"}).status_code == 403
    assert client.get("/returnees/new/").status_code == 403
    assert returnee.notes.count() == 0


def test_partner_answers_only_referrals_addressed_to_it(client_for, referred, partner, outsider):
    response = client_for(partner).post(
        f"/returnees/referrals/{referred.pk}/", {"to_status": "accepted"}
    )
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.status == "accepted"
    # The partner reads the referral but not the returnee's record in the browser.
    page = client_for(partner).get(f"/returnees/referrals/{referred.pk}/").content.decode()
    assert "Mariama" not in page
    assert referred.returnee.reference in page


def test_second_editor_is_refused_with_a_message(client_for, returnee, case_manager, colleague):
    form = client_for(case_manager).get(f"/returnees/{returnee.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "version": returnee.version,
            "community": returnee.community_id,
            "return_date": returnee.return_date.isoformat(),
            "languages": "",
            "countries_lived": [],
            "vulnerabilities": [],
            "interested_in_collective_projects": "",
            **{f"{p}-TOTAL_FORMS": "0" for p in ("household", "skills", "interests", "needs")},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("household", "skills", "interests", "needs")},
        }
    )
    data.pop("id", None)
    first = client_for(case_manager).post(
        f"/returnees/{returnee.pk}/edit/", {**data, "life_plans": "Open a shop"}
    )
    assert first.status_code == 302
    second = client_for(colleague).post(
        f"/returnees/{returnee.pk}/edit/", {**data, "life_plans": "Move to the capital"}
    )
    assert second.status_code == 200
    assert "Someone else saved this returnee while you were editing." in second.content.decode()
    assert Returnee.objects.get().life_plans == "Open a shop"
