"""Erasure reaches every app (issue 9): the sentinel returnee of the registry's erasure test
is also a project participant, a mentor, a mentee, a peer-group and a network-group member,
a financial-group member with a loan, and was searched for through the API; after the
erasure no text column of any table holds a sentinel. Lives above every app, as it uses
the factories of projects and peer_support."""

import datetime
from decimal import Decimal

import pytest

from accounts.audit import ERASED
from accounts.models import AccessLogEntry
from accounts.services import api_token_create
from peer_support import services as peer_services
from peer_support.models import Mentor, MentorshipMeeting, NetworkGroupMember
from peer_support.tests.factories import (
    MentorFactory,
    MentorshipFactory,
    NetworkGroupFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
)
from projects.models.finance import LedgerEntry
from projects.services import finance as finance_services
from projects.tests.factories import ParticipantFactory, ProjectFactory
from projects.tests.factories_finance import (
    FinancialGroupFactory,
    NonMigrantMemberFactory,
    ReturneeMemberFactory,
)
from reintegration import services
from reintegration.tests import sentinels

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
MENTOR_PHONE = "+224 611 223 344"
MENTOR_PHONE_STORED = "611 223 344"  # the mentor's phone is stored as entered
MENTOR_TEXT = {
    "background_notes": "Zqxbackground",
    "availability": "Zqxavailability",
    "notes": "Zqxmentornotes",
}
END_REASON = "Zqxendreason"
MEETING_NOTES = "Zqxmeetingnotes"
LATE_JOIN = "Zqxlatejoin"
LOAN_PURPOSE = "Zqxloanpurpose"
LEDGER_NOTE = "Zqxledgernote"
SCAN = [sentinels.MARKER, *sentinels.OTHER, MENTOR_PHONE_STORED, "698765"]


@pytest.fixture
def everywhere(client, case_manager, partner):
    """The sentinel returnee, in every app. Community events count participants by
    category and name nobody, so there is no event record to make them a participant of."""
    returnee = sentinels.sentinel_case(case_manager=case_manager, partner=partner, close=False)
    org = case_manager.organization
    ParticipantFactory(
        project=ProjectFactory(
            name="Tailoring workshop", organization=org, communities=[returnee.community]
        ),
        returnee=returnee,
    )
    # A mentor copied from the registry: languages come from the returnee's record.
    peer_services.mentor_create(
        actor=case_manager,
        organization=org,
        kind=Mentor.Kind.RETURNEE,
        returnee=returnee,
        background=Mentor.Background.SUCCESSFUL_REINTEGRATION,
        phone=MENTOR_PHONE,
        **MENTOR_TEXT,
    )
    mentorship = MentorshipFactory(
        mentor=MentorFactory(organization=org, name="Aissatou Bah", trained=True),
        returnee=returnee,
        end_reason=END_REASON,
    )
    MentorshipMeeting.objects.create(mentorship=mentorship, date=TODAY - DAY, notes=MEETING_NOTES)
    PeerGroupMemberFactory(
        group=PeerGroupFactory(organization=org, name="Women's circle"),
        returnee=returnee,
        late_join_reason=LATE_JOIN,
    )
    NetworkGroupMember.objects.create(
        group=NetworkGroupFactory(name="Troupe"), returnee=returnee, joined_on=TODAY
    )
    group = FinancialGroupFactory(
        name="Savings of Kaloum",
        organization=org,
        cycle_start=TODAY - 60 * DAY,
        cycle_end=TODAY + 300 * DAY,
    )
    saver = NonMigrantMemberFactory(group=group)
    borrower = ReturneeMemberFactory(group=group, returnee=returnee)
    finance_services.contribution_record(
        actor=case_manager, group=group, member=saver, date=TODAY - 5 * DAY, amount=Decimal(5000)
    )
    finance_services.loan_disburse(
        actor=case_manager,
        group=group,
        borrower=borrower,
        date=TODAY - 4 * DAY,
        amount=Decimal(1000),
        due_date=TODAY + 30 * DAY,
        purpose=LOAN_PURPOSE,
        note=LEDGER_NOTE,
    )
    # Searches through the API: the request log keeps each path with its query.
    _, key = api_token_create(actor=None, user=case_manager, name="Field tablet")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    for query in ("q=Zqxgiven", "q=zqxfam", "q=%2B224+698+765", "status=open"):
        assert client.get(f"/api/v1/returnees/?{query}", **auth).status_code == 200
    return returnee


def test_erasure_leaves_no_sentinel_in_any_app(everywhere, supervisor):
    before = {(table, column) for table, column, _ in sentinels.scan(SCAN)}
    assert {
        ("accounts_accesslogentry", "path"),
        ("peer_support_mentor", "languages"),
        ("peer_support_mentor", "phone"),
        ("peer_support_mentor", "notes"),
        ("peer_support_mentorship", "end_reason"),
        ("peer_support_mentorshipmeeting", "notes"),
        ("peer_support_peergroupmember", "late_join_reason"),
        ("projects_ledgerentry", "purpose"),
        ("projects_ledgerentry", "note"),
    } <= before

    report = services.returnee_erase(actor=supervisor, returnee=everywhere, reason="request")

    assert sentinels.scan(SCAN) == []
    assert (report.records["projects"], report.records["peer_support"]) == (
        # participation, membership, loan entry
        3,
        # mentor, mentorship, meeting, peer-group member, network-group member
        5,
    )
    assert sorted(AccessLogEntry.objects.exclude(path="").values_list("path", flat=True)) == [
        f"/api/v1/returnees/?{ERASED}",
        f"/api/v1/returnees/?{ERASED}",
        f"/api/v1/returnees/?{ERASED}",
        # Not a search for the person: kept.
        "/api/v1/returnees/?status=open",
    ]
    mentor = Mentor.objects.get(returnee=everywhere)
    assert (mentor.phone, mentor.languages, mentor.notes, mentor.is_active) == ("", [], "", False)
    assert (mentor.sex, mentor.background) == ("female", "successful_reintegration")
    loan = LedgerEntry.objects.get(kind="loan")
    assert (loan.purpose, loan.note, loan.amount) == (ERASED, ERASED, Decimal("1000.00"))


def test_subject_access_includes_projects_and_peer_support(everywhere, case_manager):
    document = services.subject_access_export(actor=case_manager, returnee=everywhere, kind="json")
    assert document["other_apps"] == {
        "peer_support": {
            "label": "Peer support",
            "records": {
                "mentor_profile": {
                    "community": everywhere.community.name,
                    "sex": "Female",
                    "phone": MENTOR_PHONE,
                    "languages": [sentinels.LANGUAGE, "French"],
                    "background": "Successful reintegration",
                    "background_notes": "Zqxbackground",
                    "availability": "Zqxavailability",
                    "capacity": 3,
                    "is_active": True,
                    "notes": "Zqxmentornotes",
                    "trained_on": None,
                },
                "mentorships": [
                    {
                        "mentor": "Mentor Aissatou Bah",
                        "started_on": str(TODAY - 10 * DAY),
                        "planned_end_on": str(everywhere.mentorships.get().planned_end_on),
                        "ended_on": None,
                        "end_reason": END_REASON,
                        "status": "Active",
                        "meetings": [
                            {
                                "date": str(TODAY - DAY),
                                "kind": "Mentor and returnee meeting",
                                "notes": MEETING_NOTES,
                            }
                        ],
                    }
                ],
                "mentoring_preference": None,
                "peer_groups": [
                    {
                        "group": "Women's circle",
                        "joined_on": str(TODAY - 60 * DAY),
                        "left_on": None,
                        "late_join_reason": LATE_JOIN,
                    }
                ],
                "peer_groups_facilitated": [],
                "network_groups": [{"group": "Troupe", "joined_on": str(TODAY)}],
            },
        },
        "projects": {
            "label": "Projects",
            "records": {
                "participations": [
                    {
                        "project": "Tailoring workshop",
                        "role": "Member",
                        "term_start": None,
                        "term_end": None,
                        "share_percentage": None,
                        "joined_on": "2026-10-01",
                        "left_on": None,
                    }
                ],
                "financial_groups": [
                    {
                        "group": "Savings of Kaloum",
                        "currency": "GNF",
                        "joined_on": str(TODAY - 60 * DAY),
                        "left_on": None,
                        "ledger": [
                            {
                                "date": str(TODAY - 4 * DAY),
                                "kind": "Loan disbursement",
                                "amount": "1000.00",
                                "interest": "0.00",
                                "due_date": str(TODAY + 30 * DAY),
                                "purpose": LOAN_PURPOSE,
                                "note": LEDGER_NOTE,
                            }
                        ],
                    }
                ],
            },
        },
    }
