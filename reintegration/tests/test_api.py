"""The reintegration API: who sees which returnee, pseudonymised records for partners,
sensitive fields, filters, cursor pagination, query counts and the schema."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLogEntry
from accounts.services import api_token_create
from communities.models import Sector
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import selectors, services
from reintegration.api.serializers import PartnerReturneeSerializer, age_band, partner_returnee_row
from reintegration.models import Referral, Returnee, ReturneeNeed, ReturneeSkill

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
RETURNEES = "/api/v1/returnees/"
CASES = "/api/v1/cases/"
REFERRALS = "/api/v1/referrals/"
PARTNER_KEYS = {
    "id",
    "reference",
    "sex",
    "age_band",
    "community",
    "need_levels",
    "skills",
    "referrals",
}
SENSITIVE = {
    "mental_health_condition": "Depression",
    "protection_concern": "Threatened by a creditor",
    "confidential_notes": "Asked that her family not be contacted",
}


@pytest.fixture
def community():
    return CommunityFactory(
        name="Kaloum", country="GIN", admin1="Conakry", admin2="Kaloum", pcode="GN0101"
    )


def register(actor, community, **overrides):
    fields = {
        "first_name": "José",
        "last_name": "Camara",
        "sex": "male",
        "estimated_age": 30,
        "nationality": "GIN",
        "community": community,
        "return_date": TODAY - datetime.timedelta(days=10),
        "return_kind": "assisted_voluntary",
        "phone": "+224 620 00-00-01",
        **overrides,
    }
    tailoring = Sector.objects.get(code="C-TAILORING")
    return services.returnee_register(
        actor=actor,
        fields=fields,
        skills=[{"sector": tailoring, "level": "advanced", "years_experience": 6}],
        needs=[
            {"level": "psychosocial", "description": "Sleep problems"},
            {"level": "economic", "description": "No income"},
        ],
        confirm_not_duplicate=True,
    )


def refer_to_partner(case_manager, partner, returnee):
    """A referral to a service the partner's organization answers, with consent to share
    (a referral that would share without it is refused by the service)."""
    services.consent_record(
        actor=case_manager,
        returnee=returnee,
        given_on=YESTERDAY,
        shared_with=[partner.organization],
    )
    service = ServiceFactory(
        community=returnee.community, organization=partner.organization, name="Clinic"
    )
    return services.referral_create(
        actor=case_manager, returnee=returnee, target=service, reason="Health check"
    )


@pytest.fixture
def returnee(case_manager, community):
    return register(case_manager, community, **SENSITIVE)


@pytest.fixture
def partner_referral(case_manager, partner, returnee):
    return refer_to_partner(case_manager, partner, returnee)


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_age_bands():
    ages = [None, 0, 17, 18, 24, 25, 34, 35, 44, 45, 59, 60, 97]
    assert [age_band(a) for a in ages] == [
        None,
        "0-17",
        "0-17",
        "18-24",
        "18-24",
        "25-34",
        "25-34",
        "35-44",
        "35-44",
        "45-59",
        "45-59",
        "60+",
        "60+",
    ]


# --- who sees which returnee ---


def test_case_manager_sees_their_organizations_returnee(client_for, case_manager, returnee):
    community = returnee.community
    assert results(client_for(case_manager), RETURNEES) == [
        {
            "id": returnee.pk,
            "reference": returnee.reference,
            "first_name": "José",
            "last_name": "Camara",
            "sex": "male",
            "age": 30,
            "community": {
                "id": community.pk,
                "name": "Kaloum",
                "pcode": "GN0101",
                "country": "GIN",
                "admin1": "Conakry",
                "admin2": "Kaloum",
            },
            "return_date": str(TODAY - datetime.timedelta(days=10)),
            "status": "open",
            "case_manager": "case-manager",
            "need_levels": ["economic", "psychosocial"],
            "skills": [{"sector": "C-TAILORING", "level": "advanced"}],
        }
    ]


def test_staff_detail_adds_household_interests_needs_and_consent(
    client_for, case_manager, partner, returnee, partner_referral
):
    body = client_for(case_manager).get(f"{RETURNEES}{returnee.pk}/").json()
    assert body["needs"] == [
        {"level": "economic", "description": "No income", "priority": "medium", "met": False},
        {
            "level": "psychosocial",
            "description": "Sleep problems",
            "priority": "medium",
            "met": False,
        },
    ]
    assert (body["household"], body["interests"], body["phone"]) == ([], [], "+224620000001")
    assert body["consent"] == {
        "given_on": str(YESTERDAY),
        "case_management": True,
        "group_contact": False,
        "shared_with": ["Partner NGO"],
        "withdrawn_on": None,
        "is_active": True,
    }


def test_outsider_sees_nothing(client_for, outsider, returnee, partner_referral):
    client = client_for(outsider)
    assert results(client, RETURNEES) == []
    assert results(client, CASES) == []
    assert results(client, REFERRALS) == []
    assert client.get(f"{RETURNEES}{returnee.pk}/").status_code == 404
    assert client.get(f"{CASES}{returnee.pk}/").status_code == 404
    assert client.get(f"{REFERRALS}{partner_referral.pk}/").status_code == 404


def test_anonymous_callers_are_refused(client, returnee):
    assert client.get(RETURNEES).status_code == 401
    assert client.get(f"{RETURNEES}{returnee.pk}/").status_code == 401


@pytest.mark.parametrize("missing", ["referral", "consent to share"])
def test_partner_without_referral_or_sharing_consent_sees_nothing(
    client_for, case_manager, partner, returnee, missing
):
    if missing == "referral":
        services.consent_record(
            actor=case_manager,
            returnee=returnee,
            given_on=YESTERDAY,
            shared_with=[partner.organization],
        )
    else:
        # Referred with consent, then the consent no longer names the partner.
        referral = refer_to_partner(case_manager, partner, returnee)
        assert referral.target_organization == partner.organization
        services.consent_record(
            actor=case_manager, returnee=returnee, given_on=YESTERDAY, shared_with=[]
        )
    client = client_for(partner)
    assert results(client, RETURNEES) == []
    assert client.get(f"{RETURNEES}{returnee.pk}/").status_code == 404
    # Without consent to share, not even a referral addressed to the partner is shown.
    assert results(client, REFERRALS) == []


def test_partner_sees_the_pseudonymised_record_of_a_shared_referral(
    client_for, case_manager, partner, other_organization, returnee, partner_referral
):
    # A referral of the same returnee to another organization stays hidden from the partner.
    services.consent_record(
        actor=case_manager,
        returnee=returnee,
        given_on=YESTERDAY,
        shared_with=[partner.organization, other_organization],
    )
    services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=returnee.community, organization=other_organization),
        reason="Housing",
    )
    expected = {
        "id": returnee.pk,
        "reference": returnee.reference,
        "sex": "male",
        "age_band": "25-34",
        "community": {
            "id": returnee.community_id,
            "name": "Kaloum",
            "pcode": "GN0101",
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": "Kaloum",
        },
        "need_levels": ["economic", "psychosocial"],
        "skills": [{"sector": "C-TAILORING", "level": "advanced"}],
        "referrals": [
            {
                "id": partner_referral.pk,
                "target_label": "Clinic (Health and well-being)",
                "status": "proposed",
            }
        ],
    }
    client = client_for(partner)
    listed = results(client, RETURNEES)
    assert listed == [expected]
    assert set(listed[0]) == PARTNER_KEYS
    detail = client.get(f"{RETURNEES}{returnee.pk}/").json()
    assert detail == expected
    assert not {"first_name", "last_name", "phone", "date_of_birth", "age"} & set(detail)
    assert not set(SENSITIVE) & set(detail)
    referrals = results(client, REFERRALS)
    assert [(r["id"], r["returnee_reference"]) for r in referrals] == [
        (partner_referral.pk, returnee.reference)
    ]


def test_partner_list_fast_path_gives_what_the_serializer_gives(
    client_for, case_manager, partner, other_organization, community
):
    """The partner's list builds its records from plain rows (issue 10): they must equal
    PartnerReturneeSerializer's output for the same returnees, key order included, over
    estimated and exact ages (a birthday tomorrow), the oldest band, several skills out of
    code order, repeated need levels, no needs or skills, and referrals to another
    organization."""
    other_sector = Sector.objects.exclude(code="C-TAILORING").order_by("code").first()
    quoted = CommunityFactory(name='Ratoma "Centre" \u00e9', country="GIN")
    several = register(case_manager, quoted, first_name="Awa")
    ReturneeSkill.objects.create(returnee=several, sector=other_sector, level="basic")
    ReturneeNeed.objects.create(returnee=several, level="economic", description="Debts")
    refer_to_partner(case_manager, partner, several)
    services.referral_create(
        actor=case_manager,
        returnee=several,
        target=ServiceFactory(community=quoted, organization=partner.organization, name="A: B"),
        reason="Second",
    )
    services.consent_record(
        actor=case_manager,
        returnee=several,
        given_on=YESTERDAY,
        shared_with=[partner.organization, other_organization],
    )
    services.referral_create(
        actor=case_manager,
        returnee=several,
        target=ServiceFactory(community=quoted, organization=other_organization),
        reason="Hidden from the partner",
    )
    born = TODAY.replace(year=TODAY.year - 40) + datetime.timedelta(days=1)
    exact = register(case_manager, community, first_name="Binta", date_of_birth=born)
    ReturneeSkill.objects.filter(returnee=exact).delete()
    ReturneeNeed.objects.filter(returnee=exact).delete()
    refer_to_partner(case_manager, partner, exact)
    # The database requires a birth date or an estimated age: no age is not a case.
    dixinn = CommunityFactory(name="Dixinn", country="SEN")
    eldest = register(case_manager, dixinn, first_name="Fode", sex="female", estimated_age=70)
    refer_to_partner(case_manager, partner, eldest)
    register(case_manager, community, first_name="Not shared")

    rows = selectors.api_partner_returnee_rows(user=partner).order_by("-id")
    fast = [partner_returnee_row(row, TODAY) for row in rows]
    returnees = selectors.api_partner_returnee_list(user=partner).order_by("-id")
    slow = PartnerReturneeSerializer(returnees, many=True).data
    assert json.dumps(fast) == json.dumps(slow)
    assert [(r["id"], r["age_band"]) for r in fast] == [
        (eldest.pk, "60+"),
        (exact.pk, "35-44"),
        (several.pk, "25-34"),
    ]
    assert [s["sector"] for s in fast[2]["skills"]] == sorted([other_sector.code, "C-TAILORING"])
    assert fast[2]["need_levels"] == ["economic", "psychosocial"]
    assert [r["target_label"] for r in fast[2]["referrals"]] == [
        "Clinic (Health and well-being)",
        "A: B (Health and well-being)",
    ]
    assert fast[1]["skills"] == [] and fast[1]["need_levels"] == []
    assert fast[2]["community"]["name"] == 'Ratoma "Centre" \u00e9'
    # And the endpoint serves exactly these bytes' worth of records.
    assert results(client_for(partner), f"{RETURNEES}?page_size=100") == fast


def test_partner_cannot_search_by_name_or_phone(client_for, partner, returnee, partner_referral):
    """Search would let a partner confirm who is behind a reference: it is not offered."""
    client = client_for(partner)
    for probe in ("Camara", "Nobody Atall", "620000001"):
        assert [r["id"] for r in results(client, f"{RETURNEES}?q={probe}")] == [returnee.pk]
    assert results(client, f"{RETURNEES}?reference={returnee.reference}")[0]["id"] == returnee.pk
    assert results(client, f"{RETURNEES}?reference=RET-0000-000000") == []


def test_partner_sees_nothing_after_consent_is_withdrawn(
    client_for, case_manager, partner, returnee, partner_referral
):
    client = client_for(partner)
    assert len(results(client, RETURNEES)) == 1
    services.consent_withdraw(actor=case_manager, returnee=returnee, withdrawn_on=TODAY)
    assert results(client, RETURNEES) == []
    assert results(client, REFERRALS) == []
    assert client.get(f"{RETURNEES}{returnee.pk}/").status_code == 404
    assert client.get(f"{REFERRALS}{partner_referral.pk}/").status_code == 404


def test_partner_token_authentication(client, partner, returnee, partner_referral):
    _, key = api_token_create(actor=None, user=partner, name="partner ETL")
    response = client.get(RETURNEES, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [r["reference"] for r in response.json()["results"]] == [returnee.reference]
    assert set(response.json()["results"][0]) == PARTNER_KEYS


def test_partner_gets_no_cases(client_for, partner, returnee, partner_referral):
    client = client_for(partner)
    assert results(client, CASES) == []
    assert client.get(f"{CASES}{returnee.pk}/").status_code == 404


# --- sensitive fields ---


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("case_manager", True),
        ("supervisor", True),
        ("administrator", True),
        ("colleague", False),
        ("programme_manager", False),
    ],
)
def test_sensitive_fields_only_for_the_case_manager_their_supervisor_and_admins(
    request, client_for, returnee, persona, sees
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    detail = client.get(f"{RETURNEES}{returnee.pk}/").json()
    assert detail["reference"] == returnee.reference
    if sees:
        assert {k: detail[k] for k in SENSITIVE} == SENSITIVE
    else:
        assert not set(SENSITIVE) & set(detail)
    # Lists never carry them, whoever asks.
    assert not set(SENSITIVE) & set(results(client, RETURNEES)[0])
    logged = AccessLogEntry.objects.filter(object_id=str(returnee.pk), purpose="api")
    assert [(e.user, e.fields) for e in logged] == ([(user, sorted(SENSITIVE))] if sees else [])


def test_sensitive_fields_of_another_case_managers_returnee_are_hidden(
    client_for, case_manager, colleague, community
):
    theirs = register(colleague, community, **SENSITIVE)
    detail = client_for(case_manager).get(f"{RETURNEES}{theirs.pk}/").json()
    assert detail["case_manager"] == "colleague"
    assert not set(SENSITIVE) & set(detail)


# --- read-only ---


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_are_refused_and_change_nothing(
    client_for, case_manager, returnee, partner_referral, method
):
    client = client_for(case_manager)
    payload = {"first_name": "Changed", "status": "closed"}
    for url in (RETURNEES, CASES, REFERRALS):
        target = url if method == "post" else f"{url}{returnee.pk}/"
        if url == REFERRALS and method != "post":
            target = f"{url}{partner_referral.pk}/"
        response = getattr(client, method)(target, payload, content_type="application/json")
        assert response.status_code == 405, (method, target)
    returnee.refresh_from_db()
    partner_referral.refresh_from_db()
    assert (returnee.first_name, returnee.status, returnee.version) == ("José", "open", 1)
    assert (Returnee.objects.count(), Referral.objects.count()) == (1, 1)
    assert partner_referral.status == "proposed"


# --- cases ---


def test_case_counts_sessions_and_open_referrals(
    client_for, case_manager, partner, returnee, partner_referral
):
    services.session_log(actor=case_manager, returnee=returnee, date=YESTERDAY)
    services.session_log(actor=case_manager, returnee=returnee, date=TODAY)
    declined = services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=returnee.community, name="Shelter"),
        reason="Housing",
    )
    services.referral_transition(
        actor=case_manager, referral=declined, to_status="declined", decline_reason="Full"
    )
    untouched = register(case_manager, returnee.community, first_name="Awa", phone="")
    client = client_for(case_manager)
    assert results(client, CASES) == [
        {
            "id": untouched.pk,
            "reference": untouched.reference,
            "status": "open",
            "closure_reason": "",
            "case_manager": "case-manager",
            "sessions_count": 0,
            "open_referrals_count": 0,
            "last_session_date": None,
        },
        {
            "id": returnee.pk,
            "reference": returnee.reference,
            "status": "active",
            "closure_reason": "",
            "case_manager": "case-manager",
            "sessions_count": 2,
            "open_referrals_count": 1,
            "last_session_date": str(TODAY),
        },
    ]
    assert [c["id"] for c in results(client, f"{CASES}?status=active")] == [returnee.pk]


# --- referrals ---


def test_referral_detail_has_the_history(client_for, case_manager, partner, partner_referral):
    services.referral_transition(actor=partner, referral=partner_referral, to_status="accepted")
    body = client_for(case_manager).get(f"{REFERRALS}{partner_referral.pk}/").json()
    history = body.pop("history")
    assert body == {
        "id": partner_referral.pk,
        "returnee_reference": partner_referral.returnee.reference,
        "target_type": "communities.service",
        "target_label": "Clinic (Health and well-being)",
        "target_organization": "Partner NGO",
        "status": "accepted",
        "follow_up_date": None,
        "is_overdue": False,
        "created_at": body["created_at"],
    }
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        ("", "proposed", "case-manager"),
        ("proposed", "accepted", "partner"),
    ]


def test_referral_filters(client_for, case_manager, partner, returnee, partner_referral):
    own = services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=returnee.community, organization=case_manager.organization),
        reason="Counselling",
    )
    Referral.objects.filter(pk=partner_referral.pk).update(follow_up_date=YESTERDAY)
    client = client_for(case_manager)

    def ids(query):
        return [r["id"] for r in results(client, f"{REFERRALS}?{query}")]

    assert ids("") == [own.pk, partner_referral.pk]
    assert ids("overdue=true") == [partner_referral.pk]
    assert ids("overdue=false") == [own.pk]
    assert ids("incoming=true") == [own.pk]
    assert ids("incoming=false") == [partner_referral.pk]
    assert ids("status=accepted") == []
    assert results(client, f"{REFERRALS}?overdue=true")[0]["is_overdue"] is True
    # The partner sees the referral addressed to it as incoming.
    assert [r["id"] for r in results(client_for(partner), f"{REFERRALS}?incoming=true")] == [
        partner_referral.pk
    ]


# --- filters and pagination ---


def test_returnee_filters(client_for, case_manager, colleague, community):
    elsewhere = CommunityFactory(name="Matam")
    jose = register(case_manager, community)
    awa = register(colleague, elsewhere, first_name="Awa", last_name="Bah", sex="female")
    services.case_set_status(
        actor=case_manager, returnee=awa, status="closed", closure_reason="Moved"
    )
    client = client_for(case_manager)

    def ids(query):
        return [r["id"] for r in results(client, f"{RETURNEES}?{query}")]

    assert ids("") == [awa.pk, jose.pk]
    assert ids(f"community={elsewhere.pk}") == [awa.pk]
    assert ids("status=closed") == [awa.pk]
    assert ids("sex=male") == [jose.pk]
    assert ids(f"case_manager={case_manager.pk}") == [jose.pk]
    assert ids("q=bah") == [awa.pk]
    assert ids(f"q={jose.reference}") == [jose.pk]
    assert ids("q=ba") == [awa.pk, jose.pk]  # too short to search
    assert client.get(f"{RETURNEES}?status=unknown").status_code == 400


def test_cursor_pagination(client_for, case_manager, community):
    created = [
        register(case_manager, community, first_name=f"Person{i}", phone="") for i in range(5)
    ]
    client = client_for(case_manager)
    first = client.get(f"{RETURNEES}?page_size=2").json()
    assert set(first) == {"next", "previous", "results"}
    assert [r["id"] for r in first["results"]] == [created[4].pk, created[3].pk]
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [created[2].pk, created[1].pk]
    assert first["previous"] is None and second["previous"] is not None


# --- constant query counts (STYLE.md rule 11) ---


@pytest.mark.parametrize("rows", [5, 60])
def test_staff_lists_have_a_constant_query_count(
    client_for, case_manager, partner, community, django_assert_num_queries, rows
):
    for i in range(rows):
        returnee = register(case_manager, community, first_name=f"Person{i}", phone="")
        services.consent_record(actor=case_manager, returnee=returnee, given_on=YESTERDAY)
        services.session_log(actor=case_manager, returnee=returnee, date=YESTERDAY)
        services.referral_create(
            actor=case_manager,
            returnee=returnee,
            target=ServiceFactory(community=community),
            reason="r",
        )
    client = client_for(case_manager)
    # 1 session, 1 user, 1 user's role groups, 1 page of returnees with community and case
    # manager, 1 their needs, 1 their skills with sectors.
    with django_assert_num_queries(6):
        assert len(results(client, f"{RETURNEES}?page_size=100")) == rows
    # 1 session, 1 user, 1 role groups, 1 page of cases with their counts and case manager.
    with django_assert_num_queries(4):
        assert len(results(client, f"{CASES}?page_size=100")) == rows
    # 1 session, 1 user, 1 role groups, 1 page of referrals with returnee, target type and
    # target organization.
    with django_assert_num_queries(4):
        assert len(results(client, f"{REFERRALS}?page_size=100")) == rows


@pytest.mark.parametrize("rows", [5, 60])
def test_partner_list_has_a_constant_query_count(
    client_for, case_manager, partner, community, django_assert_num_queries, rows
):
    service = ServiceFactory(community=community, organization=partner.organization)
    for i in range(rows):
        returnee = register(case_manager, community, first_name=f"Person{i}", phone="")
        services.consent_record(
            actor=case_manager,
            returnee=returnee,
            given_on=YESTERDAY,
            shared_with=[partner.organization],
        )
        services.referral_create(actor=case_manager, returnee=returnee, target=service, reason="r")
    client = client_for(partner)
    # 1 session, 1 user, 1 role groups, 1 page of shared returnees with their community and
    # their needs, skills and referrals to the partner as arrays.
    with django_assert_num_queries(4):
        assert len(results(client, f"{RETURNEES}?page_size=100")) == rows
    # 1 session, 1 user, 1 role groups, 1 page of referrals.
    with django_assert_num_queries(4):
        assert len(results(client, f"{REFERRALS}?page_size=100")) == rows


def test_a_deep_cursor_page_costs_what_the_first_does_and_counts_nothing(
    client_for, case_manager, community
):
    """Issue 10: a deep page of a filtered list is a keyset step (``id < cursor``), not an
    OFFSET scan, and no page counts the list (DRF's page-number pagination would)."""
    created = [
        register(case_manager, community, first_name=f"Person{i}", phone="") for i in range(7)
    ]
    Returnee.objects.filter(pk=created[3].pk).update(status="closed", closure_reason="Done")
    client = client_for(case_manager)
    url = f"{RETURNEES}?status=open&page_size=2"
    pages, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        pages.append([r["id"] for r in response.json()["results"]])
        queries.append([q["sql"] for q in captured])
        url = response.json()["next"]
    newest_first = [r.pk for r in reversed(created) if r.pk != created[3].pk]
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:6]]
    assert [len(q) for q in queries] == [6, 6, 6]
    assert not [sql for page in queries for sql in page if "COUNT(" in sql.upper()]
    assert "OFFSET" not in queries[2][3].upper()  # the page of returnees
    assert f'"reintegration_returnee"."id" < {newest_first[3]}' in queries[2][3]


# --- schema ---


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (RETURNEES, CASES, REFERRALS):
        assert f"  {path}:" in schema
