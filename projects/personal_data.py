"""What projects hold about one returnee, for the registry's subject access and erasure
(``reintegration.personal_data``, registered from ``ProjectsConfig.ready``).

A returnee's participations and financial-group memberships hold no copy of their name,
sex or age (those come from the registry; the models' constraints keep the columns empty),
so erasure keeps them whole: the project and group figures keep counting the person
(handbook 3.3's integrated database). What can name or describe the person is the free text
of their ledger entries (a loan's purpose, a correction's note): that is erased, inside the
erasure's scope, the one exception to the ledger's append-only trigger (migration 0003).
Group formation proposals are computed from the registry on demand and never stored.
"""

from django.db import models

from accounts.audit import ERASED, erasure_scope, jsonable
from projects.models import Participant
from projects.models.finance import GroupMember, LedgerEntry
from reintegration.personal_data import PersonalDataProvider, Scrubbed

# Participations and memberships are kept whole (see above), their audit values too.
PARTICIPANT_KEEP = frozenset(f.name for f in Participant._meta.concrete_fields)
MEMBER_KEEP = frozenset(f.name for f in GroupMember._meta.concrete_fields)
LEDGER_KEEP = frozenset(
    f.name for f in LedgerEntry._meta.concrete_fields if f.name not in {"purpose", "note"}
)


def _participations(returnee) -> list[dict]:
    participants = (
        Participant.objects.filter(returnee=returnee)
        .select_related("project")
        .order_by("joined_on", "id")
    )
    return [
        {
            "project": p.project.name,
            "role": p.get_role_display(),
            "term_start": jsonable(p.term_start),
            "term_end": jsonable(p.term_end),
            "share_percentage": jsonable(p.share_percentage),
            "joined_on": jsonable(p.joined_on),
            "left_on": jsonable(p.left_on),
        }
        for p in participants
    ]


def _memberships(returnee) -> list[dict]:
    members = (
        GroupMember.objects.filter(returnee=returnee)
        .select_related("group")
        .prefetch_related(
            models.Prefetch("entries", queryset=LedgerEntry.objects.order_by("sequence"))
        )
        .order_by("joined_on", "id")
    )
    return [
        {
            "group": member.group.name,
            "currency": member.group.currency,
            "joined_on": jsonable(member.joined_on),
            "left_on": jsonable(member.left_on),
            "ledger": [
                {
                    "date": jsonable(entry.date),
                    "kind": entry.get_kind_display(),
                    "amount": jsonable(entry.amount),
                    "interest": jsonable(entry.interest),
                    "due_date": jsonable(entry.due_date),
                    "purpose": entry.purpose,
                    "note": entry.note,
                }
                for entry in member.entries.all()
            ],
        }
        for member in members
    ]


def collect(returnee) -> dict:
    return {
        "participations": _participations(returnee),
        "financial_groups": _memberships(returnee),
    }


def erase(*, actor, returnee) -> list[Scrubbed]:
    participants = list(Participant.objects.filter(returnee=returnee))
    members = list(GroupMember.objects.filter(returnee=returnee))
    entries = LedgerEntry.objects.filter(member__returnee=returnee)
    with erasure_scope():
        # The base QuerySet: the ledger's own manager refuses every update, by design.
        rows = models.QuerySet(LedgerEntry).filter(pk__in=entries.values("pk"))
        rows.exclude(purpose="").update(purpose=ERASED)
        rows.exclude(note="").update(note=ERASED)
    return [
        *(Scrubbed(p, PARTICIPANT_KEEP) for p in participants),
        *(Scrubbed(m, MEMBER_KEEP) for m in members),
        *(Scrubbed(entry, LEDGER_KEEP) for entry in entries.select_related("group")),
    ]


PROVIDER = PersonalDataProvider(key="projects", label="Projects", collect=collect, erase=erase)
