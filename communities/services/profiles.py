"""Community profiles: dated snapshots of the 20 indicators (handbook 3.2.1).

A profile is never overwritten once final: a review is a new snapshot. Drafts may be edited
until a programme manager finalises them.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.audit import audit_diff, audit_record, audit_snapshot, audited_create
from accounts.models import AuditEvent, User
from communities.hooks import communities_changed
from communities.models import (
    Community,
    CommunityProfile,
    ProfileEntry,
    ProfileIndicator,
    default_review_date,
)

ENTRY_FIELDS = ("rating", "finding", "methods", "varies_by", "disaggregation_notes")


def _entries_by_code(entries: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    entries = entries or {}
    known = set(ProfileIndicator.objects.values_list("code", flat=True))
    unknown = sorted(set(entries) - known)
    if unknown:
        raise ValidationError(
            {"entries": gettext("Unknown indicator(s): %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return entries


def _validated_entry(entry: ProfileEntry) -> ProfileEntry:
    try:
        entry.full_clean(exclude=["profile"])
    except ValidationError as error:
        # Name the indicator, so the message says which row of the form is wrong.
        raise ValidationError(
            {
                f"{entry.indicator.code}-{field}": messages
                for field, messages in error.message_dict.items()
            }
        ) from error
    return entry


@transaction.atomic
def profile_create(
    *,
    actor: User | None,
    community: Community,
    profile_date: datetime.date,
    assessors: str,
    entries: dict[str, dict[str, Any]] | None = None,
    next_review_date: datetime.date | None = None,
    status: str = CommunityProfile.Status.DRAFT,
    summary: str = "",
) -> CommunityProfile:
    """A new snapshot with one entry for every indicator; ``entries`` maps an indicator code
    to its values, and an indicator left out is recorded as unknown."""
    entries = _entries_by_code(entries)
    if profile_date > datetime.date.today():
        raise ValidationError(
            {"profile_date": gettext("The profile date cannot be in the future.")}
        )
    profile = audited_create(
        CommunityProfile,
        actor=actor,
        fields={
            "community": community,
            "profile_date": profile_date,
            "assessors": assessors,
            "next_review_date": next_review_date or default_review_date(profile_date),
            "status": status,
            "summary": summary,
            "recorded_by": actor,
        },
    )
    rows = [
        _validated_entry(
            ProfileEntry(profile=profile, indicator=indicator, **entries.get(indicator.code, {}))
        )
        for indicator in ProfileIndicator.objects.all()
    ]
    ProfileEntry.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=profile,
        changes={"entries": {e.indicator.code: audit_snapshot(e) for e in rows}},
        note="entries recorded",
    )
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: User | None,
    profile: CommunityProfile,
    entries: dict[str, dict[str, Any]] | None = None,
    **fields: Any,
) -> CommunityProfile:
    """Edit a draft. A final profile is history and refuses every change."""
    profile = CommunityProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status == CommunityProfile.Status.FINAL:
        raise ValidationError(
            gettext("A final profile cannot be changed: record a new profile instead.")
        )
    entries = _entries_by_code(entries)
    before = audit_snapshot(profile)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    changes: dict[str, Any] = audit_diff(before, audit_snapshot(profile))
    entry_changes = {}
    for entry in profile.entries.select_related("indicator"):
        values = entries.get(entry.indicator.code)
        if not values:
            continue
        old = audit_snapshot(entry)
        for name in ENTRY_FIELDS:
            if name in values:
                setattr(entry, name, values[name])
        _validated_entry(entry).save()
        diff = audit_diff(old, audit_snapshot(entry))
        if diff:
            entry_changes[entry.indicator.code] = diff
    if entry_changes:
        changes["entries"] = entry_changes
    if changes:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=profile, changes=changes
        )
    return profile


@transaction.atomic
def profile_finalise(*, actor: User | None, profile: CommunityProfile) -> CommunityProfile:
    profile = profile_update(actor=actor, profile=profile, status=CommunityProfile.Status.FINAL)
    # A final profile is evidence for the community's suitability: let it be rescored.
    communities_changed([profile.community_id])
    return profile
