"""Reads of a project's participants and their balance."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from projects.balance import (
    MEMBER_HIGH_VULNERABILITY,
    RETURNEE_HIGH_VULNERABILITY,
    Balance,
    Person,
    balance_of,
    gender_of,
)
from projects.models import Participant, Project
from reintegration.access import returnees_for_user


def active_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def project_participants(*, project: Project) -> QuerySet[Participant]:
    """Everyone who took part, current participants first, with their registry record."""
    return (
        Participant.objects.filter(project=project)
        .select_related("returnee", "returnee__community")
        .order_by("left_on", "joined_on", "id")
    )


def person_of(participant: Participant) -> Person:
    returnee = participant.returnee
    return Person(
        is_returnee=returnee is not None,
        gender=gender_of(
            returnee_id=participant.returnee_id,
            returnee_sex=returnee.sex if returnee else "",
            returnee_gender=returnee.gender if returnee else "",
            sex=participant.sex,
        ),
        highly_vulnerable=(
            RETURNEE_HIGH_VULNERABILITY in (returnee.vulnerabilities or [])
            if returnee
            else participant.vulnerability == MEMBER_HIGH_VULNERABILITY
        ),
    )


def project_balance(
    *, participants: list[Participant], today: datetime.date | None = None
) -> Balance:
    """The balance of the participants active ``today``, from an already loaded list."""
    today = today or datetime.date.today()
    return balance_of(person_of(p) for p in participants if p.is_active(today))


def visible_returnee_ids(*, user: User, participants: list[Participant]) -> set[int]:
    """Which participants' registry records the user may open (one query)."""
    ids = [p.returnee_id for p in participants if p.returnee_id]
    if not ids:
        return set()
    return set(returnees_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


def shares_total(participants: list[Participant]):
    from decimal import Decimal

    return sum(
        (
            p.share_percentage
            for p in participants
            if p.role == Participant.Role.SHAREHOLDER and p.left_on is None
        ),
        Decimal(0),
    )
