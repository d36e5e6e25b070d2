"""Returnees who fit an existing project (handbook 3.3.2 and Table 3.5), ranked with the
reasons, and the project's capacity left.

Table 3.5 asks reintegration staff to match returnees "to particular fields of activities
that correspond to their skills, needs and interests" (Sector(s) and activities, Skills
requirements) and to consider "accessibility of the returnee to the project, in terms of
cost, time and distance" (Location). A returnee fits when they have a skill in one of the
project's sectors (or in a trade of a required ISIC section) at the minimum level or above,
live in the project's country, have an open case, and neither take part in the project nor
have an open referral to it. Ranking: the same community first, then the shortest distance
between community centres (great-circle, from the communities' coordinates; unknown
distances after known ones), then the highest skill level and the longest experience.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, When
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from projects.models import Participant, Project
from reintegration.access import returnees_for_user
from reintegration.models import Referral, Returnee, ReturneeSkill, SkillLevel

LEVELS = [SkillLevel.BASIC, SkillLevel.INTERMEDIATE, SkillLevel.ADVANCED]
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
EARTH_RADIUS_KM = 6371.0
# Candidates read from the database before ranking: same-community returnees come first in
# that read, so a country-wide registry does not load every skilled returnee.
READ_LIMIT = 500
SHOWN = 50


@dataclass
class Match:
    returnee: Returnee
    skill: ReturneeSkill
    same_community: bool
    distance_km: int | None
    has_consent: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def sort_key(self):
        return (
            not self.same_community,
            self.distance_km is None,
            self.distance_km or 0,
            -LEVEL_RANK[self.skill.level],
            -self.skill.years_experience,
            self.returnee.reference,
        )


def distance_km(a: Community, b: Community) -> int | None:
    """Great-circle distance between two community centres, or None without coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)))


def open_referrals(project: Project):
    return Referral.objects.filter(
        target_type=ContentType.objects.get_for_model(Project),
        target_id=project.pk,
        status__in=Referral.OPEN_STATUSES,
    )


def remaining_places(project: Project) -> int | None:
    """Table 3.5 capacity left: the places less the returnees taking part and those with an
    open referral. None when the capacity is not recorded."""
    if project.capacity is None:
        return None
    taken = Participant.objects.filter(
        project=project, returnee__isnull=False, left_on__isnull=True
    ).count()
    return max(project.capacity - taken - open_referrals(project).count(), 0)


def answering_organization(project: Project):
    """Who answers referrals to the project: the organization that runs an existing
    project, when it uses the app; otherwise the implementing organization."""
    return project.run_by_organization or project.organization


def required_sectors(project: Project) -> list:
    sectors = list(project.required_sectors.all())
    return sectors or ([project.sector] if project.sector_id else [])


def match_returnees(
    *, user: User, project: Project, today: datetime.date | None = None
) -> tuple[list[Match], list[str]]:
    """(ranked matches, reasons nothing could be matched)."""
    sectors = required_sectors(project)
    if not sectors:
        return [], [_("Record the sector(s) the project requires (Table 3.5) to match returnees.")]
    places = [project.location] if project.location_id else list(project.communities.all())
    countries = {c.country for c in places}
    levels = LEVELS[LEVEL_RANK.get(project.required_skill_level or SkillLevel.BASIC, 0) :]
    sector_ids = [s.pk for s in sectors]
    fitting = ReturneeSkill.objects.filter(
        Q(sector_id__in=sector_ids) | Q(sector__parent_id__in=sector_ids), level__in=levels
    )
    place_ids = [c.pk for c in places]
    answering = answering_organization(project)
    returnees = (
        returnees_for_user(user)
        .filter(community__country__in=countries)
        .exclude(status=Returnee.CaseStatus.CLOSED)
        .filter(Exists(fitting.filter(returnee_id=OuterRef("pk"))))
        .exclude(
            pk__in=Participant.objects.filter(project=project, left_on__isnull=True)
            .exclude(returnee__isnull=True)
            .values("returnee_id")
        )
        .exclude(pk__in=open_referrals(project).values("returnee_id"))
        .select_related("community", "consent")
        .prefetch_related(
            "consent__shared_with",
            Prefetch(
                "skills",
                queryset=fitting.select_related("sector"),
                to_attr="fitting_skills",
            ),
        )
        .order_by(
            # Same community first in the read, then the most recent returns.
            Case(When(community_id__in=place_ids, then=0), default=1),
            "-return_date",
            "pk",
        )[:READ_LIMIT]
    )
    matches = []
    for returnee in returnees:
        skill = max(
            returnee.fitting_skills,
            key=lambda s: (LEVEL_RANK[s.level], s.years_experience),
        )
        same = returnee.community_id in place_ids
        distances = [distance_km(returnee.community, c) for c in places]
        known = [d for d in distances if d is not None]
        distance = 0 if same else (min(known) if known else None)
        consent = getattr(returnee, "consent", None)
        has_consent = bool(consent and consent.is_active and consent.case_management)
        # A referral shares the record with the organization that answers it.
        shares = (
            answering is None
            or answering.pk == returnee.organization_id
            or (has_consent and any(o.pk == answering.pk for o in consent.shared_with.all()))
        )
        match = Match(returnee, skill, same, distance, has_consent and shares)
        match.reasons.append(
            _("%(level)s in %(sector)s, %(years)s year(s) of experience")
            % {
                "level": skill.get_level_display(),
                "sector": skill.sector.name,
                "years": skill.years_experience,
            }
        )
        if same:
            match.reasons.append(
                _("Lives in %(community)s, where the project is")
                % {"community": returnee.community.name}
            )
        elif distance is not None:
            match.reasons.append(
                _("Lives in %(community)s, about %(distance)s km away")
                % {"community": returnee.community.name, "distance": distance}
            )
        else:
            match.reasons.append(
                _("Lives in %(community)s; distance unknown (no coordinates)")
                % {"community": returnee.community.name}
            )
        match.reasons.append(
            _("Case %(status)s, not in the project")
            % {"status": returnee.get_status_display().lower()}
        )
        if not has_consent:
            match.reasons.append(_("No active consent to case management: cannot be referred"))
        elif not shares:
            match.reasons.append(
                _(
                    "Has not consented to sharing their record with %(organization)s, who "
                    "answers referrals to the project: cannot be referred"
                )
                % {"organization": answering}
            )
        matches.append(match)
    matches.sort(key=lambda m: m.sort_key)
    reasons = [] if matches else [_("No returnee with an open case has the required skills.")]
    return matches[:SHOWN], reasons
