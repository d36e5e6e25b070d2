"""Browser pages: who may do what, validation messages, constant query counts."""

import datetime

import pytest

from accounts.models import AuditEvent
from communities import services
from communities.models import Community, CommunityProfile
from communities.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kaloum",
    "country": "GIN",
    "admin1": "Conakry",
    "admin2": "Kaloum",
    "pcode": "GN0101",
    "latitude": "9.5",
    "longitude": "-13.7",
    "population_estimate": "62000",
    "area_type": "urban",
    "notes": "",
}


def profile_post(date="2025-06-01", **entries):
    data = {"profile_date": date, "assessors": "Team A", "status": "draft", "summary": ""}
    for code, rating in entries.items():
        data[f"{code}-rating"] = str(rating)
        data[f"{code}-finding"] = f"Finding on {code}"
        data[f"{code}-methods"] = ["focus_group", "key_informant"]
    return data


def test_programme_manager_creates_a_community(client_for, programme_manager):
    response = client_for(programme_manager).post("/communities/new/", FORM)
    community = Community.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/communities/{community.pk}/"
    assert (community.name, community.country, community.pcode) == ("Kaloum", "GIN", "GN0101")


def test_bad_input_is_shown_on_the_field_and_nothing_is_saved(client_for, programme_manager):
    client = client_for(programme_manager)
    response = client.post("/communities/new/", {**FORM, "latitude": "200"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"latitude": ["Latitude must be between -90 and 90."]}
    client.post("/communities/new/", FORM)
    response = client.post("/communities/new/", {**FORM, "name": "Other", "admin2": "Dixinn"})
    assert response.context["form"].errors == {"pcode": ["P-code GN0101 is already used in GIN."]}
    assert Community.objects.count() == 1


def test_latitude_out_of_range_names_the_field(client_for, programme_manager):
    response = client_for(programme_manager).post("/communities/new/", {**FORM, "latitude": "95.5"})
    assert response.context["form"].errors == {"latitude": ["Latitude must be between -90 and 90."]}
    assert Community.objects.count() == 0


def test_case_manager_reads_but_cannot_create_or_edit(client_for, case_manager):
    community = CommunityFactory()
    client = client_for(case_manager)
    assert client.get("/communities/").status_code == 200
    assert client.get(f"/communities/{community.pk}/").status_code == 200
    assert client.get("/communities/new/").status_code == 403
    assert client.post("/communities/new/", FORM).status_code == 403
    response = client.post(f"/communities/{community.pk}/edit/", {**FORM, "name": "Renamed"})
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.name != "Renamed"
    assert Community.objects.count() == 1
    response = client.post(f"/communities/{community.pk}/profiles/new/", profile_post())
    assert response.status_code == 403
    assert CommunityProfile.objects.count() == 0


def test_record_profile_then_review_and_compare(client_for, programme_manager):
    community = CommunityFactory()
    client = client_for(programme_manager)
    response = client.post(
        f"/communities/{community.pk}/profiles/new/",
        profile_post("2025-06-01", safety_levels=2, income_and_employment=4),
    )
    first = CommunityProfile.objects.get()
    assert response["Location"] == f"/communities/profiles/{first.pk}/"
    assert first.next_review_date == datetime.date(2026, 6, 1)
    # The review form starts from the latest profile's entries.
    form_page = client.get(f"/communities/{community.pk}/profiles/new/")
    initial = {f.indicator.code: f.initial for f in form_page.context["entry_forms"]}
    assert initial["safety_levels"]["rating"] == 2
    client.post(
        f"/communities/{community.pk}/profiles/new/",
        profile_post("2026-06-01", safety_levels=4, income_and_employment=3),
    )
    assert CommunityProfile.objects.count() == 2
    compare = client.get(f"/communities/{community.pk}/profiles/compare/")
    directions = {row.indicator: row.direction for row in compare.context["rows"]}
    assert directions["Safety levels"] == "better"
    assert directions["Income and employment"] == "worse"
    assert compare.context["counts"] == [("better", 1), ("worse", 1), ("unknown", 18)]


def test_profile_form_errors_name_the_indicator(client_for, programme_manager):
    community = CommunityFactory()
    data = profile_post("2025-06-01", safety_levels=2)
    data["next_review_date"] = "2025-01-01"
    data["safety_levels-methods"] = ["telepathy"]
    response = client_for(programme_manager).post(
        f"/communities/{community.pk}/profiles/new/", data
    )
    assert response.status_code == 200
    safety = next(f for f in response.context["entry_forms"] if f.indicator.code == "safety_levels")
    assert safety.errors == {
        "methods": ["Select a valid choice. telepathy is not one of the available choices."]
    }
    assert CommunityProfile.objects.count() == 0


def test_finalise_needs_post_and_then_the_profile_is_frozen(client_for, programme_manager):
    profile = services.profile_create(
        actor=None,
        community=CommunityFactory(),
        profile_date=datetime.date(2025, 1, 1),
        assessors="Team",
    )
    client = client_for(programme_manager)
    assert client.get(f"/communities/profiles/{profile.pk}/finalise/").status_code == 405
    client.post(f"/communities/profiles/{profile.pk}/finalise/")
    profile.refresh_from_db()
    assert profile.status == "final"
    assert AuditEvent.objects.filter(
        object_id=str(profile.pk), action="update", changes__status=["draft", "final"]
    ).exists()


def test_list_filters_search_and_due_flag(client_for, case_manager):
    kaloum = CommunityFactory(name="Kaloum", country="GIN", area_type="urban")
    CommunityFactory(name="Kolda", country="SEN", admin1="Kolda", area_type="peri_urban")
    services.profile_create(
        actor=None, community=kaloum, profile_date=datetime.date(2020, 1, 1), assessors="T"
    )
    client = client_for(case_manager)

    def names(query):
        return [c.name for c in client.get(f"/communities/?{query}").context["page"]]

    assert names("country=SEN") == ["Kolda"]
    assert names("q=kal") == ["Kaloum"]
    assert names("area_type=peri_urban") == ["Kolda"]
    assert names("due=yes") == ["Kaloum"]
    assert names("due=no") == ["Kolda"]
    assert names("sort=-name") == ["Kolda", "Kaloum"]
    assert "Due for review" in client.get("/communities/").content.decode()
    empty = client.get("/communities/?q=zzz").content.decode()
    assert "No community matches these filters." in empty


@pytest.mark.parametrize("count", [3, 40])
def test_list_page_query_count_is_constant(
    client_for, case_manager, count, django_assert_num_queries
):
    for n in range(count):
        community = CommunityFactory()
        services.profile_create(
            actor=None,
            community=community,
            profile_date=datetime.date(2025, 1, 1 + n % 28),
            assessors="T",
        )
    client = client_for(case_manager)
    # 1 session, 2 user, 3-4 user and group permissions (the permission check), 5 country
    # choices, 6 COUNT for the paginator, 7 user's groups (navigation), 8 user's
    # organization (the user menu), 9 one page of communities with their latest profile
    # dates as subqueries.
    with django_assert_num_queries(9):
        response = client.get("/communities/")
    assert len(response.context["page"]) == min(count, 25)


def test_detail_tabs_render(client_for, case_manager):
    community = CommunityFactory()
    services.stakeholder_create(
        actor=None, community=community, name="Council", kind="local_authority"
    )
    services.service_create(actor=None, community=community, name="Clinic", sector="health")
    client = client_for(case_manager)
    for tab, text in [
        ("profile", "No profile has been recorded"),
        ("history", "No profile yet."),
        ("stakeholders", "Council"),
        ("services", "Clinic"),
        ("opportunities", "No livelihood opportunity recorded yet"),
    ]:
        response = client.get(f"/communities/{community.pk}/?tab={tab}")
        assert response.status_code == 200
        assert text in response.content.decode(), tab


def test_programme_manager_adds_and_edits_a_service(client_for, programme_manager):
    community = CommunityFactory()
    stakeholder = services.stakeholder_create(
        actor=None, community=community, name="Health NGO", kind="ngo"
    )
    client = client_for(programme_manager)
    response = client.post(
        f"/communities/{community.pk}/services/new/",
        {
            "name": "Clinic",
            "sector": "health",
            "provider": stakeholder.pk,
            "capacity": "40 a day",
            "cost": "Free",
            "barriers": ["language", "distance"],
            "notes": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    service = community.services.get()
    assert (service.provider, service.barriers) == (stakeholder, ["language", "distance"])
    response = client.post(
        f"/communities/services/{service.pk}/edit/",
        {
            "name": "Clinic",
            "sector": "health",
            "capacity": "60 a day",
            "cost": "Free",
            "barriers": [],
            "notes": "",
            "is_active": "on",
        },
    )
    service.refresh_from_db()
    assert (service.capacity, service.barriers, service.provider) == ("60 a day", [], None)
