"""The audit trail: written by services inside their transaction, append-only."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.audit import (
    REDACTED,
    access_log_record,
    audit_diff,
    audit_history,
    audit_record,
    audit_record_many,
    audit_snapshot,
)
from accounts.models import AccessLogEntry, AuditEvent, Organization
from accounts.services import organization_create, user_create

pytestmark = pytest.mark.django_db


def test_service_writes_are_audited_with_who_and_what(administrator):
    organization = organization_create(
        actor=administrator, name="Civil Voices", kind="civil_society", country="sen"
    )
    event = AuditEvent.objects.get(object_id=str(organization.pk), action="create")
    assert event.actor == administrator
    assert event.actor_repr == "administrator"
    assert event.changes == {
        "id": organization.pk,
        "name": "Civil Voices",
        "kind": "civil_society",
        "country": "SEN",
    }


def test_bad_country_is_refused_and_nothing_is_saved(administrator):
    from django.core.exceptions import ValidationError

    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        organization_create(actor=administrator, name="X", kind="lead", country="XYZ")
    assert error.value.message_dict == {"country": ["'XYZ' is not an ISO 3166-1 alpha-3 code."]}
    assert not Organization.objects.filter(name="X").exists()
    assert AuditEvent.objects.count() == before


def test_user_creation_never_copies_the_password_into_the_trail(organization):
    user = user_create(
        actor=None,
        username="new",
        organization=organization,
        roles=["case_manager"],
        password="a-long-password-for-test",
    )
    changes = AuditEvent.objects.get(object_id=str(user.pk), action="create").changes
    assert changes["password"] == REDACTED
    assert changes["roles"] == ["case_manager"]
    assert changes["username"] == "new"


def test_redacted_fields_are_never_copied(organization, monkeypatch):
    monkeypatch.setattr(Organization, "AUDIT_REDACTED_FIELDS", ("name",), raising=False)
    assert audit_snapshot(organization)["name"] == REDACTED


def test_diff_lists_only_changed_fields():
    assert audit_diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused():
    organization = Organization.objects.create(name="Loose", kind="lead")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="update", instance=organization, changes={})
    assert not AuditEvent.objects.filter(object_id=str(organization.pk)).exists()


def test_bulk_writes_get_one_row_per_record(administrator):
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"Bulk {n}", kind="lead") for n in range(3)]
    )
    with transaction.atomic():
        assert (
            audit_record_many(
                actor=administrator, action="import", instances=organizations, note="file.csv"
            )
            == 3
        )
    events = AuditEvent.objects.filter(action="import").order_by("object_id")
    assert [e.object_repr for e in events] == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert {e.note for e in events} == {"file.csv"}


def test_a_rolled_back_change_leaves_no_audit_row(administrator):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        organization_create(actor=administrator, name="Gone", kind="lead")
        raise RuntimeError
    assert AuditEvent.objects.count() == before


def test_history_and_access_log(administrator, organization):
    with transaction.atomic():
        audit_record(
            actor=administrator, action="update", instance=organization, changes={"x": [1, 2]}
        )
    assert [e.changes for e in audit_history(organization)] == [{"x": [1, 2]}]
    entry = access_log_record(
        user=administrator, instance=organization, fields={"b", "a"}, ip_address="10.0.0.1"
    )
    assert (entry.user_repr, entry.fields, entry.ip_address) == (
        "administrator",
        ["a", "b"],
        "10.0.0.1",
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_logs_are_append_only_in_the_database(administrator, organization):
    with transaction.atomic():
        event = audit_record(
            actor=administrator, action="update", instance=organization, changes={}
        )
    entry = access_log_record(user=administrator, instance=organization)
    for queryset in (
        AuditEvent.objects.filter(pk=event.pk),
        AccessLogEntry.objects.filter(pk=entry.pk),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            queryset.update(object_id="tampered")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            queryset.delete()
    assert AuditEvent.objects.get(pk=event.pk).object_id == str(organization.pk)
