"""The returnees group formation may propose (handbook 3.3), as ``projects.grouping``
candidates."""

import datetime

from django.db.models import Prefetch, Q

from accounts.models import User
from communities.models import Community, Sector
from projects.grouping import SKILL_RANK, Candidate
from reintegration.access import returnees_for_user
from reintegration.models import Returnee, ReturneeInterest, ReturneeSkill


def _interest_key(interest: ReturneeInterest) -> str | None:
    """A business interest is its sector's code (``A-CROPS``), another interest its kind
    (``music``), an "other" interest its description; two returnees share an interest when
    the keys are equal."""
    if interest.kind == ReturneeInterest.Kind.BUSINESS:
        return interest.sector.code if interest.sector_id else None
    if interest.kind == ReturneeInterest.Kind.OTHER:
        return " ".join(interest.description.lower().split()) or None
    return interest.kind


def grouping_candidates(
    *, user: User, community: Community, sector: Sector, today: datetime.date | None = None
) -> list[Candidate]:
    """Returnees of ``community`` the user may see, interested in collective projects
    (handbook 3.3: "a crucial requirement"), whose case is not closed, in ``returnee_id``
    order, with their skill in ``sector``: a skill recorded in the sector itself or in one of
    its trades counts, the highest level and the most years of experience among them.

    Three queries whatever the number of returnees: the returnees, their skills in the
    sector, their interests with the interests' sectors (plus the user's role groups, once
    per user, when not yet cached)."""
    today = today or datetime.date.today()
    in_sector = Q(sector_id=sector.pk) | Q(sector__parent_id=sector.pk)
    returnees = (
        returnees_for_user(user)
        .filter(community_id=community.pk, interested_in_collective_projects=True)
        .exclude(status=Returnee.CaseStatus.CLOSED)
        .only(
            "id",
            "reference",
            "sex",
            "date_of_birth",
            "estimated_age",
            "community_id",
            "months_abroad",
        )
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=ReturneeSkill.objects.filter(in_sector).only(
                    "id", "returnee_id", "level", "years_experience"
                ),
                to_attr="sector_skills",
            ),
            Prefetch(
                "interests",
                queryset=ReturneeInterest.objects.select_related("sector").only(
                    "id", "returnee_id", "kind", "description", "sector__code"
                ),
                to_attr="interest_rows",
            ),
        )
        .order_by("pk")
    )
    candidates = []
    for returnee in returnees:
        skills = returnee.sector_skills
        level = max((s.level for s in skills), key=SKILL_RANK.__getitem__, default=None)
        interests = (_interest_key(i) for i in returnee.interest_rows)
        candidates.append(
            Candidate(
                returnee_id=returnee.pk,
                label=returnee.reference,
                sex=returnee.sex,
                age=returnee.age_on(today),
                community_id=returnee.community_id,
                months_abroad=returnee.months_abroad,
                skill_level=level,
                years_experience=max((s.years_experience for s in skills), default=0),
                interests=frozenset(key for key in interests if key),
            )
        )
    return candidates
