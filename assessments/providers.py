"""Evidence for the Altai criteria (handbook section 3.2), computed from the communities and
the returnee registry, for all requested communities in a fixed number of queries.

Each provider reads its thresholds from the instrument item (data, not code) and returns
``Evidence`` with the values it used and a sentence saying how it was computed.
"""

import datetime
from calendar import monthrange
from collections import defaultdict

from django.db.models import Count, Q

from assessments.evidence import Evidence, band_rating, register
from communities.models import CommunityProfile, LivelihoodOpportunity, Service, Stakeholder
from reintegration.models import Returnee, ReturneeSkill


def months_before(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _window_start(thresholds: dict, today: datetime.date) -> datetime.date:
    return months_before(today, int(thresholds.get("window_months", 12)))


def _recent_returnees(ids: list[int], thresholds: dict, today: datetime.date):
    return Returnee.objects.filter(
        community_id__in=ids,
        return_date__gte=_window_start(thresholds, today),
        return_date__lte=today,
    )


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def recent_returns(ids, *, thresholds, today):
    """Criterion 1: returnees whose return date is within the window (12 months)."""
    counts = dict(
        _recent_returnees(ids, thresholds, today)
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    since = _window_start(thresholds, today)
    return {
        cid: Evidence(
            rating=band_rating(counts.get(cid, 0), thresholds["bands"]),
            values={"recent_returnees": counts.get(cid, 0), "since": since.isoformat()},
            explanation=f"{counts.get(cid, 0)} returnee(s) returned since {since:%Y-%m-%d}.",
        )
        for cid in ids
    }


def skills_match(ids, *, thresholds, today):
    """Criterion 2: share of recent returnees with a skill in a sector where the community
    has a livelihood opportunity, capped when none has it at advanced level (handbook 3.3:
    "at least one returnee has advanced skills ... and can assume the role of an expert")."""
    opportunity_sectors: dict[int, set[int]] = defaultdict(set)
    for cid, sector_id in LivelihoodOpportunity.objects.filter(community_id__in=ids).values_list(
        "community_id", "sector_id"
    ):
        opportunity_sectors[cid].add(sector_id)
    recent = _recent_returnees(ids, thresholds, today)
    totals = dict(
        recent.values_list("community_id").annotate(n=Count("pk")).values_list("community_id", "n")
    )
    matching: dict[int, set[int]] = defaultdict(set)
    advanced: dict[int, bool] = defaultdict(bool)
    skills = ReturneeSkill.objects.filter(returnee__in=recent.values("pk")).values_list(
        "returnee_id", "returnee__community_id", "sector_id", "sector__parent_id", "level"
    )
    for returnee_id, cid, sector_id, parent_id, level in skills:
        # A skill matches an opportunity in its trade or in the trade's ISIC section.
        if {sector_id, parent_id} & opportunity_sectors[cid]:
            matching[cid].add(returnee_id)
            advanced[cid] = advanced[cid] or level == "advanced"
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
        share = _pct(len(matching[cid]), total)
        rating = band_rating(share, thresholds["share_bands"])
        if not advanced[cid]:
            rating = min(rating, int(thresholds.get("cap_without_advanced", 1)))
        result[cid] = Evidence(
            rating,
            {
                "share": share,
                "matching": len(matching[cid]),
                "recent_returnees": total,
                "advanced_level": advanced[cid],
            },
            f"{len(matching[cid])} of {total} recent returnees ({share}%) have a skill in a "
            f"sector with a recorded opportunity; "
            + (
                "at least one at advanced level."
                if advanced[cid]
                else "none at advanced level, so the rating is capped."
            ),
        )
    return result


def collective_interest(ids, *, thresholds, today):
    """Criterion 3: share of recent returnees interested in collective projects."""
    rows = (
        _recent_returnees(ids, thresholds, today)
        .values_list("community_id")
        .annotate(
            n=Count("pk"), interested=Count("pk", filter=Q(interested_in_collective_projects=True))
        )
        .values_list("community_id", "n", "interested")
    )
    counts = {cid: (n, interested) for cid, n, interested in rows}
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


def _latest_final_ratings(ids, codes) -> dict[int, dict[str, int | None]]:
    """{community: {indicator code: rating}} from each community's latest final profile."""
    latest: dict[int, int] = {}
    for cid, pk in (
        CommunityProfile.objects.filter(community_id__in=ids, status="final")
        .order_by("community_id", "-profile_date", "-id")
        .values_list("community_id", "pk")
    ):
        latest.setdefault(cid, pk)
    ratings: dict[int, dict[str, int | None]] = defaultdict(dict)
    profile_community = {pk: cid for cid, pk in latest.items()}
    from communities.models import ProfileEntry

    for profile_id, code, rating, date in ProfileEntry.objects.filter(
        profile_id__in=latest.values(), indicator__code__in=codes
    ).values_list("profile_id", "indicator__code", "rating", "profile__profile_date"):
        ratings[profile_community[profile_id]][code] = rating
        ratings[profile_community[profile_id]]["_date"] = date
    return ratings


def _mapped(rating, mapping):
    return None if rating is None else int(mapping[str(rating)])


def basic_infrastructure(ids, *, thresholds, today):
    """Criterion 4: the latest final profile's essential-needs rating, with the public
    infrastructure services mapped shown beside it for the assessor to confirm."""
    code = thresholds["profile_indicator"]
    ratings = _latest_final_ratings(ids, [code])
    services = dict(
        Service.objects.filter(
            community_id__in=ids, sector=thresholds["service_sector"], is_active=True
        )
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
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


def services_available(ids, *, thresholds, today):
    """Criterion 5: how many of health, education and housing have a mapped service."""
    sectors = thresholds["sectors"]
    covered: dict[int, set[str]] = defaultdict(set)
    for cid, sector in (
        Service.objects.filter(community_id__in=ids, sector__in=sectors, is_active=True)
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


def stability(ids, *, thresholds, today):
    """Criterion 6: the lower of the profile's safety and income-and-employment ratings."""
    codes = thresholds["profile_indicators"]
    ratings = _latest_final_ratings(ids, codes)
    opportunities = dict(
        LivelihoodOpportunity.objects.filter(community_id__in=ids)
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
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


def civil_society(ids, *, thresholds, today):
    """Criterion 7: active civil-society stakeholders."""
    counts = dict(
        Stakeholder.objects.filter(community_id__in=ids, is_civil_society=True, is_active=True)
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    return {
        cid: Evidence(
            band_rating(counts.get(cid, 0), thresholds["bands"]),
            {"active_civil_society": counts.get(cid, 0)},
            f"{counts.get(cid, 0)} active civil-society stakeholder(s) mapped.",
        )
        for cid in ids
    }


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
