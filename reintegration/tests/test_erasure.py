"""Erasure: the personal data leaves the record, its case files and every audit copy, the
anonymised record still counts, and only a supervisor or an admin may erase."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from accounts.audit import ERASED, erasure_scope
from accounts.models import AccessLogEntry, AuditEvent
from reintegration import personal_data, services
from reintegration.models import Referral, Returnee
from reintegration.personal_data import PersonalDataProvider, Scrubbed
from reintegration.services.privacy import age_band_floor
from reintegration.tests import sentinels

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SCAN = [sentinels.MARKER, *sentinels.OTHER]


@pytest.fixture
def returnee(case_manager, partner):
    return sentinels.sentinel_case(case_manager=case_manager, partner=partner)


def test_erasure_leaves_no_personal_value_in_any_table(client_for, returnee, case_manager):
    # Reads of the sensitive fields are logged, so the access log holds entries too.
    assert client_for(case_manager).get(f"/returnees/{returnee.pk}/").status_code == 200
    before = {(table, column) for table, column, _ in sentinels.scan(SCAN)}
    # The copies the erasure must reach really exist before it.
    assert {
        ("accounts_auditevent", "changes"),
        ("accounts_auditevent", "object_repr"),
        ("reintegration_returnee", "first_name"),
        ("reintegration_returnee", "name_normalized"),
        ("reintegration_returnee", "phone"),
        ("reintegration_casenote", "text"),
        ("reintegration_counsellingsession", "notes"),
        ("reintegration_referral", "reason"),
        ("reintegration_referral", "outcome"),
        ("reintegration_referral", "decline_reason"),
        ("reintegration_referralstatuschange", "note"),
        ("reintegration_returneeneed", "description"),
        ("reintegration_returneeinterest", "description"),
    } <= before
    assert AccessLogEntry.objects.get().fields == [
        "confidential_notes",
        "mental_health_condition",
        "protection_concern",
    ]

    report = services.returnee_erase(
        actor=case_manager.supervisor, returnee=returnee, reason="request"
    )

    assert sentinels.scan(SCAN) == []
    assert report.records == {
        "household": 2,
        "consent": 1,
        "sessions": 1,
        "notes": 1,
        "referrals": 2,
        # Registered by projects and peer_support; this returnee is in neither.
        "peer_support": 0,
        "projects": 0,
    }
    assert AccessLogEntry.objects.get().fields == [ERASED]


def test_what_the_erasure_keeps_and_changes(returnee, supervisor):
    services.returnee_erase(actor=supervisor, returnee=returnee, reason="request")
    erased = Returnee.objects.get(pk=returnee.pk)
    assert (erased.first_name, erased.last_name, erased.name_normalized) == (ERASED, ERASED, "")
    assert (erased.phone, erased.gender, erased.languages, erased.countries_lived) == (
        "",
        "",
        [],
        [],
    )
    assert (erased.months_abroad, erased.life_plans, erased.occupation_before) == (None, "", "")
    assert [getattr(erased, f) for f in Returnee.SENSITIVE_FIELDS] == ["", "", ""]
    # Kept for the figures: sex, birth year, community, return, categories, the case.
    assert erased.date_of_birth == datetime.date(1987, 1, 1)
    assert (erased.sex, erased.community_id, erased.return_date) == (
        "female",
        returnee.community_id,
        returnee.return_date,
    )
    assert (
        erased.return_kind,
        erased.vulnerabilities,
        erased.interested_in_collective_projects,
    ) == (
        "forced",
        ["single_caregiver"],
        True,
    )
    assert (erased.status, erased.closure_reason, erased.closed_on) == (
        "closed",
        "Personal data erased",
        returnee.closed_on,
    )
    assert erased.erased_at is not None
    assert str(erased) == returnee.reference
    assert [(m.relationship, m.age, m.sex, m.school_enrolled) for m in erased.household.all()] == [
        ("spouse", 35, "male", None),
        ("child", 5, "female", True),
    ]
    assert [(s.sector.code, s.level, s.years_experience) for s in erased.skills.all()] == [
        ("C-TAILORING", "advanced", 6)
    ]
    assert [(i.kind, i.sector.code, i.description) for i in erased.interests.all()] == [
        ("business", "C-TAILORING", "")
    ]
    assert [(n.level, n.priority, n.description) for n in erased.needs.all()] == [
        ("psychosocial", "high", ERASED)
    ]
    assert erased.consent.withdrawn_on == TODAY
    assert sorted(Referral.objects.filter(returnee=erased).values_list("status", flat=True)) == [
        "declined",
        "in_progress",
    ]
    event = AuditEvent.objects.get(object_id=str(returnee.pk), action="erase")
    assert (event.actor, event.object_repr) == (supervisor, returnee.reference)
    assert event.changes["reason"] == "request"
    assert event.changes["records"] == {
        "household": 2,
        "consent": 1,
        "sessions": 1,
        "notes": 1,
        "referrals": 2,
        # Registered by projects and peer_support; this returnee is in neither.
        "peer_support": 0,
        "projects": 0,
    }
    # The create event keeps the kept fields' values and names the erased ones.
    created = AuditEvent.objects.get(
        content_type__model="returnee", object_id=str(returnee.pk), action="create"
    )
    assert created.changes["sex"] == "female"
    assert created.changes["reference"] == returnee.reference
    assert created.changes["first_name"] == ERASED
    assert created.changes["date_of_birth"] == ERASED
    updated = AuditEvent.objects.get(
        content_type__model="returnee",
        object_id=str(returnee.pk),
        action="update",
        changes__has_key="life_plans",
    )
    assert updated.changes["life_plans"] == [ERASED, ERASED]


@pytest.mark.parametrize(
    ("age", "floor"),
    [
        (0, 0),
        (4, 0),
        (7, 5),
        (14, 10),
        (17, 15),
        (18, 18),
        (24, 18),
        (34, 25),
        (59, 45),
        (60, 60),
        (97, 60),
    ],
)
def test_household_ages_become_band_floors_and_children_stay_children(age, floor):
    assert age_band_floor(age) == floor
    assert (age_band_floor(age) < 18) == (age < 18)


def test_anonymised_records_still_count_in_the_aggregates(returnee, supervisor, case_manager):
    from django.db.models import Count

    def figures():
        rows = Returnee.objects.filter(organization=case_manager.organization)
        return {
            "by_sex_and_community": sorted(
                rows.values_list("sex", "community_id").annotate(n=Count("pk"))
            ),
            "by_birth_year": sorted(
                rows.values_list("date_of_birth__year").annotate(n=Count("pk"))
            ),
            "by_return_month": sorted(
                rows.values_list("return_date__year", "return_date__month").annotate(n=Count("pk"))
            ),
            "needs": sorted(rows.values_list("needs__level").annotate(n=Count("pk"))),
            "skills": sorted(rows.values_list("skills__sector__code").annotate(n=Count("pk"))),
            "referrals": sorted(Referral.objects.values_list("status").annotate(n=Count("pk"))),
            "children": rows.filter(household__age__lt=18).count(),
        }

    before = figures()
    assert before["referrals"] == [("declined", 1), ("in_progress", 1)]
    assert before["children"] == 1
    services.returnee_erase(actor=supervisor, returnee=returnee, reason="request")
    assert figures() == before


@pytest.mark.parametrize("persona", ["case_manager", "colleague", "programme_manager", "partner"])
def test_only_a_supervisor_or_an_admin_may_erase(request, returnee, persona):
    user = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.returnee_erase(actor=user, returnee=returnee, reason="request")
    assert Returnee.objects.get(pk=returnee.pk).first_name == "Zqxgiven"
    assert AuditEvent.objects.count() == events


def test_a_supervisor_of_another_organization_may_not_erase(returnee, other_organization):
    from accounts.tests.factories import UserFactory

    stranger = UserFactory(organization=other_organization, roles=["supervisor"])
    with pytest.raises(PermissionDenied):
        services.returnee_erase(actor=stranger, returnee=returnee, reason="request")
    assert Returnee.objects.get(pk=returnee.pk).erased_at is None


def test_erasure_needs_a_reason_and_happens_once(returnee, administrator):
    with pytest.raises(ValidationError) as error:
        services.returnee_erase(actor=administrator, returnee=returnee, reason="")
    assert error.value.message_dict == {"reason": ["Choose why the personal data is erased."]}
    assert Returnee.objects.get(pk=returnee.pk).erased_at is None
    services.returnee_erase(actor=administrator, returnee=returnee, reason="request")
    with pytest.raises(ValidationError, match="already erased"):
        services.returnee_erase(actor=administrator, returnee=returnee, reason="request")
    assert AuditEvent.objects.filter(action="erase").count() == 1


def test_an_erased_record_can_no_longer_be_edited(client_for, returnee, supervisor):
    services.returnee_erase(actor=supervisor, returnee=returnee, reason="request")
    client = client_for(supervisor)
    assert client.get(f"/returnees/{returnee.pk}/edit/").status_code == 403
    assert client.post(f"/returnees/{returnee.pk}/notes/new/", {"text": "x"}).status_code == 403
    page = client.get(f"/returnees/{returnee.pk}/").content.decode()
    assert "The personal data of this record was erased on" in page
    assert "Erase personal data" not in page


def test_other_apps_erase_their_copies_through_the_registry(returnee, supervisor):
    seen = []

    def erase(*, actor, returnee):
        seen.append((actor, returnee.pk))
        return [Scrubbed(returnee.organization, frozenset({"id"}))]

    personal_data.register(
        PersonalDataProvider(key="test_app", label="Test app", collect=lambda r: [], erase=erase)
    )
    try:
        report = services.returnee_erase(actor=supervisor, returnee=returnee, reason="request")
    finally:
        personal_data.unregister("test_app")
    assert seen == [(supervisor, returnee.pk)]
    assert report.records["test_app"] == 1


# --- the browser: a confirmation page first ---


def test_confirmation_page_then_erasure(client_for, returnee, supervisor):
    client = client_for(supervisor)
    url = f"/returnees/{returnee.pk}/erase/"
    page = client.get(url)
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    wrong = client.post(url, {"reason": "request", "confirm_reference": "RET-0000"})
    assert wrong.status_code == 200
    assert f"Type {returnee.reference} exactly to confirm." in wrong.content.decode()
    no_reason = client.post(url, {"confirm_reference": returnee.reference})
    assert no_reason.status_code == 200
    assert Returnee.objects.get(pk=returnee.pk).erased_at is None
    assert not AuditEvent.objects.filter(action="erase").exists()
    done = client.post(url, {"reason": "request", "confirm_reference": returnee.reference.lower()})
    assert done.status_code == 302
    assert Returnee.objects.get(pk=returnee.pk).erased_at is not None


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("case_manager", 403),
        ("colleague", 403),
        ("programme_manager", 403),
        ("partner", 403),
        ("outsider", 404),
    ],
)
def test_erasure_page_is_refused_to_others(request, client_for, returnee, persona, status):
    client = client_for(request.getfixturevalue(persona))
    url = f"/returnees/{returnee.pk}/erase/"
    assert client.get(url).status_code == status
    response = client.post(url, {"reason": "request", "confirm_reference": returnee.reference})
    assert response.status_code == status
    assert Returnee.objects.get(pk=returnee.pk).erased_at is None


# --- the append-only logs' narrow exception ---


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_logs_stay_append_only_outside_the_erasure_scope(returnee):
    event = AuditEvent.objects.filter(object_id=str(returnee.pk)).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(changes={})
    with transaction.atomic():
        with erasure_scope():
            # Inside the scope, only the scrubbable columns may change...
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                AuditEvent.objects.filter(pk=event.pk).update(actor_repr="someone else")
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                AuditEvent.objects.filter(pk=event.pk).delete()
            AuditEvent.objects.filter(pk=event.pk).update(note="scrubbed")
        # ...and the scope ends with the block, even within the same transaction.
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(note="again")
    assert AuditEvent.objects.get(pk=event.pk).note == "scrubbed"
