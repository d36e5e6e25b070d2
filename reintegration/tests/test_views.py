"""Browser pages of the registry: query counts that do not grow with the data, the
duplicate warning, search and the caseload's order."""

import datetime

import pytest

from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services
from reintegration.models import Returnee

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def register(actor, community, n, **overrides):
    return services.returnee_register(
        actor=actor,
        confirm_not_duplicate=True,
        fields={
            "first_name": f"Person{n}",
            "last_name": "Diallo",
            "sex": "female",
            "estimated_age": 30,
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=n % 60),
            "return_kind": "forced",
            **overrides,
        },
    )


def populate(case_manager, count):
    community = CommunityFactory(country="GIN")
    service = ServiceFactory(community=community)
    for n in range(count):
        returnee = register(case_manager, community, n)
        services.consent_record(actor=case_manager, returnee=returnee, given_on=TODAY)
        services.referral_create(
            actor=case_manager,
            returnee=returnee,
            target=service,
            reason="r",
            follow_up_date=TODAY + datetime.timedelta(days=n % 5),
        )


@pytest.mark.parametrize("count", [2, 30])
def test_list_pages_keep_a_constant_query_count(
    client_for, case_manager, count, django_assert_num_queries
):
    populate(case_manager, count)
    client = client_for(case_manager)
    # 1 session, 2 user, 3-4 permissions (user, groups), 5 community choices of the search
    # form, 6 COUNT, 7 user's groups (access + navigation), 8 one page of returnees with
    # community and case manager, 9 user's organization (user menu).
    with django_assert_num_queries(9):
        assert client.get("/returnees/").status_code == 200
    # 1 session, 2 user, 3 groups (role check), 4 overdue count, 5 new arrivals,
    # 6 referrals by status, 7 the caseload rows with their annotations, 8 organization.
    with django_assert_num_queries(8):
        response = client.get("/returnees/caseload/")
    assert len(response.context["rows"]) == count
    # 1 session, 2 user, 3 groups, 4 referrals with returnee, community, organization and
    # referring user, 5 organization.
    with django_assert_num_queries(5):
        response = client.get("/returnees/referrals/?box=all")
    assert len(response.context["referrals"]) == count


def test_caseload_puts_overdue_follow_ups_first(client_for, case_manager, supervisor, colleague):
    community = CommunityFactory(country="GIN")
    service = ServiceFactory(community=community)
    calm = register(case_manager, community, 1)
    late = register(case_manager, community, 2)
    others = register(colleague, community, 3)
    for returnee in (calm, late, others):
        services.consent_record(actor=case_manager, returnee=returnee, given_on=TODAY)
    referral = services.referral_create(
        actor=case_manager, returnee=late, target=service, reason="r", follow_up_date=TODAY
    )
    # Two days later, the follow-up date has passed.
    type(referral).objects.filter(pk=referral.pk).update(
        follow_up_date=TODAY - datetime.timedelta(days=2)
    )
    response = client_for(case_manager).get("/returnees/caseload/")
    assert [r.reference for r in response.context["rows"]] == [late.reference, calm.reference]
    assert response.context["overdue_count"] == 1
    # The supervisor sees the whole team's caseload.
    team = client_for(supervisor).get("/returnees/caseload/").context["rows"]
    assert {r.reference for r in team} == {calm.reference, late.reference, others.reference}


def test_register_page_shows_likely_duplicates_before_saving(client_for, case_manager):
    community = CommunityFactory(country="GIN")
    existing = register(case_manager, community, 1, phone="+224620000001")
    data = {
        "first_name": "Other",
        "last_name": "Name",
        "sex": "male",
        "estimated_age": "40",
        "nationality": "GIN",
        "community": community.pk,
        "return_date": TODAY.isoformat(),
        "return_kind": "forced",
        "phone": "+224 620 000 001",
        "languages": "",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("household", "skills", "interests", "needs")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("household", "skills", "interests", "needs")},
    }
    client = client_for(case_manager)
    response = client.post("/returnees/new/", data)
    assert response.status_code == 200
    assert response.context["duplicates"] == [existing]
    assert Returnee.objects.count() == 1
    response = client.post("/returnees/new/", {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Returnee.objects.count() == 2


def test_search_by_name_reference_and_phone(client_for, case_manager):
    community = CommunityFactory(country="GIN")
    jose = register(
        case_manager, community, 1, first_name="José", last_name="Camara", phone="+224 611 22 33 44"
    )
    register(case_manager, community, 2, first_name="Fatoumata", last_name="Bah")
    client = client_for(case_manager)

    def found(q):
        return [r.reference for r in client.get("/returnees/", {"q": q}).context["page"]]

    assert found("jose camara") == [jose.reference]
    assert found(jose.reference) == [jose.reference]
    assert found("611 22 33") == [jose.reference]
    # Fewer than 3 characters: no filtering, and the page says why.
    response = client.get("/returnees/", {"q": "jo"})
    assert len(response.context["page"]) == 2
    assert "Type at least 3 characters" in response.content.decode()
