"""New versions of an instrument: a programme adapts weights and thresholds ("criteria
should be adapted at programme, national and local levels") without touching the version
old scores were computed with."""

from django.db import transaction

from accounts.audit import audit_record
from accounts.models import AuditEvent, User
from assessments.models import Instrument, InstrumentItem


@transaction.atomic
def instrument_new_version(*, actor: User | None, instrument: Instrument) -> Instrument:
    """A copy of ``instrument`` and its items as the next version, inactive until chosen."""
    latest = Instrument.objects.filter(code=instrument.code).order_by("-version").first()
    copy = Instrument.objects.create(
        code=instrument.code,
        name=instrument.name,
        version=latest.version + 1,
        source=instrument.source,
        subject=instrument.subject,
        answer_type=instrument.answer_type,
        is_active=False,
        description=instrument.description,
        translations=instrument.translations,
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=copy,
            code=i.code,
            order=i.order,
            text=i.text,
            group=i.group,
            polarity=i.polarity,
            weight=i.weight,
            methods=i.methods,
            evidence_provider=i.evidence_provider,
            thresholds=i.thresholds,
            source=i.source,
            translations=i.translations,
        )
        for i in instrument.items.all()
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=copy,
        note=f"new version of {instrument}",
    )
    return copy


@transaction.atomic
def instrument_activate(*, actor: User | None, instrument: Instrument) -> Instrument:
    """Make ``instrument`` the version used for new assessments and scores."""
    previous = list(
        Instrument.objects.filter(code=instrument.code, is_active=True).exclude(pk=instrument.pk)
    )
    Instrument.objects.filter(pk__in=[p.pk for p in previous]).update(is_active=False)
    Instrument.objects.filter(pk=instrument.pk).update(is_active=True)
    instrument.is_active = True
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=instrument,
        changes={"is_active": [False, True], "replaces": [p.version for p in previous]},
    )
    return instrument
