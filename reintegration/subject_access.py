"""Everything the application holds about one returnee, for their subject-access request.

One document, JSON-ready, rendered as JSON and as a printable page: the record and every
related record (household, skills, interests, needs, consent, counselling sessions, case
notes, referrals with their status history), who changed or exported the record and who
read its sensitive fields, and the sections other apps provide through
``reintegration.personal_data``. The sensitive fields are included only when the caller
says the reader may see them. Reads only; the export is audited by
``services.privacy.subject_access_export``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.audit import jsonable
from accounts.models import AccessLogEntry, AuditEvent, User
from reintegration import personal_data
from reintegration.models import (
    CaseNote,
    Consent,
    CounsellingSession,
    Referral,
    ReferralStatusChange,
    Returnee,
    ReturneeSkill,
)

# Internal bookkeeping, not information about the person.
_SKIPPED_FIELDS = {"id", "name_normalized", "version"}


def _value(instance: models.Model, field: models.Field):
    value = getattr(instance, field.name)
    if field.choices and value not in (None, ""):
        return getattr(instance, f"get_{field.name}_display")()
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        return getattr(value, "username", None) or str(value)
    return jsonable(value)


def _record(instance: models.Model, skip=()) -> dict:
    return {
        field.name: _value(instance, field)
        for field in instance._meta.concrete_fields
        if field.name not in _SKIPPED_FIELDS
        and field.name not in skip
        and not (isinstance(field, models.ForeignKey) and field.name == "returnee")
    }


def _labels(model: type[models.Model]) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}


def _consent(returnee: Returnee) -> dict | None:
    consent = (
        Consent.objects.filter(returnee=returnee)
        .select_related("recorded_by")
        .prefetch_related("shared_with")
        .first()
    )
    if consent is None:
        return None
    return {
        **_record(consent),
        "shared_with": [o.name for o in consent.shared_with.all()],
        "is_active": consent.is_active,
    }


def _referrals(returnee: Returnee) -> list[dict]:
    referrals = (
        Referral.objects.filter(returnee=returnee)
        .select_related("target_type", "target_organization", "referred_by")
        .prefetch_related(
            Prefetch("history", queryset=ReferralStatusChange.objects.select_related("changed_by"))
        )
        .order_by("created_at", "id")
    )
    return [
        {
            **_record(referral, skip={"target_type", "target_id"}),
            "history": [_record(change, skip={"referral"}) for change in referral.history.all()],
        }
        for referral in referrals
    ]


def _audit_trail(returnee: Returnee) -> list[dict]:
    """The audit events of the record and of every record that belongs to it."""
    owned = [
        (Returnee, [returnee.pk]),
        (Consent, Consent.objects.filter(returnee=returnee).values_list("pk", flat=True)),
        (CounsellingSession, returnee.sessions.values_list("pk", flat=True)),
        (CaseNote, returnee.notes.values_list("pk", flat=True)),
        (Referral, returnee.referrals.values_list("pk", flat=True)),
    ]
    types = ContentType.objects.get_for_models(*(model for model, _ in owned))
    condition = Q(pk__in=[])
    for model, ids in owned:
        ids = [str(pk) for pk in ids]
        if ids:
            condition |= Q(content_type=types[model], object_id__in=ids)
    events = AuditEvent.objects.filter(condition).select_related("content_type")
    events = events.order_by("at", "id")
    return [
        {
            "at": event.at.isoformat(),
            "by": event.actor_repr,
            "action": event.get_action_display(),
            "record": f"{event.content_type.name}: {event.object_repr}",
            "fields": sorted(event.changes) if isinstance(event.changes, dict) else [],
        }
        for event in events
    ]


def _access_log(returnee: Returnee) -> list[dict]:
    entries = AccessLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Returnee), object_id=str(returnee.pk)
    ).order_by("at", "id")
    return [
        {"at": e.at.isoformat(), "by": e.user_repr, "purpose": e.purpose, "fields": e.fields}
        for e in entries
    ]


def subject_access_document(
    *, returnee: Returnee, include_sensitive: bool, generated_by: User
) -> dict:
    returnee = (
        Returnee.objects.select_related("organization", "community", "case_manager")
        .prefetch_related(
            "household",
            Prefetch("skills", queryset=ReturneeSkill.objects.select_related("sector")),
            "interests__sector",
            "needs",
            "sessions__counsellor",
            "notes__author",
        )
        .get(pk=returnee.pk)
    )
    hidden = () if include_sensitive else Returnee.SENSITIVE_FIELDS
    return {
        "generated_at": timezone.now().isoformat(),
        "generated_by": generated_by.username,
        "reference": returnee.reference,
        "sensitive_fields_included": include_sensitive,
        "returnee": _record(returnee, skip=hidden),
        "labels": {k: v for k, v in _labels(Returnee).items() if k not in hidden},
        "household": [_record(m) for m in returnee.household.all()],
        "skills": [_record(s) for s in returnee.skills.all()],
        "interests": [_record(i) for i in returnee.interests.all()],
        "needs": [_record(n) for n in returnee.needs.all()],
        "consent": _consent(returnee),
        "counselling_sessions": [_record(s) for s in returnee.sessions.all()],
        "case_notes": [
            {**_record(n), "created_at": n.created_at.isoformat()} for n in returnee.notes.all()
        ],
        "referrals": _referrals(returnee),
        "audit_trail": _audit_trail(returnee),
        "access_log": _access_log(returnee),
        "other_apps": {
            provider.key: {"label": provider.label, "records": provider.collect(returnee)}
            for provider in personal_data.providers()
        },
    }
