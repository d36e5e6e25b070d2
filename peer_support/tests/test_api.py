"""The partner API: groups, events and aggregates with exact values and no participant's
personal data; read-only; refused to anonymous callers and to users without the role."""

import datetime

import pytest
from django.core.management import call_command

from accounts.services import api_token_create
from communities.tests.factories import CommunityFactory
from peer_support import services
from peer_support.models import NetworkGroupMember
from peer_support.tests.factories import (
    CommunityEventFactory,
    MentorFactory,
    MentorshipFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
    ReturneeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(case_manager):
    org = case_manager.organization
    kaloum = CommunityFactory(
        name="Kaloum", country="GIN", admin1="Conakry", admin2="Kaloum", pcode="GN0101"
    )
    dixinn = CommunityFactory(
        name="Dixinn", country="GIN", admin1="Conakry", admin2="Dixinn", pcode="GN0102"
    )
    group = PeerGroupFactory(
        organization=org,
        community=kaloum,
        name="Kaloum circle",
        facilitator_kind="trained_returnee",
        facilitator_name="",
        facilitator_returnee=ReturneeFactory(case_manager=case_manager, first_name="Secret"),
        facilitator_trained_on=TODAY - 100 * DAY,
        started_on=TODAY - 30 * DAY,
        planned_initial_meetings=4,
    )
    for _ in range(3):
        PeerGroupMemberFactory(group=group, returnee__case_manager=case_manager)
    services.peer_group_meeting_record(actor=case_manager, group=group, date=TODAY - 20 * DAY)
    services.peer_group_meeting_record(actor=case_manager, group=group, date=TODAY - 10 * DAY)
    network = NetworkGroupFactory(
        community=kaloum,
        name="Troupe",
        contact_name="Ms Contact",
        contact_phone="+224 600",
        sensitised_on=TODAY - 40 * DAY,
    )
    NetworkGroupMember.objects.create(
        group=network, returnee=ReturneeFactory(case_manager=case_manager), joined_on=TODAY
    )
    NetworkGroupFactory(
        community=dixinn, name="Choir", kind="music", accepts_returnees=None, sensitised_on=None
    )
    event = CommunityEventFactory(
        organization=org,
        community=kaloum,
        kind="focus_group",
        title="Dialogue",
        facilitator="Named facilitator",
        notes="Private notes",
        network_group=network,
        date=TODAY - 3 * DAY,
    )
    mentor = MentorFactory(organization=org, community=kaloum, trained=True)
    MentorshipFactory(
        mentor=mentor, returnee=ReturneeFactory(case_manager=case_manager, community=kaloum)
    )
    MentorFactory(organization=org, community=dixinn, refresher_due_on=TODAY - DAY)
    return {"group": group, "network": network, "event": event, "kaloum": kaloum, "dixinn": dixinn}


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_peer_groups_without_people(client_for, partner, world):
    group, kaloum = world["group"], world["kaloum"]
    assert results(client_for(partner), "/api/v1/peer-groups/") == [
        {
            "id": group.pk,
            "name": "Kaloum circle",
            "organization": "Lead Organization",
            "community": {
                "id": kaloum.pk,
                "name": "Kaloum",
                "pcode": "GN0101",
                "country": "GIN",
                "admin1": "Conakry",
                "admin2": "Kaloum",
            },
            "focus": "returnees",
            "composition": "mixed",
            "facilitator_kind": "trained_returnee",
            "started_on": str(TODAY - 30 * DAY),
            "planned_initial_meetings": 4,
            "extended_until": None,
            "leaders_approved": True,
            "leaders_approved_on": str(group.leaders_approved_on),
            "closed_on": None,
            "status": "running",
            "participants": 3,
            "initial_meetings_held": 2,
            "meetings_held": 2,
            "first_meeting_on": str(TODAY - 20 * DAY),
            "last_meeting_on": str(TODAY - 10 * DAY),
        }
    ]
    body = client_for(partner).get(f"/api/v1/peer-groups/{group.pk}/").content.decode()
    assert "Secret" not in body and "facilitator_returnee" not in body


def test_network_groups_without_contact(client_for, partner, world):
    rows = results(client_for(partner), "/api/v1/network-groups/?country=GIN")
    assert [(r["name"], r["kind"], r["accepts_returnees"], r["members_count"]) for r in rows] == [
        ("Choir", "music", None, 0),
        ("Troupe", "theatre", True, 1),
    ]
    assert "contact_name" not in rows[0] and "Ms Contact" not in str(rows)
    assert rows[1]["sensitised_on"] == str(TODAY - 40 * DAY)
    assert [
        r["name"] for r in results(client_for(partner), "/api/v1/network-groups/?kind=music")
    ] == ["Choir"]


def test_events_with_counts_but_no_facilitator_or_notes(client_for, partner, world):
    event, network = world["event"], world["network"]
    (row,) = results(client_for(partner), "/api/v1/community-events/")
    assert row == {
        "id": event.pk,
        "kind": "focus_group",
        "title": "Dialogue",
        "date": str(TODAY - 3 * DAY),
        "organization": "Lead Organization",
        "community": {
            "id": world["kaloum"].pk,
            "name": "Kaloum",
            "pcode": "GN0101",
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": "Kaloum",
        },
        "place": "Youth centre",
        "network_group": network.pk,
        "returnees_count": 5,
        "family_members_count": 6,
        "community_members_count": 6,
        "opinion_leaders_count": 2,
        "local_authorities_count": 1,
        "total_participants": 20,
    }
    url = f"/api/v1/community-events/?date_from={TODAY - 2 * DAY}"
    assert results(client_for(partner), url) == []


# What a reader of any organization may never see in a group or an event: who takes part,
# who facilitates, who to call, and the notes (the decision is in docs/partner-guide.md).
PERSONAL_FIELDS = {
    "members",
    "participants_list",
    "returnee",
    "returnees",
    "first_name",
    "last_name",
    "phone",
    "facilitator",
    "facilitator_name",
    "facilitator_returnee",
    "contact_name",
    "contact_phone",
    "notes",
    "mentor",
    "mentors",
    "added_by",
    "recorded_by",
}
COMMUNITY_KEYS = {"id", "name", "pcode", "country", "admin1", "admin2"}
RESPONSE_KEYS = {
    "/api/v1/peer-groups/": {
        "id",
        "name",
        "organization",
        "community",
        "focus",
        "composition",
        "facilitator_kind",
        "started_on",
        "planned_initial_meetings",
        "extended_until",
        "leaders_approved",
        "leaders_approved_on",
        "closed_on",
        "status",
        "participants",
        "initial_meetings_held",
        "meetings_held",
        "first_meeting_on",
        "last_meeting_on",
    },
    "/api/v1/network-groups/": {
        "id",
        "name",
        "community",
        "kind",
        "formality",
        "sensitised_on",
        "accepts_returnees",
        "is_active",
        "members_count",
    },
    "/api/v1/community-events/": {
        "id",
        "kind",
        "title",
        "date",
        "organization",
        "community",
        "place",
        "network_group",
        "returnees_count",
        "family_members_count",
        "community_members_count",
        "opinion_leaders_count",
        "local_authorities_count",
        "total_participants",
    },
}


@pytest.mark.parametrize("url", sorted(RESPONSE_KEYS))
def test_groups_and_events_hold_no_personal_field_for_any_organization(
    client_for, partner, outsider, world, url
):
    # Every organization's users and partners read every group and event (counts, not
    # people): the exact field set is pinned, list and detail alike.
    for user in (partner, outsider):
        (row, *_) = results(client_for(user), url)
        detail = client_for(user).get(f"{url}{row['id']}/").json()
        for body in (row, detail):
            assert set(body) == RESPONSE_KEYS[url]
            assert set(body["community"]) == COMMUNITY_KEYS
            assert not set(body) & PERSONAL_FIELDS


def test_social_cohesion_by_community(client_for, partner, world):
    rows = results(client_for(partner), "/api/v1/social-cohesion/")
    assert rows == [
        {
            "community_id": world["dixinn"].pk,
            "community_name": "Dixinn",
            "pcode": "GN0102",
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": "Dixinn",
            "events": 0,
            "returnees": 0,
            "family_members": 0,
            "community_members": 0,
            "opinion_leaders": 0,
            "local_authorities": 0,
            "total_participants": 0,
            "non_returnee_share": None,
            "peer_groups_active": 0,
            "peer_group_participants": 0,
            "trained_mentors": 0,
            "refresher_overdue": 1,
            "active_mentorships": 0,
            "network_groups": 1,
            "network_groups_sensitised": 0,
            "network_groups_accepting": 0,
            "network_members": 0,
        },
        {
            "community_id": world["kaloum"].pk,
            "community_name": "Kaloum",
            "pcode": "GN0101",
            "country": "GIN",
            "admin1": "Conakry",
            "admin2": "Kaloum",
            "events": 1,
            "returnees": 5,
            "family_members": 6,
            "community_members": 6,
            "opinion_leaders": 2,
            "local_authorities": 1,
            "total_participants": 20,
            "non_returnee_share": 75,
            "peer_groups_active": 1,
            "peer_group_participants": 3,
            "trained_mentors": 1,
            "refresher_overdue": 0,
            "active_mentorships": 1,
            "network_groups": 1,
            "network_groups_sensitised": 1,
            "network_groups_accepting": 1,
            "network_members": 1,
        },
    ]
    only = results(client_for(partner), f"/api/v1/social-cohesion/?community={world['kaloum'].pk}")
    assert [r["community_name"] for r in only] == ["Kaloum"]
    response = client_for(partner).get("/api/v1/social-cohesion/?date_from=yesterday")
    assert response.status_code == 400
    assert "date_from" in response.json()["errors"]


def test_a_partner_token_reads_and_writes_are_refused(client, partner, world):
    _, key = api_token_create(actor=partner, user=partner, name="pull")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/peer-groups/", **auth).status_code == 200
    for url in ("/api/v1/peer-groups/", "/api/v1/community-events/"):
        assert client.post(url, {"name": "x"}, **auth).status_code == 405
    assert (
        client.delete(f"/api/v1/community-events/{world['event'].pk}/", **auth).status_code == 405
    )


def test_anonymous_and_roleless_callers_are_refused(client, client_for, organization, world):
    from accounts.tests.factories import UserFactory

    assert client.get("/api/v1/peer-groups/").status_code == 401
    assert client.get("/api/v1/social-cohesion/").status_code == 401
    roleless = client_for(UserFactory(organization=organization))
    for url in ("/api/v1/peer-groups/", "/api/v1/network-groups/", "/api/v1/social-cohesion/"):
        assert roleless.get(url).status_code == 403, url


def test_schema_documents_the_endpoints_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("peer-groups", "network-groups", "community-events", "social-cohesion"):
        assert f"  /api/v1/{path}/:" in schema
