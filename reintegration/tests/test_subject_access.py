"""Subject access: everything held about one returnee, as JSON and a printable page, for the
assigned case manager (and supervisors, admins); audited; refused to everyone else."""

import json

import pytest

from accounts.models import AccessLogEntry, AuditEvent
from accounts.tests.factories import UserFactory
from communities.models import Sector
from reintegration import personal_data
from reintegration.personal_data import PersonalDataProvider
from reintegration.tests import sentinels

pytestmark = pytest.mark.django_db


@pytest.fixture
def returnee(case_manager, partner):
    return sentinels.sentinel_case(case_manager=case_manager, partner=partner, close=False)


def export(client, returnee, kind="json"):
    url = f"/returnees/{returnee.pk}/subject-access/"
    return client.get(url + ("?format=json" if kind == "json" else ""))


def exports():
    return AuditEvent.objects.filter(action="export")


def test_the_owner_exports_everything_as_json(client_for, returnee, case_manager):
    response = export(client_for(case_manager), returnee)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{returnee.reference}.json"'
    )
    document = json.loads(response.content)
    assert (document["reference"], document["generated_by"]) == (returnee.reference, "case-manager")
    assert document["sensitive_fields_included"] is True
    record = document["returnee"]
    assert {k: record[k] for k in sentinels.TEXT if k != "life_plans"} == {
        k: v for k, v in sentinels.TEXT.items() if k != "life_plans"
    }
    assert record["life_plans"] == sentinels.EDITED_LIFE_PLANS
    assert (record["phone"], record["date_of_birth"], record["sex"]) == (
        sentinels.PHONE_STORED,
        "1987-06-23",
        "Female",
    )
    assert record["languages"] == [sentinels.LANGUAGE, "French"]
    assert record["case_manager"] == "case-manager"
    assert [(m["relationship"], m["age"]) for m in document["household"]] == [
        ("Spouse or partner", 41),
        ("Child", 7),
    ]
    tailoring = str(Sector.objects.get(code="C-TAILORING"))
    assert [(s["sector"], s["level"], s["years_experience"]) for s in document["skills"]] == [
        (tailoring, "Advanced", 6)
    ]
    assert [i["description"] for i in document["interests"]] == [sentinels.INTEREST]
    assert [n["description"] for n in document["needs"]] == [sentinels.NEED]
    assert document["consent"]["shared_with"] == ["Partner NGO"]
    assert document["consent"]["is_active"] is True
    assert [(s["notes"], s["next_steps"]) for s in document["counselling_sessions"]] == [
        (sentinels.SESSION_NOTES, sentinels.SESSION_NEXT)
    ]
    assert [n["text"] for n in document["case_notes"]] == [sentinels.CASE_NOTE]
    referrals = document["referrals"]
    assert [(r["status"], r["reason"]) for r in referrals] == [
        ("In progress", sentinels.REFERRAL_REASON),
        ("Declined", sentinels.REFERRAL_REASON),
    ]
    assert [(h["from_status"], h["to_status"], h["note"]) for h in referrals[0]["history"]] == [
        ("", "Proposed", ""),
        ("Proposed", "Accepted", sentinels.STATUS_NOTE),
        ("Accepted", "In progress", ""),
    ]
    assert referrals[0]["outcome"] == sentinels.OUTCOME
    assert referrals[1]["decline_reason"] == sentinels.DECLINE
    # Who changed the record and its case files, from the audit trail.
    trail = [(e["action"], e["record"].split(":")[0]) for e in document["audit_trail"]]
    assert trail.count(("Created", "returnee")) == 1
    assert ("Updated", "returnee") in trail
    assert ("Created", "counselling session") in trail
    assert ("Created", "case note") in trail
    assert trail.count(("Created", "referral")) == 2
    # projects and peer_support register their sections (their apps' ready()); this
    # returnee takes part in neither, so both are empty.
    assert document["other_apps"] == {
        "peer_support": {
            "label": "Peer support",
            "records": {
                "mentor_profile": None,
                "mentorships": [],
                "mentoring_preference": None,
                "peer_groups": [],
                "peer_groups_facilitated": [],
                "network_groups": [],
            },
        },
        "projects": {
            "label": "Projects",
            "records": {"participations": [], "financial_groups": []},
        },
    }
    # The export is audited, with what was in it, and the sensitive read is logged.
    event = exports().get()
    assert (event.actor, event.object_id) == (case_manager, str(returnee.pk))
    assert event.changes == {
        "purpose": "subject access",
        "format": "json",
        "sensitive_included": True,
    }
    entry = AccessLogEntry.objects.get(purpose="subject access")
    assert entry.fields == ["confidential_notes", "mental_health_condition", "protection_concern"]


def test_the_printable_page_shows_the_same_and_is_audited(client_for, returnee, case_manager):
    response = export(client_for(case_manager), returnee, kind="html")
    assert response.status_code == 200
    page = response.content.decode()
    for value in [
        sentinels.TEXT["first_name"],
        sentinels.TEXT["mental_health_condition"],
        sentinels.SESSION_NOTES,
        sentinels.CASE_NOTE,
        sentinels.STATUS_NOTE,
        sentinels.NEED,
        "Who changed or exported the record",
        "Includes the confidential fields.",
        'media="print"',
    ]:
        assert value in page, value
    assert exports().get().changes["format"] == "html"


def test_a_supervisor_who_is_not_the_case_managers_gets_no_sensitive_field(
    client_for, returnee, organization
):
    other_supervisor = UserFactory(organization=organization, roles=["supervisor"])
    document = json.loads(export(client_for(other_supervisor), returnee).content)
    assert document["sensitive_fields_included"] is False
    for name in ("mental_health_condition", "protection_concern", "confidential_notes"):
        assert name not in document["returnee"]
        assert name not in document["labels"]
    assert sentinels.TEXT["mental_health_condition"] not in json.dumps(document)
    assert document["returnee"]["first_name"] == sentinels.TEXT["first_name"]
    assert exports().get().changes["sensitive_included"] is False
    assert not AccessLogEntry.objects.filter(purpose="subject access").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("colleague", 403),
        ("programme_manager", 403),
        ("partner", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("kind", ["json", "html"])
def test_refused_to_those_who_may_not_export(request, client_for, returnee, persona, status, kind):
    response = export(client_for(request.getfixturevalue(persona)), returnee, kind)
    assert response.status_code == status
    assert sentinels.TEXT["first_name"] not in response.content.decode()
    assert not exports().exists()
    assert not AccessLogEntry.objects.filter(purpose="subject access").exists()


def test_anonymous_is_sent_to_login(client, returnee):
    response = export(client, returnee)
    assert response.status_code == 302
    assert not exports().exists()


def test_other_apps_add_their_sections_through_the_registry(client_for, returnee, case_manager):
    personal_data.register(
        PersonalDataProvider(
            key="test_app",
            label="Test app",
            collect=lambda r: [{"group": "Tailors of Kaloum", "joined": "2026-01-05"}],
        )
    )
    try:
        document = json.loads(export(client_for(case_manager), returnee).content)
        page = export(client_for(case_manager), returnee, kind="html").content.decode()
    finally:
        personal_data.unregister("test_app")
    assert document["other_apps"]["test_app"] == {
        "label": "Test app",
        "records": [{"group": "Tailors of Kaloum", "joined": "2026-01-05"}],
    }
    assert "Tailors of Kaloum" in page


def test_the_detail_page_offers_the_export_to_those_who_may(
    client_for, returnee, case_manager, colleague, supervisor
):
    url = f"/returnees/{returnee.pk}/"
    assert "Subject-access export" in client_for(case_manager).get(url).content.decode()
    owner_page = client_for(case_manager).get(url).content.decode()
    assert "Erase personal data" not in owner_page
    supervisor_page = client_for(supervisor).get(url).content.decode()
    assert "Erase personal data" in supervisor_page
    assert "Subject-access export" not in client_for(colleague).get(url).content.decode()
