"""Registering and editing returnees, their household, skills, interests and needs."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from accounts.audit import audit_diff, audit_record, audit_snapshot
from accounts.models import AuditEvent, User
from reintegration.models import (
    HouseholdMember,
    ReferenceCounter,
    Returnee,
    ReturneeInterest,
    ReturneeNeed,
    ReturneeSkill,
)
from reintegration.names import normalize_name, normalize_phone

# The profile items a registration or an edit replaces as a whole.
ITEMS = {
    "household": (HouseholdMember, ("relationship", "age", "sex", "school_enrolled")),
    "skills": (ReturneeSkill, ("sector", "level", "years_experience")),
    "interests": (ReturneeInterest, ("kind", "sector", "description")),
    "needs": (ReturneeNeed, ("level", "description", "priority", "met")),
}


@dataclass
class PossibleDuplicates(Exception):
    """Raised instead of saving when the record may already exist; the user either opens
    the existing record or confirms that this is a different person."""

    candidates: list[Returnee] = field(default_factory=list)


def reserve_references(year: int, count: int) -> list[str]:
    """``count`` new reference numbers for ``year``, under a row lock (caller's transaction)."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"RET-{year}-{n:06d}" for n in range(first, first + count)]


def find_possible_duplicates(
    *,
    first_name: str,
    last_name: str,
    birth_year: int | None,
    community_id: int | None,
    phone: str = "",
    organization_id: int,
    exclude_pk: int | None = None,
) -> list[Returnee]:
    """Handbook-agnostic hygiene: the same normalised name, birth year and community, or
    the same phone number, within the organization's registry."""
    name = normalize_name(first_name, last_name)
    same_person = Q(name_normalized=name, community_id=community_id)
    if birth_year is not None:
        same_person &= Q(date_of_birth__year=birth_year) | Q(
            date_of_birth__isnull=True,
            estimated_age__in=_ages_for_birth_year(birth_year),
        )
    condition = same_person
    if normalize_phone(phone):
        condition |= Q(phone=normalize_phone(phone))
    queryset = Returnee.objects.filter(condition, organization_id=organization_id)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset.select_related("community").order_by("pk")[:10])


def _ages_for_birth_year(year: int) -> list[int]:
    # An estimated age matches a birth year give or take a year (birthdays in the year).
    age = datetime.date.today().year - year
    return [a for a in (age - 1, age, age + 1) if a >= 0]


def _prepare(returnee: Returnee) -> None:
    returnee.first_name = returnee.first_name.strip()
    returnee.last_name = returnee.last_name.strip()
    returnee.name_normalized = normalize_name(returnee.first_name, returnee.last_name)
    returnee.phone = normalize_phone(returnee.phone)
    returnee.nationality = (returnee.nationality or "").upper()
    returnee.countries_lived = [c.upper() for c in returnee.countries_lived or []]


def _build_items(returnee: Returnee, items: dict[str, list[dict[str, Any]]]) -> dict[str, list]:
    """Validate every item before anything is written; errors name the item and field."""
    built: dict[str, list] = {}
    errors: dict[str, list[str]] = {}
    for key, rows in items.items():
        model, _form = ITEMS[key]
        built[key] = []
        for index, values in enumerate(rows, start=1):
            item = model(returnee=returnee, **values)
            try:
                item.full_clean(exclude=["returnee"], validate_constraints=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors[f"{key}-{index}-{name}"] = messages
            built[key].append(item)
    skills = [s.sector_id for s in built.get("skills", [])]
    if len(skills) != len(set(skills)):
        errors["skills"] = [_("The same skill is listed twice.")]
    if errors:
        raise ValidationError(errors)
    return built


def _item_values(item, fields: tuple[str, ...]) -> dict[str, Any]:
    snapshot = audit_snapshot(item)
    return {name: snapshot[name] for name in fields}


def _write_items(returnee: Returnee, built: dict[str, list]) -> dict[str, Any]:
    changes = {}
    for key, items in built.items():
        model, fields = ITEMS[key]
        manager = getattr(returnee, key)
        before = [_item_values(i, fields) for i in manager.all()]
        manager.all().delete()
        model.objects.bulk_create(items)
        after = [_item_values(i, fields) for i in items]
        if before != after:
            changes[key] = [before, after]
    return changes


@transaction.atomic
def returnee_register(
    *,
    actor: User,
    fields: dict[str, Any],
    household: list[dict[str, Any]] = (),
    skills: list[dict[str, Any]] = (),
    interests: list[dict[str, Any]] = (),
    needs: list[dict[str, Any]] = (),
    consent: dict[str, Any] | None = None,
    confirm_not_duplicate: bool = False,
) -> Returnee:
    """Register a returnee of the actor's organization, assigned to the actor unless
    ``fields`` names another case manager; ``consent`` (the arguments of consent_record),
    when given, is recorded in the same transaction, its errors keyed ``consent-<field>``."""
    returnee = Returnee(
        organization_id=fields.pop("organization_id", None) or actor.organization_id,
        registered_by=actor,
        **{"case_manager": actor, **fields},
    )
    _prepare(returnee)
    returnee.reference = "RET-PENDING"
    returnee.full_clean(exclude=["reference"])
    built = _build_items(
        returnee,
        {
            "household": list(household),
            "skills": list(skills),
            "interests": list(interests),
            "needs": list(needs),
        },
    )
    if not confirm_not_duplicate:
        candidates = find_possible_duplicates(
            first_name=returnee.first_name,
            last_name=returnee.last_name,
            birth_year=returnee.birth_year,
            community_id=returnee.community_id,
            phone=returnee.phone,
            organization_id=returnee.organization_id,
        )
        if candidates:
            raise PossibleDuplicates(candidates)
    (returnee.reference,) = reserve_references(returnee.return_date.year, 1)
    returnee.save()
    _write_items(returnee, built)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=returnee,
        changes={**audit_snapshot(returnee), **{k: len(v) for k, v in built.items()}},
    )
    if consent:
        from reintegration.services.case import consent_record

        try:
            consent_record(actor=actor, returnee=returnee, **consent)
        except ValidationError as error:
            raise ValidationError(
                {f"consent-{k}": v for k, v in error.message_dict.items()}
            ) from error
    return returnee


@transaction.atomic
def returnee_update(
    *,
    actor: User,
    returnee: Returnee,
    version: int,
    fields: dict[str, Any],
    household: list[dict[str, Any]] | None = None,
    skills: list[dict[str, Any]] | None = None,
    interests: list[dict[str, Any]] | None = None,
    needs: list[dict[str, Any]] | None = None,
) -> Returnee:
    """Save an edit made on ``version`` of the record. If someone saved since, the edit is
    refused rather than silently overwriting theirs."""
    claimed = Returnee.objects.filter(pk=returnee.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError(
            _(
                "Someone else saved this returnee while you were editing. "
                "Reload the page to see their changes, then make yours again."
            )
        )
    current = Returnee.objects.get(pk=returnee.pk)
    before = audit_snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    _prepare(current)
    current.full_clean()
    items = {
        key: list(rows)
        for key, rows in (
            ("household", household),
            ("skills", skills),
            ("interests", interests),
            ("needs", needs),
        )
        if rows is not None
    }
    built = _build_items(current, items)
    current.save()
    changes: dict[str, Any] = audit_diff(before, audit_snapshot(current))
    changes.pop("version", None)
    changes.update(_write_items(current, built))
    if changes:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=current, changes=changes
        )
    return current
