"""The assessments API: instruments with their items, assessments with their answers, scores
and the ranking. Exact rows for a small fixture, filters, who may read, no writes, constant
query counts and the schema."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.services import api_token_create
from assessments import catalogues, services
from assessments.models import Answer, Assessment, CommunityScore, Instrument, InstrumentItem
from assessments.providers import months_before
from communities.tests.factories import CommunityFactory, ServiceFactory, StakeholderFactory
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
RETURNED = TODAY - datetime.timedelta(days=10)
API = "/api/v1/"
LISTS = ["instruments", "assessments", "scores", "ranking"]
SECTION_3_2 = "IOM Reintegration Handbook, section 3.2"


def iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat().replace("+00:00", "Z")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def returnees(community, count, case_manager, **fields) -> None:
    for _ in range(count):
        ReturneeFactory(
            community=community, case_manager=case_manager, return_date=RETURNED, **fields
        )


def research_assessment(community, assessor, **fields) -> Assessment:
    """A Table 3.1 assessment with its first two questions answered (written directly: the
    API only reads what the browser's services record)."""
    instrument = Instrument.objects.get(code=catalogues.TABLE_3_1, is_active=True)
    assessment = Assessment.objects.create(
        instrument=instrument,
        community=community,
        assessed_on=TODAY - datetime.timedelta(days=30),
        assessor=assessor,
        **fields,
    )
    first, second = instrument.items.order_by("order")[:2]
    Answer.objects.create(
        assessment=assessment,
        item=first,
        text="Mostly young men back from Libya.",
        methods=["desk_review", "key_informant"],
        sources="Prefecture records",
        answered_on=TODAY - datetime.timedelta(days=31),
    )
    Answer.objects.create(assessment=assessment, item=second)
    return assessment


# The codes the fixture gives each community: (P-code, ISO 3166-1 alpha-3, admin1, admin2).
PLACE_CODES = {
    "Kaloum": ("GN0101", "GIN", "Conakry", "Kaloum"),
    "Kamsar": ("GN0201", "GIN", "Boké", "Boké"),
    "Pikine": ("SN0101", "SEN", "Dakar", "Pikine"),
}


def community_ref(pk: int, name: str) -> dict:
    pcode, country, admin1, admin2 = PLACE_CODES[name]
    return {
        "id": pk,
        "name": name,
        "pcode": pcode,
        "country": country,
        "admin1": admin1,
        "admin2": admin2,
    }


@pytest.fixture
def scored(case_manager, programme_manager):
    """Kaloum, scored twice (8 then 20 recent returns); Kamsar with an assessor's override of
    criterion 7; Pikine with nothing but a Table 3.1 assessment; one community never scored.

    Criteria 2, 4 and 6 are unknown everywhere (no livelihood opportunity, no final profile),
    so every score's coverage is at most 4 of 7 criteria."""
    kaloum = CommunityFactory(name="Kaloum", admin2="Kaloum", pcode="GN0101")
    kamsar = CommunityFactory(name="Kamsar", admin1="Boké", admin2="Boké", pcode="GN0201")
    pikine = CommunityFactory(
        name="Pikine", country="SEN", admin1="Dakar", admin2="Pikine", pcode="SN0101"
    )
    returnees(kaloum, 8, case_manager, interested_in_collective_projects=True)
    for sector in ("health", "education", "housing"):
        ServiceFactory(community=kaloum, sector=sector)
    for _ in range(4):
        StakeholderFactory(community=kaloum)
    returnees(kamsar, 3, case_manager)
    ServiceFactory(community=kamsar)
    StakeholderFactory(community=kamsar)
    altai = services.altai_rating_set(
        actor=programme_manager,
        community=kamsar,
        item_code="7",
        rating=2,
        justification="Two women's groups not yet mapped",
    ).assessment
    research = research_assessment(pikine, programme_manager, status=Assessment.Status.FINAL)
    assert services.community_score(today=TODAY) == 3
    returnees(kaloum, 12, case_manager, interested_in_collective_projects=True)
    assert services.community_score(community_ids=[kaloum.pk], today=TODAY) == 1
    unscored = CommunityFactory(name="Unscored")
    scores = {s.community.name: s for s in CommunityScore.objects.order_by("id")}  # the latest
    first = CommunityScore.objects.filter(community=kaloum).earliest("id")
    return {k: v for k, v in locals().items() if k not in {"case_manager", "programme_manager"}}


# --- Instruments --------------------------------------------------------------------------------


def test_instrument_list(client_for, partner):
    body = client_for(partner).get(f"{API}instruments/").json()
    assert body["count"] == 6
    assert [(r["code"], r["version"], r["item_count"]) for r in body["results"]] == [
        ("altai", 1, 7),
        ("child_protection", 1, 10),
        ("table_3_1", 1, 27),
        ("table_3_2", 1, 13),
        ("table_3_5", 1, 10),
        ("table_6_1", 1, 27),
    ]
    altai = Instrument.objects.get(code="altai", version=1)
    assert body["results"][0] == {
        "id": altai.pk,
        "code": "altai",
        "version": 1,
        "name": "Altai criteria for community-based reintegration",
        "source": SECTION_3_2,
        "subject": "community",
        "answer_type": "rating_0_3",
        "is_active": True,
        "item_count": 7,
    }


@pytest.mark.parametrize("code", catalogues.INSTRUMENT_CODES)
def test_instrument_detail_carries_the_handbook_items_in_order(client_for, partner, code):
    """Partners read the criteria exactly as the catalogue transcribes the handbook."""
    instrument = Instrument.objects.get(code=code, version=1)
    body = client_for(partner).get(f"{API}instruments/{instrument.pk}/").json()
    (data,) = [i for i in catalogues.instruments() if i["code"] == code]
    assert body["description"] == data["description"]
    assert body["item_count"] == len(data["items"]) == len(body["items"])
    assert body["items"] == [
        {**item, "order": order, "weight": f"{item['weight']:.2f}"}
        for order, item in enumerate(data["items"], start=1)
    ]


def test_instrument_detail_exact_first_altai_criterion(client_for, partner):
    altai = Instrument.objects.get(code="altai", version=1)
    item = client_for(partner).get(f"{API}instruments/{altai.pk}/").json()["items"][0]
    assert item == {
        "code": "1",
        "order": 1,
        "text": "Sufficient number of migrants returning to the same community within a short "
        "period of time",
        "group": "",
        "polarity": "positive",
        "weight": "1.00",
        "methods": [],
        "evidence_provider": "recent_returns",
        "thresholds": {"bands": [[0, 0], [3, 1], [8, 2], [20, 3]], "window_months": 12},
        "source": SECTION_3_2,
    }


def test_instrument_filters(client_for, partner):
    altai = Instrument.objects.get(code="altai", version=1)
    Instrument.objects.filter(pk=altai.pk).update(is_active=False)
    adapted = Instrument.objects.create(
        code="altai",
        version=2,
        name="Altai criteria, adapted",
        source=SECTION_3_2,
        subject=Instrument.Subject.COMMUNITY,
        answer_type=Instrument.AnswerType.RATING_0_3,
    )
    client = client_for(partner)
    url = f"{API}instruments/"
    assert ids(client.get(f"{url}?code=altai")) == [adapted.pk, altai.pk]  # newest first
    assert ids(client.get(f"{url}?is_active=false")) == [altai.pk]
    assert [r["code"] for r in client.get(f"{url}?subject=project").json()["results"]] == [
        "table_3_2",
        "table_3_5",
    ]
    assert client.get(f"{url}?code=altai&is_active=true").json()["results"][0]["item_count"] == 0
    assert client.get(f"{url}?subject=household").status_code == 400


# --- Assessments --------------------------------------------------------------------------------


def test_assessment_list(client_for, partner, scored):
    altai, research = scored["altai"], scored["research"]
    rows = client_for(partner).get(f"{API}assessments/").json()["results"]
    assert rows == [
        {
            "id": altai.pk,
            "instrument": {"id": altai.instrument_id, "code": "altai", "version": 1},
            "community": community_ref(scored["kamsar"].pk, "Kamsar"),
            "assessed_on": TODAY.isoformat(),
            "status": "draft",
            "conclusion": "",
            "answer_count": 1,
        },
        {
            "id": research.pk,
            "instrument": {"id": research.instrument_id, "code": "table_3_1", "version": 1},
            "community": community_ref(scored["pikine"].pk, "Pikine"),
            "assessed_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
            "status": "final",
            "conclusion": "",
            "answer_count": 2,
        },
    ]


def test_assessment_detail_with_answers(client_for, case_manager, scored):
    client = client_for(case_manager)
    altai, research = scored["altai"], scored["research"]
    altai.refresh_from_db()
    body = client.get(f"{API}assessments/{altai.pk}/").json()
    assert body == {
        "id": altai.pk,
        "instrument": {"id": altai.instrument_id, "code": "altai", "version": 1},
        "community": community_ref(scored["kamsar"].pk, "Kamsar"),
        "assessed_on": TODAY.isoformat(),
        "status": "draft",
        "conclusion": "",
        "answer_count": 1,
        "notes": "",
        "created_at": iso(altai.created_at),
        "updated_at": iso(altai.updated_at),
        "answers": [
            {
                "item": "7",
                "rating": 2,
                "choice": "",
                "text": "",
                "methods": [],
                "sources": "",
                "answered_on": TODAY.isoformat(),
                "source": "override",
                "computed_rating": 1,  # one civil-society stakeholder
                "evidence": {},
                "justification": "Two women's groups not yet mapped",
            }
        ],
    }
    answers = client.get(f"{API}assessments/{research.pk}/").json()["answers"]
    assert answers == [
        {
            "item": "1",
            "rating": None,
            "choice": "",
            "text": "Mostly young men back from Libya.",
            "methods": ["desk_review", "key_informant"],
            "sources": "Prefecture records",
            "answered_on": (TODAY - datetime.timedelta(days=31)).isoformat(),
            "source": "assessor",
            "computed_rating": None,
            "evidence": {},
            "justification": "",
        },
        {
            "item": "2",
            "rating": None,
            "choice": "",
            "text": "",
            "methods": [],
            "sources": "",
            "answered_on": None,
            "source": "assessor",
            "computed_rating": None,
            "evidence": {},
            "justification": "",
        },
    ]


def test_assessment_filters(client_for, partner, scored):
    client = client_for(partner)
    url = f"{API}assessments/"
    altai, research = scored["altai"].pk, scored["research"].pk
    assert ids(client.get(f"{url}?instrument=altai")) == [altai]
    assert ids(client.get(f"{url}?instrument=table_3_1")) == [research]
    assert ids(client.get(f"{url}?instrument=table_3_2")) == []
    assert ids(client.get(f"{url}?community={scored['pikine'].pk}")) == [research]
    assert ids(client.get(f"{url}?status=draft")) == [altai]
    assert ids(client.get(f"{url}?ordering=assessed_on")) == [research, altai]
    assert client.get(f"{url}?status=closed").status_code == 400


# --- Scores -------------------------------------------------------------------------------------


def score_row(score, name) -> dict:
    return {
        "id": score.pk,
        "community": community_ref(score.community_id, name),
        "instrument": {"id": score.instrument_id, "code": "altai", "version": 1},
        "computed_at": iso(score.computed_at),
        "engine_version": "1.0",
        "score": str(score.score),
        "coverage": str(score.coverage),
        "band": score.band,
        "unmet": score.unmet,
    }


def test_score_values_of_the_fixture(scored):
    """The numbers the API tests below expect, derived by hand from the criteria."""
    first, s = scored["first"], scored["scores"]
    summary = {
        name: (str(x.score), str(x.coverage), x.band, x.unmet)
        for name, x in [("Kaloum first", first), *s.items()]
    }
    assert summary == {
        # Known: 1 (8 returns: 2), 3 (all interested: 3), 5 (3 sectors: 3), 7 (4 CSOs: 3).
        "Kaloum first": ("91.7", "57.1", "conditional", []),
        # 20 returns: criterion 1 rated 3. Coverage 4/7 < 80 keeps it from "favourable".
        "Kaloum": ("100.0", "57.1", "conditional", []),
        # 1 (3 returns: 1), 3 (none interested: 0), 5 (health only: 1), 7 (override: 2).
        "Kamsar": ("33.3", "57.1", "unfavourable", ["3"]),
        # 1, 5, 7 rated 0; 3 unknown without a recent returnee: 3/7 < 50%.
        "Pikine": ("0.0", "42.9", "insufficient", ["1", "5", "7"]),
    }


def test_score_list(client_for, partner, scored):
    s = scored["scores"]
    body = client_for(partner).get(f"{API}scores/").json()
    # By community name, each community's newest first.
    assert body["results"] == [
        score_row(s["Kaloum"], "Kaloum"),
        score_row(scored["first"], "Kaloum"),
        score_row(s["Kamsar"], "Kamsar"),
        score_row(s["Pikine"], "Pikine"),
    ]


def test_score_filters(client_for, partner, scored):
    client = client_for(partner)
    url = f"{API}scores/"
    s, first = scored["scores"], scored["first"]
    latest = [s["Kaloum"].pk, s["Kamsar"].pk, s["Pikine"].pk]
    assert ids(client.get(f"{url}?latest_only=true")) == latest
    assert ids(client.get(f"{url}?latest_only=false")) == [s["Kaloum"].pk, first.pk, *latest[1:]]
    assert ids(client.get(f"{url}?community={scored['kaloum'].pk}")) == [
        s["Kaloum"].pk,
        first.pk,
    ]
    kaloum = scored["kaloum"].pk
    assert ids(client.get(f"{url}?community={kaloum}&latest_only=true")) == [s["Kaloum"].pk]
    assert ids(client.get(f"{url}?band=conditional")) == [s["Kaloum"].pk, first.pk]
    assert ids(client.get(f"{url}?band=conditional&latest_only=true")) == [s["Kaloum"].pk]
    assert ids(client.get(f"{url}?band=insufficient")) == [s["Pikine"].pk]
    assert ids(client.get(f"{url}?ordering=-score&latest_only=true")) == latest
    assert client.get(f"{url}?band=excellent").status_code == 400


def test_score_detail(client_for, partner, scored):
    score = scored["scores"]["Kamsar"]
    body = client_for(partner).get(f"{API}scores/{score.pk}/").json()
    criteria = body.pop("criteria")
    assert body == {**score_row(score, "Kamsar"), "inputs_hash": score.inputs_hash}
    assert len(score.inputs_hash) == 64
    assert criteria == score.criteria
    assert [(c["code"], c["computed_rating"], c["rating"], c["source"]) for c in criteria] == [
        ("1", 1, 1, "computed"),
        ("2", None, None, "unknown"),
        ("3", 0, 0, "computed"),
        ("4", None, None, "unknown"),
        ("5", 1, 1, "computed"),
        ("6", None, None, "unknown"),
        ("7", 1, 2, "override"),
    ]
    since = months_before(TODAY, 12)
    assert (criteria[0]["evidence"], criteria[0]["explanation"]) == (
        {"recent_returnees": 3, "since": since.isoformat()},
        f"3 returnee(s) returned since {since.isoformat()}.",
    )
    assert criteria[6]["justification"] == "Two women's groups not yet mapped"
    assert list(criteria[0]) == [
        "code",
        "text",
        "weight",
        "computed_rating",
        "evidence",
        "explanation",
        "rating",
        "source",
        "justification",
    ]


# --- Ranking ------------------------------------------------------------------------------------


def ranking_row(community, score, missing) -> dict:
    return {
        "id": community.pk,
        "name": community.name,
        "pcode": community.pcode,
        "country": community.country,
        "admin1": community.admin1,
        "admin2": community.admin2,
        "score_id": score.pk,
        "score": str(score.score),
        "coverage": str(score.coverage),
        "band": score.band,
        "unmet": score.unmet,
        "missing_for_favourable": missing,
    }


def test_ranking_is_the_latest_score_best_first(client_for, programme_manager, scored):
    s = scored["scores"]
    body = client_for(programme_manager).get(f"{API}ranking/").json()
    assert body["count"] == 3  # "Unscored" has no score to rank
    unknown = ["2: evidence missing", "4: evidence missing", "6: evidence missing"]
    assert body["results"] == [
        ranking_row(scored["kaloum"], s["Kaloum"], unknown),
        ranking_row(
            scored["kamsar"],
            s["Kamsar"],
            [
                "1: rated 1",
                "2: evidence missing",
                "3: rated 0",
                "4: evidence missing",
                "5: rated 1",
                "6: evidence missing",
            ],
        ),
        ranking_row(
            scored["pikine"],
            s["Pikine"],
            [
                "1: rated 0",
                "2: evidence missing",
                "3: evidence missing",
                "4: evidence missing",
                "5: rated 0",
                "6: evidence missing",
                "7: rated 0",
            ],
        ),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=sen", ["Pikine"]),
        ("country=GIN", ["Kaloum", "Kamsar"]),
        ("band=conditional", ["Kaloum"]),
        ("band=favourable", []),
        ("min_coverage=50", ["Kaloum", "Kamsar"]),
        ("min_coverage=57.1", ["Kaloum", "Kamsar"]),
        ("min_coverage=57.2", []),
        ("country=GIN&band=unfavourable&min_coverage=40", ["Kamsar"]),
    ],
)
def test_ranking_filters(client_for, partner, scored, query, expected):
    response = client_for(partner).get(f"{API}ranking/?{query}")
    assert ids(response) == [scored[name.lower()].pk for name in expected]


def test_ranking_refuses_an_unknown_band(client_for, partner, scored):
    response = client_for(partner).get(f"{API}ranking/?band=excellent&min_coverage=lots")
    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["band", "min_coverage"]


# --- Who may read, and no writes -----------------------------------------------------------------


def detail_urls(scored) -> list[str]:
    altai = Instrument.objects.get(code="altai", version=1)
    return [
        f"{API}instruments/{altai.pk}/",
        f"{API}assessments/{scored['altai'].pk}/",
        f"{API}scores/{scored['scores']['Kaloum'].pk}/",
    ]


def test_anonymous_is_refused(client, scored):
    for url in [f"{API}{name}/" for name in LISTS] + detail_urls(scored):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "results" not in response.json()


def test_a_partner_token_reads_every_endpoint(client, partner, scored):
    _, key = api_token_create(actor=None, user=partner, name="partner ETL")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    counts = {name: client.get(f"{API}{name}/", **auth).json()["count"] for name in LISTS}
    assert counts == {"instruments": 6, "assessments": 2, "scores": 4, "ranking": 3}
    for url in detail_urls(scored):
        assert client.get(url, **auth).status_code == 200, url
    assert client.get(f"{API}ranking/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Instrument, InstrumentItem, Assessment, Answer, CommunityScore)
    ]


@pytest.mark.parametrize("persona", ["programme_manager", "partner"])
def test_writes_are_refused(request, client, scored, persona):
    user = request.getfixturevalue(persona)
    _, key = api_token_create(actor=None, user=user, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    before = snapshot()
    payload = {"code": "altai", "rating": 3, "score": "100.0", "band": "favourable"}
    for name in LISTS:
        response = client.post(f"{API}{name}/", payload, content_type="application/json", **auth)
        assert response.status_code == 405, name
    for url in detail_urls(scored):
        for method in (client.put, client.patch, client.delete):
            response = method(url, payload, content_type="application/json", **auth)
            assert response.status_code == 405, (method, url)
    assert snapshot() == before


# --- Query counts (STYLE.md rule 11) --------------------------------------------------------------


def test_detail_query_counts(client_for, case_manager, scored, django_assert_num_queries):
    client = client_for(case_manager)
    altai = Instrument.objects.get(code="altai", version=1)
    # 1 session, 1 user, 1 instrument with its item count, 1 its items.
    with django_assert_num_queries(4):
        assert len(client.get(f"{API}instruments/{altai.pk}/").json()["items"]) == 7
    # 1 session, 1 user, 1 assessment with its instrument, community and answer count,
    # 1 its answers with their items.
    with django_assert_num_queries(4):
        assert len(client.get(f"{API}assessments/{scored['research'].pk}/").json()["answers"]) == 2
    # 1 session, 1 user, 1 score with its community and instrument.
    with django_assert_num_queries(3):
        assert len(client.get(f"{API}scores/{scored['first'].pk}/").json()["criteria"]) == 7


def build(name: str, count: int, case_manager) -> int:
    """``count`` rows for the list ``name``; returns how many rows it then has."""
    communities = CommunityFactory.create_batch(count)
    if name == "instruments":
        for n in range(count):
            pilot = Instrument.objects.create(
                code=f"pilot_{n}",
                name="Pilot",
                source=SECTION_3_2,
                subject=Instrument.Subject.COMMUNITY,
                answer_type=Instrument.AnswerType.TEXT,
            )
            for order in (1, 2):
                InstrumentItem.objects.create(
                    instrument=pilot, code=str(order), order=order, text="Q", source="S"
                )
        return len(catalogues.INSTRUMENT_CODES) + count
    if name == "assessments":
        for community in communities:
            research_assessment(community, case_manager)
        return count
    for community in communities:
        returnees(community, 1, case_manager)
    services.community_score(today=TODAY)
    if name == "scores":
        # A second score each, so the list also holds history.
        for community in communities:
            returnees(community, 3, case_manager)
        services.community_score(today=TODAY)
        return 2 * count
    return count


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    "name, query",
    [
        # 1 instrument per row, with its item count (a GROUP BY).
        ("instruments", ""),
        # 1 assessment per row, joined to its instrument and community, with its answer count.
        ("assessments", ""),
        # 1 score per row, joined to its community and instrument (criteria deferred).
        ("scores", ""),
        # ... with the correlated "latest score of its community" subquery.
        ("scores", "&latest_only=true&band=unfavourable"),
        # 1 community per row, annotated with its latest score's columns (subqueries).
        ("ranking", "&country=GIN&min_coverage=0"),
    ],
)
def test_list_query_count_does_not_grow_with_the_rows(
    client_for, case_manager, django_assert_num_queries, name, query, count
):
    rows = build(name, count, case_manager)
    if "latest_only" in query:
        rows = count
    client = client_for(case_manager)
    # 1 session, 1 user, 1 COUNT for the paginator, 1 page of rows (see above), whether the
    # page holds 3 rows or 30.
    with django_assert_num_queries(4):
        body = client.get(f"{API}{name}/?page_size=100{query}").json()
    assert (body["count"], len(body["results"])) == (rows, rows)


def test_openapi_schema_is_valid_and_lists_the_endpoints(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for name in LISTS:
        assert f"  /api/v1/{name}/:\n" in schema
    for name in ["instruments", "assessments", "scores"]:
        assert f"  /api/v1/{name}/{{id}}/:\n" in schema
    assert "  /api/v1/ranking/{id}/:\n" not in schema
