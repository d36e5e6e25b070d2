"""Erasure of a returnee's personal data, and the audited subject-access export.

Erasure happens when the returnee asks for it or when the retention period after the case
closed has ended (``manage.py anonymise_closed_cases``). The record is anonymised, not
deleted: the aggregates the programme reports on (handbook 3.3's "integrated database",
the community dashboards, the Altai evidence) keep counting it. Field by field
(SECURITY.md has the same table):

- returnee. Kept: the reference (a pseudonym), organization, sex, birth *year* (the date
  of birth becomes 1 January of its year; an estimated age stays), nationality, community,
  return date and kind, education level, vulnerability categories, interest in collective
  projects, case manager, case status and closure date. Erased: given and family names,
  gender, languages, phone, countries lived in, months abroad, occupations, life plans,
  the three sensitive fields, the closure reason.
- household member. Kept: relationship, sex, school enrolment, and the age *band* (the age
  becomes the band's lower bound, ``AGE_BAND_FLOORS``, so a child stays a child). Erased:
  the exact age.
- skill: kept whole (sector, level, years; the Altai evidence counts skills).
- interest: kind and sector kept; description erased.
- need: level, priority and met kept; description erased.
- consent: dates, scopes and the organizations shared with kept; withdrawn today if still
  active, so all sharing stops.
- counselling session: date, kind and counsellor kept; notes and next steps erased.
- case note: author and date kept; text erased.
- referral: target, status, dates and referrer kept; reason, decline reason and outcome
  erased. Referral status change: statuses, who and when kept; note erased.
- audit events of all of these: who, when, action and which record kept, with the values of
  the kept fields (``*_KEEP``); every other value, the notes and the person's name in the
  record's label erased.
- access-log entries: who read, when and why kept; which sensitive fields were read is
  erased (that they were non-empty says something about the person).
- Django admin log entries of these records: label and change message erased.
- logged API requests whose query names the person (a search by name or phone): the query
  string erased, method, path, who and when kept (``_names_matcher``).

An erased case is closed and can no longer be edited (``access.can_edit``). Other apps'
copies are erased by the providers they register in ``reintegration.personal_data``.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import (
    ERASED,
    access_log_record,
    access_log_scrub_queries,
    audit_record,
    audit_scrub,
    erasure_scope,
)
from accounts.models import AuditEvent, User
from reintegration import access, personal_data
from reintegration.models import (
    Consent,
    HouseholdMember,
    Referral,
    ReferralStatusChange,
    Returnee,
)
from reintegration.names import normalize_name
from reintegration.personal_data import Scrubbed
from reintegration.subject_access import subject_access_document


class ErasureReason(models.TextChoices):
    # A choice, not free text: the erasure's own audit event must hold no personal data.
    REQUEST = "request", gettext_lazy("The returnee asked for their personal data to be erased")
    RETENTION = "retention", gettext_lazy("The retention period after the case closed has ended")


# Stored in the record (data, in the source language), not shown as an interface label.
ERASED_CLOSURE_REASON = "Personal data erased"

# The fields whose values stay in each record's audit events (the table above).
RETURNEE_KEEP = frozenset(
    {
        "id",
        "reference",
        "organization",
        "sex",
        "estimated_age",
        "nationality",
        "community",
        "return_date",
        "return_kind",
        "education_level",
        "vulnerabilities",
        "interested_in_collective_projects",
        "case_manager",
        "status",
        "closed_on",
        "erased_at",
        "registered_by",
        "version",
        "skills",
    }
)
CONSENT_KEEP = frozenset(
    {
        "id",
        "returnee",
        "given_on",
        "recorded_by",
        "case_management",
        "group_contact",
        "shared_with",
        "withdrawn_on",
    }
)
SESSION_KEEP = frozenset({"id", "returnee", "date", "kind", "counsellor"})
NOTE_KEEP = frozenset({"id", "returnee", "author"})
REFERRAL_KEEP = frozenset(
    {
        "id",
        "returnee",
        "target_type",
        "target_id",
        "target_label",
        "target_organization",
        "referred_by",
        "status",
        "follow_up_date",
    }
)
# Lower bounds of the age bands a household member's age is reduced to: five-year bands
# for children (Module 6.3 separates young children from adolescents), the partner API's
# bands for adults, and never a band across the age of 18.
AGE_BAND_FLOORS = (0, 5, 10, 15, 18, 25, 35, 45, 60)


def age_band_floor(age: int) -> int:
    return max(floor for floor in AGE_BAND_FLOORS if floor <= age)


@dataclass
class ErasureReport:
    returnee: Returnee
    records: dict[str, int] = field(default_factory=dict)
    log_rows_scrubbed: int = 0


def _erase_returnee_fields(returnee: Returnee) -> None:
    if returnee.date_of_birth:
        returnee.date_of_birth = datetime.date(returnee.date_of_birth.year, 1, 1)
    returnee.first_name = returnee.last_name = ERASED
    returnee.name_normalized = ""
    returnee.gender = ""
    returnee.languages = []
    returnee.phone = ""
    returnee.countries_lived = []
    returnee.months_abroad = None
    returnee.occupation_before = returnee.occupation_abroad = ""
    returnee.life_plans = ""
    for name in Returnee.SENSITIVE_FIELDS:
        setattr(returnee, name, "")
    if returnee.status != Returnee.CaseStatus.CLOSED:
        # An erased case cannot be worked on: it closes today (a closed one keeps its date).
        returnee.status = Returnee.CaseStatus.CLOSED
        returnee.closed_on = None
    returnee.closed_on = returnee.closed_on or datetime.date.today()
    returnee.closure_reason = ERASED_CLOSURE_REASON
    returnee.erased_at = timezone.now()
    returnee.version += 1


def _erase_related(returnee: Returnee) -> tuple[dict[str, int], list[Scrubbed]]:
    """Anonymise the returnee's case records; the Scrubbed list names them for the logs."""
    household = list(returnee.household.all())
    for member in household:
        member.age = age_band_floor(member.age)
    HouseholdMember.objects.bulk_update(household, ["age"])
    returnee.interests.update(description="")
    returnee.needs.update(description=ERASED)
    consent = Consent.objects.filter(returnee=returnee).first()
    if consent is not None and consent.withdrawn_on is None:
        consent.withdrawn_on = max(datetime.date.today(), consent.given_on)
        consent.save(update_fields=["withdrawn_on", "updated_at"])
    sessions = list(returnee.sessions.all())
    returnee.sessions.update(notes="", next_steps="")
    notes = list(returnee.notes.all())
    returnee.notes.update(text=ERASED)
    referrals = Referral.objects.filter(returnee=returnee)
    referrals.update(reason=ERASED, outcome="")
    referrals.exclude(decline_reason="").update(decline_reason=ERASED)
    ReferralStatusChange.objects.filter(referral__returnee=returnee).update(note="")
    referrals = list(referrals)
    scrubbed = [
        *([Scrubbed(consent, CONSENT_KEEP)] if consent else []),
        *(Scrubbed(session, SESSION_KEEP) for session in sessions),
        *(Scrubbed(note, NOTE_KEEP) for note in notes),
        *(
            Scrubbed(referral, REFERRAL_KEEP, f"{returnee.reference} → {referral.target_label}")
            for referral in referrals
        ),
    ]
    counts = {
        "household": len(household),
        "consent": int(consent is not None),
        "sessions": len(sessions),
        "notes": len(notes),
        "referrals": len(referrals),
    }
    return counts, scrubbed


# A search needs at least this many characters (reintegration.selectors.search_returnees).
SEARCH_MIN_LENGTH = 3


def _names_matcher(returnee: Returnee):
    """Whether a logged query value could be a search for this person: a part of a name or
    of the phone number, or a value containing one. It errs towards erasing: a query that
    merely resembles the name loses its values from the log, which costs no one anything."""
    names = {
        value.lower()
        for value in (
            returnee.first_name,
            returnee.last_name,
            f"{returnee.first_name} {returnee.last_name}",
            f"{returnee.last_name} {returnee.first_name}",
            returnee.name_normalized,
        )
        if value and len(value) >= SEARCH_MIN_LENGTH
    }
    phone = "".join(ch for ch in returnee.phone if ch.isdigit())

    def names_the_person(value: str) -> bool:
        digits = "".join(ch for ch in value if ch.isdigit())
        if phone and len(digits) >= SEARCH_MIN_LENGTH * 2 and (digits in phone or phone in digits):
            return True
        candidates = {value, normalize_name(value)}
        return any(
            len(candidate) >= SEARCH_MIN_LENGTH and (candidate in name or name in candidate)
            for candidate in candidates
            for name in names
        )

    return names_the_person


def _scrub_admin_log(instance: models.Model, label: str) -> None:
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).update(object_repr=label[:200], change_message="")


@transaction.atomic
def returnee_erase(*, actor: User | None, returnee: Returnee, reason: str) -> ErasureReport:
    """Anonymise a returnee's personal data everywhere it is held, audit copies included.

    ``actor`` is None only for the retention command (the system acts); a person must be
    allowed by ``access.can_erase``. Irreversible: the views ask for a confirmation first.
    """
    if actor is not None and not access.can_erase(actor, returnee):
        raise PermissionDenied("Only a supervisor of the organization or an admin may erase.")
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": _("Choose why the personal data is erased.")})
    returnee = Returnee.objects.select_for_update().get(pk=returnee.pk)
    if returnee.erased_at is not None:
        raise ValidationError(
            _("The personal data of %(reference)s is already erased.")
            % {"reference": returnee.reference}
        )
    names_the_person = _names_matcher(returnee)  # before the names go
    _erase_returnee_fields(returnee)
    # Validate what the erasure wrote; a gap elsewhere in an old record must not block it.
    untouched = [f.name for f in Returnee._meta.concrete_fields if f.name in RETURNEE_KEEP]
    returnee.full_clean(exclude=[*untouched, "registered_by"])
    returnee.save()
    counts, scrubbed = _erase_related(returnee)
    for provider in personal_data.providers():
        if provider.erase is not None:
            erased_elsewhere = list(provider.erase(actor=actor, returnee=returnee))
            counts[provider.key] = len(erased_elsewhere)
            scrubbed.extend(erased_elsewhere)
    scrubbed.append(Scrubbed(returnee, RETURNEE_KEEP, returnee.reference))
    log_rows = 0
    with erasure_scope():
        for item in scrubbed:
            label = item.object_repr if item.object_repr is not None else str(item.instance)
            log_rows += audit_scrub(instance=item.instance, keep=item.keep, object_repr=label)
            _scrub_admin_log(item.instance, label)
        log_rows += access_log_scrub_queries(names=names_the_person)
    # Recorded after the scrub, so this event keeps its own (personal-data-free) content.
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ERASE,
        instance=returnee,
        changes={"reason": reason, "records": counts, "log_rows_scrubbed": log_rows},
    )
    return ErasureReport(returnee=returnee, records=counts, log_rows_scrubbed=log_rows)


@transaction.atomic
def subject_access_export(*, actor: User, returnee: Returnee, kind: str) -> dict:
    """Everything held about the returnee, for their subject-access request; the export is
    audited, and the sensitive fields are in it only for those who may see them."""
    if not access.can_export_subject_data(actor, returnee):
        raise PermissionDenied("Only the assigned case manager or a supervisor may export this.")
    include_sensitive = access.can_see_sensitive(actor, returnee)
    document = subject_access_document(
        returnee=returnee, include_sensitive=include_sensitive, generated_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        instance=returnee,
        changes={
            "purpose": "subject access",
            "format": kind,
            "sensitive_included": include_sensitive,
        },
    )
    shown = [name for name in Returnee.SENSITIVE_FIELDS if getattr(returnee, name)]
    if include_sensitive and shown:
        access_log_record(user=actor, instance=returnee, fields=shown, purpose="subject access")
    return document


__all__ = [
    "ERASED",
    "ErasureReason",
    "ErasureReport",
    "age_band_floor",
    "returnee_erase",
    "subject_access_export",
]
