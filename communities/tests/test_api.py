"""The communities API: exact rows for a small fixture, filters, who may read, no writes,
constant query counts and the schema."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.services import api_token_create
from communities.catalogues import ISIC_SECTIONS, PROFILE_INDICATORS, TRADES
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    Sector,
    Service,
    Stakeholder,
)
from communities.services import profile_create
from communities.tests.factories import (
    CommunityFactory,
    LivelihoodOpportunityFactory,
    ServiceFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
API = "/api/v1/"
ENDPOINTS = [
    "communities",
    "profiles",
    "stakeholders",
    "services",
    "sectors",
    "livelihood-opportunities",
]


def iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat().replace("+00:00", "Z")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def places(programme_manager, partner_organization):
    """Three communities: Kaloum with an old (overdue) and a current profile, Kamsar with
    an overdue one, Pikine with none; their stakeholders, services and opportunities."""
    kaloum = CommunityFactory(
        name="Kaloum", admin1="Conakry", admin2="Kaloum", pcode="GN0101", notes="Port district"
    )
    kamsar = CommunityFactory(
        name="Kamsar",
        admin1="Boké",
        admin2="Boké",
        pcode="GN0201",
        area_type=Community.AreaType.RURAL,
        latitude=None,
        longitude=None,
        population_estimate=None,
    )
    pikine = CommunityFactory(
        name="Pikine",
        country="SEN",
        admin1="Dakar",
        admin2="Pikine",
        pcode="SN0101",
        area_type=Community.AreaType.PERI_URBAN,
    )
    old = profile_create(
        actor=programme_manager,
        community=kaloum,
        profile_date=TODAY - datetime.timedelta(days=800),
        assessors="IOM Conakry",
        status=CommunityProfile.Status.FINAL,
    )
    current = profile_create(
        actor=programme_manager,
        community=kaloum,
        profile_date=TODAY - datetime.timedelta(days=10),
        next_review_date=TODAY + datetime.timedelta(days=355),
        assessors="IOM Conakry and AGUIDEP",
        summary="Young, mobile population.",
        entries={
            "age_distribution": {
                "rating": 4,
                "finding": "Half the population is under 25.",
                "methods": ["desk_review", "focus_group"],
                "varies_by": ["gender"],
                "disaggregation_notes": "Young women leave school earlier.",
            },
            "gender_distribution": {"rating": 2, "finding": "Few women in paid work."},
        },
    )
    boke = profile_create(
        actor=programme_manager,
        community=kamsar,
        profile_date=TODAY - datetime.timedelta(days=400),
        next_review_date=TODAY - datetime.timedelta(days=1),
        assessors="IOM Boké",
    )
    mairie = StakeholderFactory(
        community=kaloum,
        name="Mairie de Kaloum",
        kind=Stakeholder.Kind.LOCAL_AUTHORITY,
        influence=Stakeholder.Influence.HIGH,
        is_civil_society=False,
    )
    aguidep = StakeholderFactory(
        community=kaloum,
        name="AGUIDEP",
        role_in_reintegration="Psychosocial support",
        contact="+224 620 00 00 00",
    )
    coop = StakeholderFactory(
        community=kamsar, name="Coopérative", kind=Stakeholder.Kind.COMMUNITY_BASED_ORGANIZATION
    )
    coop.is_active = False
    coop.save()
    clinic = ServiceFactory(
        community=kaloum,
        name="Centre de santé",
        provider=aguidep,
        organization=partner_organization,
        capacity="40 patients a day",
        cost="free",
        barriers=["cost", "language"],
    )
    school = ServiceFactory(
        community=kamsar, name="Lycée", sector=Service.Sector.EDUCATION, is_active=False
    )
    tailoring = LivelihoodOpportunityFactory(community=kaloum, description="Garment workshops")
    fishing = LivelihoodOpportunityFactory(
        community=kamsar,
        sector=Sector.objects.get(code="A-FISHING"),
        kind=LivelihoodOpportunity.Kind.EMPLOYMENT,
        growth_potential=LivelihoodOpportunity.GrowthPotential.MEDIUM,
        source_date=None,
    )
    return {k: v for k, v in locals().items() if k != "programme_manager"}


def community_row(community, latest=None, due=False) -> dict:
    return {
        "id": community.pk,
        "name": community.name,
        "country": community.country,
        "admin1": community.admin1,
        "admin2": community.admin2,
        "pcode": community.pcode,
        "area_type": community.area_type,
        "latest_profile_date": latest.profile_date.isoformat() if latest else None,
        "next_review_date": latest.next_review_date.isoformat() if latest else None,
        "due_for_review": due,
    }


def test_community_list_and_detail(client_for, case_manager, places):
    client = client_for(case_manager)
    kaloum, kamsar, pikine = places["kaloum"], places["kamsar"], places["pikine"]
    body = client.get(f"{API}communities/").json()
    # Ordered by country, admin1, admin2, name.
    assert body == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [
            community_row(kamsar, places["boke"], due=True),
            community_row(kaloum, places["current"]),
            community_row(pikine),
        ],
    }
    kaloum.refresh_from_db()
    assert client.get(f"{API}communities/{kaloum.pk}/").json() == {
        **community_row(kaloum, places["current"]),
        "latitude": "9.509167",
        "longitude": "-13.712222",
        "population_estimate": 12000,
        "notes": "Port district",
        "latest_profile": places["current"].pk,
        "created_at": iso(kaloum.created_at),
        "updated_at": iso(kaloum.updated_at),
    }
    detail = client.get(f"{API}communities/{pikine.pk}/").json()
    assert (detail["latest_profile"], detail["latitude"]) == (None, "9.509167")
    assert client.get(f"{API}communities/{kamsar.pk}/").json()["latitude"] is None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=gin", ["kamsar", "kaloum"]),
        ("admin1=CONAKRY", ["kaloum"]),
        ("area_type=peri_urban", ["pikine"]),
        ("due_for_review=true", ["kamsar"]),
        ("due_for_review=false", ["kaloum", "pikine"]),
        ("q=kal", ["kaloum"]),
        ("q=dakar", ["pikine"]),
        ("q=sn0101", ["pikine"]),
        ("q=SN01", []),  # a P-code matches whole, not in part
        ("ordering=name", ["kaloum", "kamsar", "pikine"]),
        ("ordering=-country,name", ["pikine", "kaloum", "kamsar"]),
        ("country=GIN&due_for_review=false&ordering=name", ["kaloum"]),
    ],
)
def test_community_filters(client_for, partner, places, query, expected):
    response = client_for(partner).get(f"{API}communities/?{query}")
    assert ids(response) == [places[name].pk for name in expected]


def test_an_invalid_filter_value_is_a_bad_request(client_for, partner, places):
    response = client_for(partner).get(f"{API}communities/?area_type=suburb")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["area_type"]


def test_profile_list_has_no_entries_and_detail_has_all_twenty(client_for, partner, places):
    client = client_for(partner)
    kaloum, current = places["kaloum"], places["current"]
    rows = client.get(f"{API}profiles/?community={kaloum.pk}").json()["results"]
    assert rows == [
        {
            "id": current.pk,
            "community": {
                "id": kaloum.pk,
                "name": "Kaloum",
                "pcode": "GN0101",
                "country": "GIN",
                "admin1": "Conakry",
                "admin2": "Kaloum",
            },
            "profile_date": (TODAY - datetime.timedelta(days=10)).isoformat(),
            "assessors": "IOM Conakry and AGUIDEP",
            "status": "draft",
            "next_review_date": (TODAY + datetime.timedelta(days=355)).isoformat(),
            "due_for_review": False,
            "summary": "Young, mobile population.",
        },
        {
            "id": places["old"].pk,
            "community": {
                "id": kaloum.pk,
                "name": "Kaloum",
                "pcode": "GN0101",
                "country": "GIN",
                "admin1": "Conakry",
                "admin2": "Kaloum",
            },
            "profile_date": places["old"].profile_date.isoformat(),
            "assessors": "IOM Conakry",
            "status": "final",
            "next_review_date": places["old"].next_review_date.isoformat(),
            "due_for_review": True,
            "summary": "",
        },
    ]
    body = client.get(f"{API}profiles/{current.pk}/").json()
    entries = body.pop("entries")
    current.refresh_from_db()
    assert body == {
        **rows[0],
        "created_at": iso(current.created_at),
        "updated_at": iso(current.updated_at),
    }
    # Handbook 3.2.1: the 20 indicators, in the handbook's order.
    assert [e["indicator"] for e in entries] == [code for code, *_ in PROFILE_INDICATORS]
    assert entries[:3] == [
        {
            "indicator": "age_distribution",
            "name": "Age distribution",
            "group": "sociodemographic",
            "rating": 4,
            "rating_label": "4 – asset",
            "finding": "Half the population is under 25.",
            "methods": ["desk_review", "focus_group"],
            "varies_by": ["gender"],
            "disaggregation_notes": "Young women leave school earlier.",
        },
        {
            "indicator": "gender_distribution",
            "name": "Gender distribution",
            "group": "sociodemographic",
            "rating": 2,
            "rating_label": "2 – concern",
            "finding": "Few women in paid work.",
            "methods": [],
            "varies_by": [],
            "disaggregation_notes": "",
        },
        {
            "indicator": "social_activities",
            "name": "Social activities",
            "group": "sociodemographic",
            "rating": None,  # unknown, never zero
            "rating_label": None,
            "finding": "",
            "methods": [],
            "varies_by": [],
            "disaggregation_notes": "",
        },
    ]
    assert entries[-1]["group"] == "resources"


def test_profile_filters(client_for, partner, places):
    client = client_for(partner)
    assert ids(client.get(f"{API}profiles/")) == [
        places["current"].pk,
        places["boke"].pk,
        places["old"].pk,
    ]
    assert ids(client.get(f"{API}profiles/?status=final")) == [places["old"].pk]
    assert ids(client.get(f"{API}profiles/?community={places['pikine'].pk}")) == []
    assert ids(client.get(f"{API}profiles/?ordering=profile_date&status=draft")) == [
        places["boke"].pk,
        places["current"].pk,
    ]


def test_stakeholders(client_for, partner, places):
    client = client_for(partner)
    kaloum = {
        "id": places["kaloum"].pk,
        "name": "Kaloum",
        "pcode": "GN0101",
        "country": "GIN",
        "admin1": "Conakry",
        "admin2": "Kaloum",
    }
    assert client.get(f"{API}stakeholders/?community={kaloum['id']}").json()["results"] == [
        {
            "id": places["aguidep"].pk,
            "community": kaloum,
            "name": "AGUIDEP",
            "kind": "ngo",
            "role_in_reintegration": "Psychosocial support",
            "influence": "medium",
            "is_civil_society": True,
            "is_active": True,
        },
        {
            "id": places["mairie"].pk,
            "community": kaloum,
            "name": "Mairie de Kaloum",
            "kind": "local_authority",
            "role_in_reintegration": "",
            "influence": "high",
            "is_civil_society": False,
            "is_active": True,
        },
    ]
    url = f"{API}stakeholders/"
    assert ids(client.get(f"{url}?kind=cbo")) == [places["coop"].pk]
    assert ids(client.get(f"{url}?is_civil_society=false")) == [places["mairie"].pk]
    assert ids(client.get(f"{url}?is_active=false")) == [places["coop"].pk]
    assert ids(client.get(f"{url}?community={places['pikine'].pk}")) == []


def test_services(client_for, partner, places):
    client = client_for(partner)
    clinic = places["clinic"]
    assert client.get(f"{API}services/{clinic.pk}/").json() == {
        "id": clinic.pk,
        "community": {
            "id": places["kaloum"].pk,
            "name": "Kaloum",
            "pcode": "GN0101",
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": "Kaloum",
        },
        "name": "Centre de santé",
        "sector": "health",
        "provider": {"id": places["aguidep"].pk, "name": "AGUIDEP"},
        "organization": places["partner_organization"].pk,
        "capacity": "40 patients a day",
        "cost": "free",
        "barriers": ["cost", "language"],
        "notes": "",
        "is_active": True,
    }
    school = client.get(f"{API}services/?sector=education").json()["results"]
    assert [(s["id"], s["provider"], s["is_active"]) for s in school] == [
        (places["school"].pk, None, False)
    ]
    assert ids(client.get(f"{API}services/?is_active=true")) == [clinic.pk]
    assert ids(client.get(f"{API}services/?community={places['kamsar'].pk}")) == [
        places["school"].pk
    ]


def test_sectors(client_for, partner):
    client = client_for(partner)
    assert client.get(f"{API}sectors/{Sector.objects.get(code='C-TAILORING').pk}/").json() == {
        "id": Sector.objects.get(code="C-TAILORING").pk,
        "code": "C-TAILORING",
        "name": "Tailoring and garment making",
        "parent": "C",
    }
    top = client.get(f"{API}sectors/?top_level=true&page_size=100").json()["results"]
    assert [(s["code"], s["name"], s["parent"]) for s in top] == [
        (code, name, None) for code, name in ISIC_SECTIONS
    ]
    trades = client.get(f"{API}sectors/?parent=C").json()["results"]
    assert [s["code"] for s in trades] == sorted(c for c, _, p in TRADES if p == "C")
    assert client.get(f"{API}sectors/?top_level=false").json()["count"] == len(TRADES)


def test_livelihood_opportunities(client_for, partner, places):
    client = client_for(partner)
    assert client.get(f"{API}livelihood-opportunities/").json()["results"] == [
        {
            "id": places["tailoring"].pk,
            "community": {
                "id": places["kaloum"].pk,
                "name": "Kaloum",
                "pcode": "GN0101",
                "country": "GIN",
                "admin1": "Conakry",
                "admin2": "Kaloum",
            },
            "sector": {"code": "C-TAILORING", "name": "Tailoring and garment making"},
            "kind": "self_employment",
            "growth_potential": "high",
            "description": "Garment workshops",
            "source": "Labour market assessment",
            "source_date": "2026-03-01",
        },
        {
            "id": places["fishing"].pk,
            "community": {
                "id": places["kamsar"].pk,
                "name": "Kamsar",
                "pcode": "GN0201",
                "country": "GIN",
                "admin1": "Boké",
                "admin2": "Boké",
            },
            "sector": {"code": "A-FISHING", "name": "Fishing and aquaculture"},
            "kind": "employment",
            "growth_potential": "medium",
            "description": "",
            "source": "Labour market assessment",
            "source_date": None,
        },
    ]
    url = f"{API}livelihood-opportunities/"
    assert ids(client.get(f"{url}?sector=A-FISHING")) == [places["fishing"].pk]
    assert ids(client.get(f"{url}?kind=self_employment")) == [places["tailoring"].pk]
    assert ids(client.get(f"{url}?growth_potential=medium")) == [places["fishing"].pk]
    assert ids(client.get(f"{url}?community={places['kaloum'].pk}")) == [places["tailoring"].pk]


def detail_urls(places) -> list[str]:
    return [
        f"{API}communities/{places['kaloum'].pk}/",
        f"{API}profiles/{places['current'].pk}/",
        f"{API}stakeholders/{places['aguidep'].pk}/",
        f"{API}services/{places['clinic'].pk}/",
        f"{API}sectors/{Sector.objects.get(code='C').pk}/",
        f"{API}livelihood-opportunities/{places['tailoring'].pk}/",
    ]


def test_anonymous_is_refused(client, places):
    for url in [f"{API}{name}/" for name in ENDPOINTS] + detail_urls(places):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "results" not in response.json()


def test_a_partner_token_reads_every_endpoint(client, partner, places):
    _, key = api_token_create(actor=None, user=partner, name="partner ETL")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    counts = {name: client.get(f"{API}{name}/", **auth).json()["count"] for name in ENDPOINTS}
    sectors = len(ISIC_SECTIONS) + len(TRADES)
    assert counts == {
        "communities": 3,
        "profiles": 3,
        "stakeholders": 3,
        "services": 2,
        "sectors": sectors,
        "livelihood-opportunities": 2,
    }
    for url in detail_urls(places):
        assert client.get(url, **auth).status_code == 200, url


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Community, CommunityProfile, Stakeholder, Service, Sector)
    ] + [list(LivelihoodOpportunity.objects.order_by("pk").values())]


@pytest.mark.parametrize("persona", ["programme_manager", "partner"])
def test_writes_are_refused(request, client, places, persona):
    user = request.getfixturevalue(persona)
    _, key = api_token_create(actor=None, user=user, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    before = snapshot()
    payload = {"name": "Renamed", "country": "SEN"}
    for name in ENDPOINTS:
        response = client.post(f"{API}{name}/", payload, content_type="application/json", **auth)
        assert response.status_code == 405, name
    for url in detail_urls(places):
        for method in (client.put, client.patch, client.delete):
            response = method(url, payload, content_type="application/json", **auth)
            assert response.status_code == 405, (method, url)
    assert snapshot() == before


def test_detail_query_counts(client_for, case_manager, places, django_assert_num_queries):
    client = client_for(case_manager)
    # 1 session, 1 user, 1 community with its latest profile's id, date and review date.
    with django_assert_num_queries(3):
        assert client.get(f"{API}communities/{places['kaloum'].pk}/").status_code == 200
    # 1 session, 1 user, 1 profile with its community, 1 its 20 entries with indicators.
    with django_assert_num_queries(4):
        assert len(client.get(f"{API}profiles/{places['current'].pk}/").json()["entries"]) == 20


@pytest.mark.parametrize(
    "name, rows",
    [
        # 1 community per row, annotated with its latest profile's date and review date.
        ("communities", 31),
        # 1 profile per row, joined to its community.
        ("profiles", 31),
        # 1 stakeholder per row, joined to its community.
        ("stakeholders", 31),
        # 1 service per row, joined to its community and its provider.
        ("services", 31),
        # 1 sector per row, joined to its parent: the whole catalogue.
        ("sectors", len(ISIC_SECTIONS) + len(TRADES)),
        # 1 opportunity per row, joined to its community and sector.
        ("livelihood-opportunities", 31),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(
    client_for, case_manager, django_assert_num_queries, name, rows
):
    communities = CommunityFactory.create_batch(31)
    for i, community in enumerate(communities):
        profile_date = TODAY - datetime.timedelta(days=i + 1)
        if name == "profiles":
            CommunityProfile.objects.create(
                community=community,
                profile_date=profile_date,
                next_review_date=profile_date + datetime.timedelta(days=365),
                assessors="IOM",
            )
        if name == "stakeholders":
            StakeholderFactory(community=community)
        if name == "services":
            ServiceFactory(community=community, provider=StakeholderFactory(community=community))
        if name == "livelihood-opportunities":
            LivelihoodOpportunityFactory(community=community)
    client = client_for(case_manager)
    for page_size in (5, 100):
        # 1 session, 1 user, 1 COUNT for the paginator, 1 page of rows (see above).
        with django_assert_num_queries(4):
            body = client.get(f"{API}{name}/?page_size={page_size}").json()
        assert (body["count"], len(body["results"])) == (rows, min(rows, page_size))


def test_openapi_schema_is_valid_and_lists_the_endpoints(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for name in ENDPOINTS:
        assert f"  /api/v1/{name}/:\n" in schema
        assert f"  /api/v1/{name}/{{id}}/:\n" in schema
