"""Mentor matching: rank trained, active mentors for a returnee and explain each rank.

Handbook 3.5.2: the mentoring approach rests on "a supportive relationship between two peers
with similar experiences, for example a newly arrived returnee and a former returnee from the
same location"; a mentor "can understand the experience of the returnee because they have
also experienced something similar". The criteria and their order come from the issue; the
weights are product choices, documented here and shown on the page with each suggestion:

    same community of return ............. 30
    the returnee's gender preference met .. 20 (no preference stated: nobody gets them)
    a host country in common ............. 15
    a language in common ................. 15
    similar time abroad (within 12 months)  10
    free capacity (load) ................. 10 x free places / capacity, rounded down

A perfect match scores 100. Ties go to the mentor with fewer active mentorships, then to the
older mentor record (a stable order). The filter (trained, active, not at capacity, in the
returnee's country, not the returnee themself, not already mentoring them) is applied by the
selector before ranking: only trained, active mentors are ever suggested.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.countries import country_name

SAME_COMMUNITY = 30
GENDER_PREFERENCE = 20
SAME_HOST_COUNTRY = 15
SHARED_LANGUAGE = 15
SIMILAR_TIME_ABROAD = 10
LOAD = 10
SIMILAR_MONTHS = 12


@dataclass(frozen=True)
class Profile:
    """What matching compares; for a mentor who has not migrated, no migration data."""

    community_id: int
    community_name: str
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    months_abroad: int | None = None
    migrated: bool = True


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: int
    detail: str


@dataclass
class Suggestion:
    mentor: object
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)


def _norm(words: Iterable[str]) -> dict[str, str]:
    return {w.strip().casefold(): w.strip() for w in words if w and w.strip()}


def _sex_word(sex: str) -> str:
    return {"female": _("a woman"), "male": _("a man")}.get(sex, _("of another or unstated sex"))


def explain(
    *,
    returnee: Profile,
    mentor: Profile,
    mentor_sex: str,
    preference: str,
    active: int,
    capacity: int,
) -> list[Reason]:
    """One reason per criterion, in the order of their weights."""
    reasons = []
    if mentor.community_id == returnee.community_id:
        reasons.append(
            Reason(
                "community",
                SAME_COMMUNITY,
                _("Lives in %(community_name)s") % {"community_name": mentor.community_name},
            )
        )
    else:
        reasons.append(
            Reason(
                "community",
                0,
                _("Lives in %(community_name)s, another community")
                % {"community_name": mentor.community_name},
            )
        )
    if preference:
        met = mentor_sex == preference
        reasons.append(
            Reason(
                "gender",
                GENDER_PREFERENCE if met else 0,
                _("The returnee prefers %(preference)s as mentor; this mentor is %(mentor_sex)s")
                % {"preference": _sex_word(preference), "mentor_sex": _sex_word(mentor_sex)},
            )
        )
    else:
        reasons.append(Reason("gender", 0, _("No gender preference stated")))
    if not mentor.migrated:
        reasons.append(Reason("host_country", 0, _("Has not migrated (a community member)")))
    else:
        common = sorted(set(returnee.countries) & set(mentor.countries))
        if common:
            names = ", ".join(country_name(c) or c for c in common)
            reasons.append(
                Reason(
                    "host_country",
                    SAME_HOST_COUNTRY,
                    _("Also lived in %(names)s") % {"names": names},
                )
            )
        elif not returnee.countries or not mentor.countries:
            reasons.append(Reason("host_country", 0, _("Host countries not recorded")))
        else:
            reasons.append(Reason("host_country", 0, _("Lived in other countries")))
    shared = _norm(returnee.languages).keys() & _norm(mentor.languages).keys()
    if shared:
        spoken = _norm(mentor.languages)
        reasons.append(
            Reason(
                "language",
                SHARED_LANGUAGE,
                "Speaks " + ", ".join(spoken[k] for k in sorted(shared)),
            )
        )
    else:
        reasons.append(Reason("language", 0, _("No language in common recorded")))
    if not mentor.migrated:
        pass  # "has not migrated" is said once, under host country
    elif returnee.months_abroad is None or mentor.months_abroad is None:
        reasons.append(Reason("time_abroad", 0, _("Time abroad not recorded")))
    else:
        gap = abs(returnee.months_abroad - mentor.months_abroad)
        reasons.append(
            Reason(
                "time_abroad",
                SIMILAR_TIME_ABROAD if gap <= SIMILAR_MONTHS else 0,
                _("%(mentor_months)s months abroad (%(returnee_months)s for the returnee)")
                % {
                    "mentor_months": mentor.months_abroad,
                    "returnee_months": returnee.months_abroad,
                },
            )
        )
    free = max(capacity - active, 0)
    reasons.append(
        Reason(
            "load",
            LOAD * free // capacity if capacity else 0,
            ngettext(
                "Mentors %(active)s returnee of %(capacity)s at most",
                "Mentors %(active)s returnees of %(capacity)s at most",
                active,
            )
            % {"active": active, "capacity": capacity},
        )
    )
    return reasons


def rank(
    *,
    returnee: Profile,
    candidates: Iterable[tuple[object, Profile, str, int, int]],
    preference: str = "",
) -> list[Suggestion]:
    """``candidates``: (mentor, profile, sex, active mentorships, capacity) tuples."""
    suggestions = []
    for order, (mentor, profile, sex, active, capacity) in enumerate(candidates):
        reasons = explain(
            returnee=returnee,
            mentor=profile,
            mentor_sex=sex,
            preference=preference,
            active=active,
            capacity=capacity,
        )
        suggestion = Suggestion(mentor=mentor, score=sum(r.points for r in reasons))
        suggestion.reasons = reasons
        suggestions.append((suggestion, active, order))
    suggestions.sort(key=lambda row: (-row[0].score, row[1], row[2]))
    return [row[0] for row in suggestions]
