"""Every endpoint of the API, walked with each persona (issue 8, acceptance 2): what is in
scope reads 200; every out-of-scope read answers 403 or 404; every write is refused (401,
403, 404, or 405 where the endpoint takes no write at all) and changes nothing.

The walk is checked against the OpenAPI schema: an endpoint added to the API (the projects
and peer-support apps' ones, say) fails ``test_the_walk_covers_every_endpoint`` until its
rows are added to ``ENDPOINTS`` below with what each persona may do.
"""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Role
from accounts.services import api_token_create
from accounts.tests.factories import OrganizationFactory, UserFactory
from assessments.models import Answer, Assessment, CommunityScore, Instrument
from communities.models import Community, Sector, Service
from communities.tests.factories import LivelihoodOpportunityFactory, StakeholderFactory
from dashboards.tests import data
from peer_support.models import CommunityEvent, NetworkGroup, PeerGroup
from projects.models import FinancialGroup, GroupMember, LedgerEntry, Participant, Project
from reintegration.models import Consent, Referral, ReferralStatusChange, Returnee
from reintegration.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/"
PERSONAS = [
    "anonymous",
    "case_manager",
    "outsider",
    "programme_manager",
    "partner",
    "partner_without",
    "administrator",
]

# Schema path -> the records it is read with. A record named in OUT_OF_SCOPE for a persona
# answers 404 (or 403) to them; every other read answers 200.
ENDPOINTS = {
    "/api/v1/me/": [""],
    "/api/v1/organizations/": [""],
    "/api/v1/organizations/{id}/": ["lead_org"],
    "/api/v1/communities/": [""],
    "/api/v1/communities/{id}/": ["kaloum"],
    "/api/v1/profiles/": [""],
    "/api/v1/profiles/{id}/": ["profile"],
    "/api/v1/stakeholders/": [""],
    "/api/v1/stakeholders/{id}/": ["stakeholder"],
    "/api/v1/services/": [""],
    "/api/v1/services/{id}/": ["clinic"],
    "/api/v1/sectors/": [""],
    "/api/v1/sectors/{id}/": ["sector"],
    "/api/v1/livelihood-opportunities/": [""],
    "/api/v1/livelihood-opportunities/{id}/": ["opportunity"],
    "/api/v1/instruments/": [""],
    "/api/v1/instruments/{id}/": ["altai"],
    "/api/v1/assessments/": [""],
    "/api/v1/assessments/{id}/": ["assessment"],
    "/api/v1/scores/": [""],
    "/api/v1/scores/{id}/": ["score"],
    "/api/v1/ranking/": [""],
    "/api/v1/returnees/": [""],
    "/api/v1/returnees/{id}/": ["r1", "r2", "o1"],
    "/api/v1/cases/": [""],
    "/api/v1/cases/{id}/": ["r1", "r2", "o1"],
    "/api/v1/referrals/": [""],
    "/api/v1/referrals/{id}/": ["ref1", "ref2", "other"],
    "/api/v1/referrals/{id}/answer/": ["ref1", "ref2", "other"],
    "/api/v1/places/": [""],
    "/api/v1/places/{id}/": ["kaloum"],
    "/api/v1/aggregates/returnees/": [""],
    "/api/v1/projects/": [""],
    "/api/v1/projects/{id}/": ["p1", "po"],
    "/api/v1/project-participants/": [""],
    "/api/v1/project-participants/{id}/": ["pp1", "ppo"],
    "/api/v1/financial-groups/": [""],
    "/api/v1/financial-groups/{id}/": ["g1", "go"],
    "/api/v1/financial-groups/{id}/ledger/": ["g1", "go"],
    "/api/v1/peer-groups/": [""],
    "/api/v1/peer-groups/{id}/": ["circle"],
    "/api/v1/network-groups/": [""],
    "/api/v1/network-groups/{id}/": ["theatre"],
    "/api/v1/community-events/": [""],
    "/api/v1/community-events/{id}/": ["e1"],
    "/api/v1/social-cohesion/": [""],
}
WRITABLE = {"/api/v1/referrals/{id}/answer/"}  # POST only, for the answering organization

# r1 and ref1: lead organization, addressed to the partner, no consent to share.
# r2 and ref2: lead organization, addressed to the partner, consent shares with it.
# o1 and other: the other organization's, addressed to the partner, no consent.
# p1, its participant pp1 (r1) and the group g1: the lead organization's; po, ppo (o1) and
# go: the other organization's. Partners read every financial group's aggregates, never a
# ledger; peer groups, network groups and events carry no personal data and read for all.
LEAD_PROJECTS = {"projects/p1", "project-participants/pp1"}
OTHER_PROJECTS = {"projects/po", "project-participants/ppo"}
LEDGERS = {"financial-groups/g1/ledger", "financial-groups/go/ledger"}
OUT_OF_SCOPE = {
    "case_manager": {
        "returnees/o1",
        "cases/o1",
        "referrals/other",
        *OTHER_PROJECTS,
        "financial-groups/go",
        "financial-groups/go/ledger",
    },
    "programme_manager": {
        "returnees/o1",
        "cases/o1",
        "referrals/other",
        *OTHER_PROJECTS,
        "financial-groups/go",
        "financial-groups/go/ledger",
    },
    "outsider": {
        "returnees/r1",
        "returnees/r2",
        "cases/r1",
        "cases/r2",
        "referrals/ref1",
        "referrals/ref2",
        *LEAD_PROJECTS,
        "financial-groups/g1",
        "financial-groups/g1/ledger",
    },
    "partner": {
        "returnees/r1",
        "returnees/o1",
        "cases/r1",
        "cases/r2",  # a case is the lead organization's work, never shared
        "cases/o1",
        "referrals/ref1",
        "referrals/other",
        *LEAD_PROJECTS,
        *OTHER_PROJECTS,
        *LEDGERS,
    },
    "partner_without": {
        *(f"{kind}/{r}" for kind in ("returnees", "cases") for r in ("r1", "r2", "o1")),
        "referrals/ref1",
        "referrals/ref2",
        "referrals/other",
        *LEAD_PROJECTS,
        *OTHER_PROJECTS,
        *LEDGERS,
    },
    "administrator": set(),
}
# Referrals a persona sees but does not answer (403): not addressed to its organization,
# or not a role that answers.
SEES_BUT_DOES_NOT_ANSWER = {
    "case_manager": {"ref1", "ref2"},
    "programme_manager": {"ref1", "ref2"},
    "outsider": {"other"},
    "partner": set(),
}


@pytest.fixture
def world(case_manager, outsider, programme_manager, partner, partner_organization, administrator):
    programme = data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )
    ConsentFactory(returnee=programme.returnees["r2"]).shared_with.add(partner_organization)
    second = OrganizationFactory(name="Second NGO", kind="implementing_partner")
    users = {
        "case_manager": case_manager,
        "outsider": outsider,
        "programme_manager": programme_manager,
        "partner": partner,
        "partner_without": UserFactory(
            username="partner-2", organization=second, roles=[Role.PARTNER]
        ),
        "administrator": administrator,
    }
    kaloum = programme.kaloum
    assessment = Assessment.objects.create(
        instrument=Instrument.objects.get(code="altai", is_active=True),
        community=kaloum,
        assessed_on=datetime.date.today(),
        assessor=programme_manager,
    )
    records = {
        "lead_org": case_manager.organization_id,
        "kaloum": kaloum.pk,
        "profile": programme.profiles["newer"].pk,
        "stakeholder": StakeholderFactory(community=kaloum).pk,
        "clinic": programme.services["clinic"].pk,
        "sector": Sector.objects.get(code="C").pk,
        "opportunity": LivelihoodOpportunityFactory(community=kaloum).pk,
        "altai": assessment.instrument_id,
        "assessment": assessment.pk,
        "score": programme.scores["kaloum"].pk,
        **{name: r.pk for name, r in programme.returnees.items()},
        **{name: r.pk for name, r in programme.referrals.items()},
        **{name: p.pk for name, p in programme.extra.projects.items()},
        "pp1": programme.extra.projects["p1"]
        .participants.get(returnee=programme.returnees["r1"])
        .pk,
        "ppo": programme.extra.projects["po"].participants.get().pk,
        **{name: g.pk for name, g in programme.extra.groups.items()},
        "circle": programme.extra.peer_group.pk,
        "theatre": programme.extra.network_group.pk,
        "e1": programme.extra.events["e1"].pk,
    }
    return {"users": users, "records": records, "programme": programme}


def auth_for(world, persona) -> dict:
    if persona == "anonymous":
        return {}
    _, key = api_token_create(actor=None, user=world["users"][persona], name="walk")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def concrete(path: str, record: str, world) -> str:
    return path.replace("{id}", str(world["records"][record])) if record else path


def key_of(path: str, record: str) -> str:
    """``collection/record``, and the action after it if any (``financial-groups/g1/ledger``)."""
    parts = path.removeprefix(API).rstrip("/").split("/")
    return "/".join([parts[0], record, *parts[2:]])


def snapshot() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Returnee,
            Referral,
            ReferralStatusChange,
            Consent,
            Community,
            Service,
            CommunityScore,
            Assessment,
            Answer,
            Project,
            Participant,
            FinancialGroup,
            GroupMember,
            LedgerEntry,
            PeerGroup,
            NetworkGroup,
            CommunityEvent,
        )
    }


def test_the_walk_covers_every_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["paths"]) == set(ENDPOINTS), (
        "Add the new endpoints to ENDPOINTS (and OUT_OF_SCOPE) with what each persona may do."
    )
    writes = {
        path
        for path, operations in schema["paths"].items()
        if set(operations) & {"post", "put", "patch", "delete"}
    }
    assert writes == WRITABLE


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads(client, world, persona):
    auth = auth_for(world, persona)
    refused = OUT_OF_SCOPE.get(persona, set())
    found = {}
    for path, records in ENDPOINTS.items():
        if path in WRITABLE:
            continue
        for record in records:
            response = client.get(concrete(path, record, world), **auth)
            found[key_of(path, record) if record else path] = response.status_code
    if persona == "anonymous":
        assert set(found.values()) == {401}
        return
    expected = {key: (404 if key in refused else 200) for key in found}
    assert found == expected


def test_partner_lists_hold_only_what_is_in_scope(client, world):
    auth = auth_for(world, "partner")
    records = world["records"]
    returnees = client.get(f"{API}returnees/", **auth).json()["results"]
    assert [r["id"] for r in returnees] == [records["r2"]]
    assert "first_name" not in returnees[0]  # pseudonymised
    referrals = client.get(f"{API}referrals/", **auth).json()["results"]
    assert [r["id"] for r in referrals] == [records["ref2"]]
    assert client.get(f"{API}cases/", **auth).json()["results"] == []
    without = auth_for(world, "partner_without")
    assert client.get(f"{API}returnees/", **without).json()["results"] == []
    assert client.get(f"{API}referrals/", **without).json()["results"] == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_are_refused_and_change_nothing(client, world, persona):
    auth = auth_for(world, persona)
    before = snapshot()
    payload = {"name": "Renamed", "status": "accepted", "band": "favourable"}
    refused = OUT_OF_SCOPE.get(persona, set())
    for path, records in ENDPOINTS.items():
        for record in records:
            url = concrete(path, record, world)
            if path in WRITABLE:
                if persona == "administrator":
                    continue  # an administrator answers any referral (test below)
                response = client.post(url, payload, content_type="application/json", **auth)
                if persona == "anonymous":
                    expected = 401
                elif f"referrals/{record}" in refused:
                    expected = 404
                elif record in SEES_BUT_DOES_NOT_ANSWER.get(persona, ()):
                    expected = 403
                else:
                    # The partner answering ref2 with "accepted": ref2 is already accepted,
                    # so the service refuses the change (400) and nothing is written.
                    expected = 400
                assert response.status_code == expected, (persona, url)
                continue
            methods = [client.post] if not record else [client.put, client.patch, client.delete]
            for method in methods:
                response = method(url, payload, content_type="application/json", **auth)
                expected = 401 if persona == "anonymous" else 405
                assert response.status_code == expected, (persona, method.__name__, url)
    assert snapshot() == before


def test_the_partner_answers_its_referral(client, world):
    auth = auth_for(world, "partner")
    ref2 = world["programme"].referrals["ref2"]
    url = f"{API}referrals/{ref2.pk}/answer/"
    response = client.post(
        url,
        {"status": "in_progress", "note": "Started today"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"]) == (ref2.pk, "in_progress")
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [
        ("proposed", "accepted"),
        ("accepted", "in_progress"),
    ]
    response = client.post(
        url,
        {"status": "completed", "outcome": "Treated and discharged"},
        content_type="application/json",
        **auth,
    )
    assert response.json()["status"] == "completed"
    ref2.refresh_from_db()
    assert (ref2.status, ref2.outcome) == ("completed", "Treated and discharged")


def test_an_invalid_answer_is_a_clear_400_and_changes_nothing(client, world):
    auth = auth_for(world, "partner")
    ref2 = world["programme"].referrals["ref2"]
    before = snapshot()
    url = f"{API}referrals/{ref2.pk}/answer/"
    response = client.post(url, {"status": "declined"}, content_type="application/json", **auth)
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "The request has invalid values: see errors.",
        "errors": {
            "status": [
                "An accepted referral cannot become declined; it can become: dropped, in progress."
            ]
        },
    }
    response = client.post(url, {"status": "reopened"}, content_type="application/json", **auth)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]
    assert snapshot() == before
