"""Consent is checked on every partner read, and hidden fields cannot be probed: filtering,
ordering or searching on a field one may not see reveals nothing (SECURITY.md)."""

import datetime

import pytest

from accounts.services import api_token_create
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
RETURNEES = "/api/v1/returnees/"
REFERRALS = "/api/v1/referrals/"


@pytest.fixture
def community():
    return CommunityFactory(country="GIN")


def register(case_manager, community, first_name, **fields):
    return services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": first_name,
            "last_name": "Bah",
            "sex": "female",
            "estimated_age": 30,
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=20),
            "return_kind": "forced",
            **fields,
        },
        confirm_not_duplicate=True,
    )


def share_and_refer(case_manager, partner, returnee):
    services.consent_record(
        actor=case_manager, returnee=returnee, given_on=TODAY, shared_with=[partner.organization]
    )
    service = ServiceFactory(community=returnee.community, organization=partner.organization)
    return services.referral_create(
        actor=case_manager, returnee=returnee, target=service, reason="Livelihood support"
    )


@pytest.fixture
def two_shared(case_manager, partner, community):
    """Two returnees referred to the partner with consent; only the first has sensitive
    values, and their names and ages sort in the opposite order of their ids."""
    zainab = register(
        case_manager,
        community,
        "Zainab",
        phone="+224611111111",
        estimated_age=52,
        mental_health_condition="Aaa depression",
        protection_concern="Aaa threat",
    )
    awa = register(case_manager, community, "Awa", phone="+224622222222", estimated_age=19)
    return [
        (zainab, share_and_refer(case_manager, partner, zainab)),
        (awa, share_and_refer(case_manager, partner, awa)),
    ]


def ids(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- consent, end to end through the API with a partner's token ---


def test_withdrawing_consent_stops_the_very_next_partner_request(
    client, client_for, case_manager, partner, two_shared
):
    (zainab, referral), (awa, _) = two_shared
    _, key = api_token_create(actor=None, user=partner, name="partner ETL")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert ids(client, RETURNEES, **auth) == [awa.pk, zainab.pk]
    detail = client.get(f"{RETURNEES}{zainab.pk}/", **auth)
    assert detail.status_code == 200
    assert detail.json()["reference"] == zainab.reference
    assert client.get(f"{REFERRALS}{referral.pk}/", **auth).status_code == 200

    services.consent_withdraw(actor=case_manager, returnee=zainab, withdrawn_on=TODAY)

    assert client.get(f"{RETURNEES}{zainab.pk}/", **auth).status_code == 404
    assert ids(client, RETURNEES, **auth) == [awa.pk]
    assert ids(client, f"{RETURNEES}?reference={zainab.reference}", **auth) == []
    assert client.get(f"{REFERRALS}{referral.pk}/", **auth).status_code == 404
    referrals = client.get(REFERRALS, **auth).json()["results"]
    assert zainab.reference not in {r["returnee_reference"] for r in referrals}
    # The partner's browser pages (its referral inbox) stop at once too.
    browser = client_for(partner)
    assert browser.get(f"/returnees/referrals/{referral.pk}/").status_code == 404
    assert zainab.reference not in browser.get("/returnees/referrals/").content.decode()
    # Consent given again restores the sharing.
    services.consent_record(
        actor=case_manager, returnee=zainab, given_on=TODAY, shared_with=[partner.organization]
    )
    assert client.get(f"{RETURNEES}{zainab.pk}/", **auth).status_code == 200


def test_consent_no_longer_naming_the_partner_stops_sharing(
    client_for, case_manager, partner, two_shared
):
    (zainab, _), (awa, _) = two_shared
    client = client_for(partner)
    services.consent_record(actor=case_manager, returnee=zainab, given_on=TODAY, shared_with=[])
    assert ids(client, RETURNEES) == [awa.pk]
    assert client.get(f"{RETURNEES}{zainab.pk}/").status_code == 404


def test_partners_never_get_the_named_browser_pages(client_for, partner, two_shared):
    (zainab, referral), _ = two_shared
    client = client_for(partner)
    for url in ("/returnees/", f"/returnees/{zainab.pk}/", f"/returnees/{zainab.pk}/?tab=history"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Zainab" not in response.content.decode()
    page = client.get(f"/returnees/referrals/{referral.pk}/").content.decode()
    assert zainab.reference in page
    assert f'href="/returnees/{zainab.pk}/"' not in page


# --- masking: hidden fields cannot be filtered, ordered or searched on ---

SENSITIVE_PROBES = [
    "ordering=mental_health_condition",
    "ordering=-mental_health_condition",
    "ordering=protection_concern",
    "mental_health_condition=Aaa depression",
    "mental_health_condition__icontains=aaa",
    "mental_health_condition__isnull=false",
    "protection_concern__startswith=Aaa",
    "confidential_notes__gt=",
    "search=depression",
    "q=depression",
    "sort=mental_health_condition",
]


@pytest.mark.parametrize("probe", SENSITIVE_PROBES)
def test_a_colleague_cannot_probe_sensitive_fields_through_the_api(
    client_for, colleague, two_shared, probe
):
    client = client_for(colleague)
    expected = ids(client, RETURNEES)
    if probe.startswith("q="):
        # The search looks at references, phones and names only: a sensitive value finds
        # what any text that is no name finds.
        expected = ids(client, f"{RETURNEES}?q=nothing-like-a-name")
    assert ids(client, f"{RETURNEES}?{probe}") == expected


@pytest.mark.parametrize("probe", SENSITIVE_PROBES)
def test_a_colleague_cannot_probe_sensitive_fields_in_the_browser_list(
    client_for, colleague, two_shared, probe
):
    client = client_for(colleague)

    def rows(query=""):
        response = client.get(f"/returnees/?{query}")
        assert response.status_code == 200
        return [r.pk for r in response.context["page"].object_list]

    expected = rows("q=nothing-like-a-name") if probe.startswith("q=") else rows()
    assert rows(probe) == expected


PERSONAL_PROBES = [
    "q=Zainab",
    "q=611111111",
    "first_name=Zainab",
    "first_name__icontains=zai",
    "last_name=Bah",
    "phone=+224611111111",
    "phone__contains=6111",
    "estimated_age=52",
    "estimated_age__gte=40",
    "date_of_birth__year=1974",
    "ordering=first_name",
    "ordering=-first_name",
    "ordering=estimated_age",
    "ordering=phone",
    "search=Zainab",
    "name_normalized__contains=zainab",
    "mental_health_condition__icontains=aaa",
]


@pytest.mark.parametrize("probe", PERSONAL_PROBES)
def test_a_partner_cannot_probe_personal_fields_through_the_api(
    client_for, partner, two_shared, probe
):
    client = client_for(partner)
    assert ids(client, f"{RETURNEES}?{probe}") == ids(client, RETURNEES)


@pytest.mark.parametrize(
    "probe",
    [
        "ordering=returnee__first_name",
        "returnee__first_name=Zainab",
        "returnee__phone__contains=6111",
        "returnee__mental_health_condition__icontains=aaa",
        "search=Zainab",
    ],
)
def test_a_partner_cannot_probe_through_the_referrals(client_for, partner, two_shared, probe):
    client = client_for(partner)
    assert ids(client, f"{REFERRALS}?{probe}") == ids(client, REFERRALS)


def test_a_partner_filtering_on_an_unknown_reference_gets_nothing(client_for, partner, two_shared):
    (zainab, _), _ = two_shared
    client = client_for(partner)
    assert ids(client, f"{RETURNEES}?reference={zainab.reference}") == [zainab.pk]
    assert ids(client, f"{RETURNEES}?reference=RET-1999-000001") == []
