"""A returnee whose every personal field holds a unique sentinel, with a full case around
it (household, interests, needs, consent, sessions, notes, referrals with status notes),
edited once so the audit trail copies the values. The erasure, subject-access and log tests
then look for the sentinels wherever data can end up."""

import datetime

from django.db import connection

from communities.models import Sector
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services

TODAY = datetime.date.today()
# Every text sentinel starts with this marker, so one case-insensitive scan finds them all.
MARKER = "zqx"
TEXT = {
    "first_name": "Zqxgiven",
    "last_name": "Zqxfamily",
    "occupation_before": "Zqxoccupationbefore",
    "occupation_abroad": "Zqxoccupationabroad",
    "life_plans": "Zqxlifeplans",
    "mental_health_condition": "Zqxmentalhealth",
    "protection_concern": "Zqxprotection",
    "confidential_notes": "Zqxconfidential",
}
LANGUAGE = "Zqxlanguage"
EDITED_LIFE_PLANS = "Zqxeditedplans"
PHONE = "+224 698 765 4321"
PHONE_STORED = "+2246987654321"
BIRTH_DATE = datetime.date(1987, 6, 23)
INTEREST = "Zqxinterest"
NEED = "Zqxneed"
SESSION_NOTES = "Zqxsessionnotes"
SESSION_NEXT = "Zqxnextsteps"
CASE_NOTE = "Zqxcasenote"
REFERRAL_REASON = "Zqxreferralreason"
STATUS_NOTE = "Zqxstatusnote"
OUTCOME = "Zqxoutcome"
DECLINE = "Zqxdecline"
CLOSURE = "Zqxclosure"
ALL_TEXT = [
    *TEXT.values(),
    LANGUAGE,
    EDITED_LIFE_PLANS,
    INTEREST,
    NEED,
    SESSION_NOTES,
    SESSION_NEXT,
    CASE_NOTE,
    REFERRAL_REASON,
    STATUS_NOTE,
    OUTCOME,
    DECLINE,
    CLOSURE,
]
# Values that are not marked text but are personal all the same.
OTHER = [PHONE_STORED, BIRTH_DATE.isoformat()]


def sentinel_case(*, case_manager, partner, close: bool = True):
    """The returnee with everything recorded, referred to the partner with consent."""
    community = CommunityFactory(country="GIN")
    tailoring = Sector.objects.get(code="C-TAILORING")
    returnee = services.returnee_register(
        actor=case_manager,
        fields={
            **TEXT,
            "sex": "female",
            "gender": "woman",
            "date_of_birth": BIRTH_DATE,
            "nationality": "GIN",
            "languages": [LANGUAGE, "French"],
            "phone": PHONE,
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=40),
            "return_kind": "forced",
            "countries_lived": ["LBY", "NER"],
            "months_abroad": 31,
            "vulnerabilities": ["single_caregiver"],
            "interested_in_collective_projects": True,
        },
        household=[
            {"relationship": "child", "age": 7, "sex": "female", "school_enrolled": True},
            {"relationship": "spouse", "age": 41, "sex": "male"},
        ],
        skills=[{"sector": tailoring, "level": "advanced", "years_experience": 6}],
        interests=[{"kind": "business", "sector": tailoring, "description": INTEREST}],
        needs=[{"level": "psychosocial", "description": NEED, "priority": "high"}],
        consent={
            "given_on": TODAY - datetime.timedelta(days=39),
            "shared_with": [partner.organization],
        },
    )
    # An edit, so the audit trail holds [old, new] copies of personal values.
    returnee = services.returnee_update(
        actor=case_manager,
        returnee=returnee,
        version=returnee.version,
        fields={"life_plans": EDITED_LIFE_PLANS},
    )
    services.session_log(
        actor=case_manager,
        returnee=returnee,
        date=TODAY - datetime.timedelta(days=5),
        notes=SESSION_NOTES,
        next_steps=SESSION_NEXT,
    )
    services.note_add(actor=case_manager, returnee=returnee, text=CASE_NOTE)
    partner_service = ServiceFactory(community=community, organization=partner.organization)
    accepted = services.referral_create(
        actor=case_manager, returnee=returnee, target=partner_service, reason=REFERRAL_REASON
    )
    services.referral_transition(
        actor=partner, referral=accepted, to_status="accepted", note=STATUS_NOTE
    )
    services.referral_transition(
        actor=partner, referral=accepted, to_status="in_progress", outcome=OUTCOME
    )
    declined = services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=community),
        reason=REFERRAL_REASON,
    )
    services.referral_transition(
        actor=case_manager, referral=declined, to_status="declined", decline_reason=DECLINE
    )
    returnee.refresh_from_db()
    if close:
        services.case_set_status(
            actor=case_manager, returnee=returnee, status="closed", closure_reason=CLOSURE
        )
        returnee.refresh_from_db()
    return returnee


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text, character and JSON column in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type IN "
                "('text', 'character varying', 'character', 'json', 'jsonb') "
                "ORDER BY table_name, column_name"
            )
            return list(cursor.fetchall())
        columns = []
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if any(t in column.type_code.lower() for t in ("char", "text", "json")):
                    columns.append((table, column.name))
        return columns


def scan(values) -> list[tuple[str, str, str]]:
    """(table, column, value) for each value found anywhere, case-insensitively."""
    quote = connection.ops.quote_name
    hits = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for value in values:
                # Identifiers from the catalogue, quoted; the value is a parameter.
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608
                    f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",
                    [f"%{value.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column, value))
    return hits
