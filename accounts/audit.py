"""The audit trail and the access log: called by every service that changes people's data.

Services write the audit row themselves, inside the transaction of the change (as zulip does
in each action), so bulk writes are covered too and the trail is identical on SQLite and
PostgreSQL. A row written outside a transaction could survive a rolled-back change, so that
is refused.
"""

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction

from accounts.models import AccessLogEntry, AuditEvent

REDACTED = "[redacted]"
# What an erasure leaves in place of a person's data, in records and in the logs.
ERASED = "[erased]"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


# Public name for other apps that build JSON documents the same way (subject access).
jsonable = _jsonable


def _redacted_fields(instance: models.Model) -> frozenset[str]:
    # A model names the fields whose values must never be copied into the trail.
    return frozenset(getattr(type(instance), "AUDIT_REDACTED_FIELDS", ()))


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of ``instance``, JSON-ready, sensitive ones redacted."""
    redacted = _redacted_fields(instance)
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        value = field.value_from_object(instance)
        snapshot[field.name] = REDACTED if field.name in redacted and value else _jsonable(value)
    return snapshot


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _require_transaction(using: str) -> None:
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("Audit rows must be written inside the transaction of the change.")


def _event(*, actor, action: str, instance: models.Model, changes: dict, note: str) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_repr=getattr(actor, "username", "") or "system",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
        note=note[:200],
    )


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model,
    changes: dict | None = None,
    note: str = "",
) -> AuditEvent:
    """Record one change. For create and delete, ``changes`` defaults to the snapshot."""
    _require_transaction(instance._state.db or "default")
    if changes is None:
        changes = audit_snapshot(instance) if action != AuditEvent.Action.UPDATE else {}
    event = _event(actor=actor, action=action, instance=instance, changes=changes, note=note)
    event.save()
    return event


def audit_record_many(
    *,
    actor,
    action: str,
    instances: Sequence[models.Model],
    note: str = "",
    batch_size: int = 1000,
) -> int:
    """Record a bulk write (import, bulk_create, queryset update) with one row per record."""
    if not instances:
        return 0
    _require_transaction(instances[0]._state.db or "default")
    events = [
        _event(
            actor=actor,
            action=action,
            instance=instance,
            changes=audit_snapshot(instance),
            note=note,
        )
        for instance in instances
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


def access_log_record(
    *,
    user,
    instance: models.Model,
    fields: Iterable[str] = (),
    purpose: str = "view",
    ip_address: str | None = None,
) -> AccessLogEntry:
    """Record that ``user`` was shown sensitive ``fields`` of ``instance``."""
    return AccessLogEntry.objects.create(
        user=user if user is not None and user.pk else None,
        user_repr=getattr(user, "username", "") or "anonymous",
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        fields=sorted(fields),
        purpose=purpose[:100],
        ip_address=ip_address or None,
    )


def api_request_record(
    *,
    token,
    method: str,
    path: str,
    status_code: int,
    ip_address: str | None = None,
) -> AccessLogEntry:
    """Record one request made with an API token: who (the token and its user), what (the
    method and the path with its query), when, and what was answered.

    Written after the response is built, in a transaction of its own committed without
    waiting for the WAL flush (``synchronous_commit`` off for this transaction only): the
    flush was the largest single cost of a partner's page of 100 (issue 10,
    benchmarks/partner_api.py). PostgreSQL stays consistent; only a crash of the database
    server itself can lose the log rows of the last fraction of a second (at most three
    ``wal_writer_delay``, 0.6 s by default), never a change to people's data, which commits
    synchronously as before (SECURITY.md). Inside a caller's transaction the row joins it."""
    user = token.user
    connection = connections[router.db_for_write(AccessLogEntry)]
    asynchronous = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        if asynchronous:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return AccessLogEntry.objects.using(connection.alias).create(
            user=user,
            user_repr=user.username,
            purpose="api request",
            api_token=token,
            method=method[:10],
            path=path[:500],
            status_code=status_code,
            ip_address=ip_address or None,
        )


def audit_history(instance: models.Model):
    """The audit events of one record, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).select_related("actor")


def audited_create(model: type[models.Model], *, actor, fields: dict[str, Any]) -> models.Model:
    """Validate, save and audit a new record (the caller holds the transaction)."""
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=instance)
    return instance


def audited_update(instance: models.Model, *, actor, fields: dict[str, Any]) -> models.Model:
    """Apply ``fields``, validate, save and audit what changed (the caller holds the
    transaction). Nothing is written when nothing changed."""
    before = audit_snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = audit_diff(before, audit_snapshot(instance))
    if changes:
        instance.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=instance, changes=changes
        )
    return instance


# --- Erasure: the one narrow exception to the append-only logs (migration 0004) ---


@contextmanager
def erasure_scope(using: str = "default") -> Iterator[None]:
    """Within the caller's transaction, let the logs' scrubbable columns be rewritten.

    On PostgreSQL this says ``SET LOCAL app.erasure = 'on'``, which the append-only trigger
    checks; the setting is switched off again on leaving, and would end with the
    transaction anyway. Only the erasure service enters this scope.
    """
    _require_transaction(using)
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL app.erasure = 'on'")
    try:
        yield
    finally:
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL app.erasure = 'off'")


def _scrubbed_changes(action: str, changes: Any, keep: frozenset[str]) -> Any:
    if not isinstance(changes, dict):
        return ERASED
    scrubbed = {}
    for name, value in changes.items():
        if name in keep:
            scrubbed[name] = value
        elif action == AuditEvent.Action.UPDATE and isinstance(value, list) and len(value) == 2:
            scrubbed[name] = [ERASED, ERASED]  # keep the [old, new] shape the viewer reads
        else:
            scrubbed[name] = ERASED
    return scrubbed


def audit_scrub(
    *, instance: models.Model, keep: Iterable[str] = (), object_repr: str | None = None
) -> int:
    """Erase a record's data from its audit events and access-log entries: every value in
    ``changes`` but those of the ``keep`` fields, the ``object_repr`` (replaced by
    ``object_repr`` or the record's current ``str``), notes, and the names of the sensitive
    fields that were read. Who, when, which record and what action stay. Call inside
    ``erasure_scope``. Returns the number of log rows rewritten."""
    keep = frozenset(keep)
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    object_id = str(instance.pk)
    new_repr = (object_repr if object_repr is not None else str(instance))[:200]
    events = list(
        AuditEvent.objects.filter(content_type=content_type, object_id=object_id).only(
            "id", "action", "changes", "object_repr", "note"
        )
    )
    for event in events:
        event.changes = _scrubbed_changes(event.action, event.changes, keep)
        event.object_repr = new_repr
        event.note = ERASED if event.note else ""
    AuditEvent.objects.bulk_update(events, ["changes", "object_repr", "note"], batch_size=500)
    reads = AccessLogEntry.objects.filter(content_type=content_type, object_id=object_id)
    read_count = reads.exclude(fields=[]).update(fields=[ERASED])
    return len(events) + read_count


def access_log_scrub_queries(*, names: Callable[[str], bool]) -> int:
    """Erase the query string of every logged API request whose query names the person
    (``names`` answers for one decoded, lower-cased query value): a search by name or
    phone is personal data in the log (issue 9, erasure). The method, the path without the
    query, who and when stay. Call inside ``erasure_scope`` (migration 0006 lets ``path``
    change there). Returns the number of entries rewritten."""
    rewritten = []
    # Only API requests store a path; a query string is what can name someone.
    entries = AccessLogEntry.objects.filter(path__contains="?").only("id", "path")
    for entry in entries.iterator(chunk_size=2000):
        base, _, query = entry.path.partition("?")
        values = [value.strip().lower() for _, value in parse_qsl(query, keep_blank_values=True)]
        if any(value and names(value) for value in values):
            entry.path = f"{base}?{ERASED}"
            rewritten.append(entry)
    AccessLogEntry.objects.bulk_update(rewritten, ["path"], batch_size=500)
    return len(rewritten)
