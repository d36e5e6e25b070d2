"""Evidence for the Altai criteria (handbook section 3.2), computed from the communities and
the returnee registry, for all requested communities in a fixed number of queries.

Each provider reads its thresholds from the instrument item (data, not code) and returns
``Evidence`` with the values it used and a sentence saying how it was computed.
"""

import datetime
from calendar import monthrange
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from assessments.evidence import Evidence, band_rating, register
from assessments.sql import InIds
from communities.models import (
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileEntry,
    Service,
    Stakeholder,
)
from reintegration.models import Returnee, ReturneeSkill


def months_before(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _window_start(thresholds: dict, today: datetime.date) -> datetime.date:
    return months_before(today, int(thresholds.get("window_months", 12)))


def _recent_filter(thresholds: dict, today: datetime.date, prefix: str = "") -> dict:
    return {
        f"{prefix}return_date__gte": _window_start(thresholds, today),
        f"{prefix}return_date__lte": today,
    }


def _recent_stats(ids, thresholds, today, shared) -> dict[int, tuple[int, int]]:
    """{community: (recent returnees, of whom interested in collective projects)}: one
    query, shared by the criteria that need it in one scoring pass."""
    shared = {} if shared is None else shared
    key = ("recent", _window_start(thresholds, today), today, tuple(ids))
    if key not in shared:
        rows = (
            Returnee.objects.filter(InIds("community_id", ids), **_recent_filter(thresholds, today))
            .order_by()
            .values_list("community_id")
            .annotate(
                n=Count("pk"),
                interested=Count("pk", filter=Q(interested_in_collective_projects=True)),
            )
            .values_list("community_id", "n", "interested")
        )
        shared[key] = {cid: (n, interested) for cid, n, interested in rows}
    return shared[key]


def _count_by_community(queryset) -> dict[int, int]:
    """{community id: rows} in one GROUP BY, with no model ordering joined in."""
    return dict(
        queryset.order_by()
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def recent_returns(ids, *, thresholds, today, shared=None):
    """Criterion 1: returnees whose return date is within the window (12 months)."""
    counts = {cid: n for cid, (n, _) in _recent_stats(ids, thresholds, today, shared).items()}
    since = _window_start(thresholds, today)
    return {
        cid: Evidence(
            rating=band_rating(counts.get(cid, 0), thresholds["bands"]),
            values={"recent_returnees": counts.get(cid, 0), "since": since.isoformat()},
            explanation=f"{counts.get(cid, 0)} returnee(s) returned since {since:%Y-%m-%d}.",
        )
        for cid in ids
    }


def skills_match(ids, *, thresholds, today, shared=None):
    """Criterion 2: share of recent returnees with a skill in a sector where the community
    has a livelihood opportunity, capped when none has it at advanced level (handbook 3.3:
    "at least one returnee has advanced skills ... and can assume the role of an expert").
    The matching and counting happen in the database: one row per community comes back."""
    with_opportunity = set(
        LivelihoodOpportunity.objects.filter(InIds("community_id", ids))
        .order_by()
        .values_list("community_id", flat=True)
        .distinct()
    )
    totals = {cid: n for cid, (n, _) in _recent_stats(ids, thresholds, today, shared).items()}
    # A skill matches an opportunity in its own trade or in the trade's ISIC section.
    opportunities = LivelihoodOpportunity.objects.filter(
        community_id=OuterRef("returnee__community_id")
    )
    matches = (
        ReturneeSkill.objects.filter(
            Q(Exists(opportunities.filter(sector_id=OuterRef("sector_id"))))
            | Q(Exists(opportunities.filter(sector_id=OuterRef("sector__parent_id")))),
            InIds("returnee__community_id", ids),
            **_recent_filter(thresholds, today, prefix="returnee__"),
        )
        .order_by()
        .values_list("returnee__community_id")
        .annotate(
            matching=Count("returnee_id", distinct=True),
            advanced=Count("returnee_id", distinct=True, filter=Q(level="advanced")),
        )
        .values_list("returnee__community_id", "matching", "advanced")
    )
    matching = {cid: n for cid, n, _ in matches}
    advanced = {cid: bool(a) for cid, _, a in matches}
    opportunity_sectors = {cid: cid in with_opportunity for cid in ids}
    result = {}
    for cid in ids:
        total = totals.get(cid, 0)
        if not opportunity_sectors[cid] or not total:
            missing = (
                "no livelihood opportunity recorded"
                if not opportunity_sectors[cid]
                else ("no recent returnee")
            )
            result[cid] = Evidence(None, {"recent_returnees": total}, f"Unknown: {missing}.")
            continue
        share = _pct(matching.get(cid, 0), total)
        rating = band_rating(share, thresholds["share_bands"])
        if not advanced.get(cid, False):
            rating = min(rating, int(thresholds.get("cap_without_advanced", 1)))
        result[cid] = Evidence(
            rating,
            {
                "share": share,
                "matching": matching.get(cid, 0),
                "recent_returnees": total,
                "advanced_level": advanced.get(cid, False),
            },
            f"{matching.get(cid, 0)} of {total} recent returnees ({share}%) have a skill in a "
            f"sector with a recorded opportunity; "
            + (
                "at least one at advanced level."
                if advanced.get(cid, False)
                else "none at advanced level, so the rating is capped."
            ),
        )
    return result


def collective_interest(ids, *, thresholds, today, shared=None):
    """Criterion 3: share of recent returnees interested in collective projects."""
    counts = _recent_stats(ids, thresholds, today, shared)
    result = {}
    for cid in ids:
        total, interested = counts.get(cid, (0, 0))
        if not total:
            result[cid] = Evidence(None, {"recent_returnees": 0}, "Unknown: no recent returnee.")
            continue
        share = _pct(interested, total)
        result[cid] = Evidence(
            band_rating(share, thresholds["share_bands"]),
            {"share": share, "interested": interested, "recent_returnees": total},
            f"{interested} of {total} recent returnees ({share}%) are interested in collective "
            "projects.",
        )
    return result


def _latest_final_ratings(ids, shared, requested) -> dict[int, dict[str, object]]:
    """{community: {indicator code: rating, "_date": profile date}} from each community's
    latest final profile: two queries, shared by the criteria that read profiles (with
    the default thresholds both ask for the same indicators, so they share one result)."""
    shared = {} if shared is None else shared
    codes = tuple(sorted(set(PROFILE_CODES) | set(requested)))
    key = ("profiles", codes, tuple(ids))
    if key in shared:
        return shared[key]
    latest: dict[int, int] = {}
    for cid, pk in (
        CommunityProfile.objects.filter(InIds("community_id", ids), status="final")
        .order_by("community_id", "-profile_date", "-id")
        .values_list("community_id", "pk")
    ):
        latest.setdefault(cid, pk)
    profile_community = {pk: cid for cid, pk in latest.items()}
    ratings: dict[int, dict[str, object]] = defaultdict(dict)
    for profile_id, code, rating, date in (
        ProfileEntry.objects.filter(
            InIds("profile_id", latest.values()), indicator__code__in=PROFILE_CODES
        )
        .order_by()
        .values_list("profile_id", "indicator__code", "rating", "profile__profile_date")
    ):
        ratings[profile_community[profile_id]][code] = rating
        ratings[profile_community[profile_id]]["_date"] = date
    shared[key] = ratings
    return ratings


def _mapped(rating, mapping):
    return None if rating is None else int(mapping[str(rating)])


def basic_infrastructure(ids, *, thresholds, today, shared=None):
    """Criterion 4: the latest final profile's essential-needs rating, with the public
    infrastructure services mapped shown beside it for the assessor to confirm."""
    code = thresholds["profile_indicator"]
    ratings = _latest_final_ratings(ids, shared, [code])
    services = _count_by_community(
        Service.objects.filter(
            InIds("community_id", ids), sector=thresholds["service_sector"], is_active=True
        )
    )
    result = {}
    for cid in ids:
        profile = ratings.get(cid, {})
        rating = _mapped(profile.get(code), thresholds["profile_rating_map"])
        values = {
            "profile_rating": profile.get(code),
            "infrastructure_services": services.get(cid, 0),
            "profile_date": profile["_date"].isoformat() if "_date" in profile else None,
        }
        if rating is None:
            why = "no final profile" if not profile else "essential needs coverage is unknown"
            explanation = (
                f"Unknown: {why}; {services.get(cid, 0)} infrastructure service(s) mapped."
            )
        else:
            explanation = (
                f"Essential needs coverage rated {profile[code]} of 5 in the profile of "
                f"{profile['_date']:%Y-%m-%d}; {services.get(cid, 0)} infrastructure "
                "service(s) mapped."
            )
        result[cid] = Evidence(rating, values, explanation)
    return result


def services_available(ids, *, thresholds, today, shared=None):
    """Criterion 5: how many of health, education and housing have a mapped service."""
    sectors = thresholds["sectors"]
    covered: dict[int, set[str]] = defaultdict(set)
    for cid, sector in (
        Service.objects.filter(InIds("community_id", ids), sector__in=sectors, is_active=True)
        .order_by()
        .values_list("community_id", "sector")
        .distinct()
    ):
        covered[cid].add(sector)
    return {
        cid: Evidence(
            len(covered[cid]),
            {"sectors_covered": sorted(covered[cid])},
            f"{len(covered[cid])} of {len(sectors)} sectors ({', '.join(sectors)}) have a "
            "mapped service.",
        )
        for cid in ids
    }


def stability(ids, *, thresholds, today, shared=None):
    """Criterion 6: the lower of the profile's safety and income-and-employment ratings."""
    codes = thresholds["profile_indicators"]
    ratings = _latest_final_ratings(ids, shared, codes)
    opportunities = _count_by_community(
        LivelihoodOpportunity.objects.filter(InIds("community_id", ids))
    )
    result = {}
    for cid in ids:
        profile = ratings.get(cid, {})
        mapped = [_mapped(profile.get(c), thresholds["profile_rating_map"]) for c in codes]
        values = {c: profile.get(c) for c in codes}
        values["livelihood_opportunities"] = opportunities.get(cid, 0)
        if None in mapped:
            result[cid] = Evidence(
                None,
                values,
                "Unknown: "
                + ("no final profile." if not profile else "a profile rating it needs is unknown."),
            )
        else:
            result[cid] = Evidence(
                min(mapped),
                values,
                f"The lower of safety ({profile[codes[0]]}/5) and income and employment "
                f"({profile[codes[1]]}/5); {opportunities.get(cid, 0)} livelihood "
                "opportunities recorded.",
            )
    return result


def civil_society(ids, *, thresholds, today, shared=None):
    """Criterion 7: active civil-society stakeholders."""
    counts = _count_by_community(
        Stakeholder.objects.filter(
            InIds("community_id", ids), is_civil_society=True, is_active=True
        )
    )
    return {
        cid: Evidence(
            band_rating(counts.get(cid, 0), thresholds["bands"]),
            {"active_civil_society": counts.get(cid, 0)},
            f"{counts.get(cid, 0)} active civil-society stakeholder(s) mapped.",
        )
        for cid in ids
    }


# The profile indicators the criteria read (4: essential needs; 6: safety, income).
PROFILE_CODES = ("essential_needs_coverage", "safety_levels", "income_and_employment")


def register_defaults() -> None:
    for key, provider in {
        "recent_returns": recent_returns,
        "skills_match": skills_match,
        "collective_interest": collective_interest,
        "basic_infrastructure": basic_infrastructure,
        "services_available": services_available,
        "stability": stability,
        "civil_society": civil_society,
    }.items():
        register(key, provider)
