"""Reads of the assessments app."""

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, CommunityScore, Instrument, InstrumentItem
from communities.models import Community
from config.translations import SOURCE_LANGUAGE, language_of, localized


def latest_score(*, community: Community) -> CommunityScore | None:
    return community.scores.select_related("instrument").order_by("-computed_at", "-id").first()


def score_history(*, community: Community) -> QuerySet[CommunityScore]:
    """The scores over time, without their criteria (each carries every criterion's
    evidence). ``community_id`` stays loaded: the related manager sets each score's
    community, and with the field deferred Django would fetch it once per score."""
    return community.scores.order_by("computed_at", "id").only(
        "community_id", "computed_at", "score", "coverage", "band"
    )


def ranking(*, country: str = "", band: str = "", min_coverage: float | None = None) -> QuerySet:
    """Communities with their latest score, best first (one query)."""
    latest = CommunityScore.objects.filter(community=OuterRef("pk")).order_by("-computed_at", "-id")
    queryset = Community.objects.annotate(
        latest_score_id=Subquery(latest.values("pk")[:1]),
        score=Subquery(latest.values("score")[:1]),
        coverage=Subquery(latest.values("coverage")[:1]),
        band=Subquery(latest.values("band")[:1]),
        unmet=Subquery(latest.values("unmet")[:1]),
        criteria=Subquery(latest.values("criteria")[:1]),
    ).filter(latest_score_id__isnull=False)
    if country:
        queryset = queryset.filter(country=country.upper())
    if band:
        queryset = queryset.filter(band=band)
    if min_coverage is not None:
        queryset = queryset.filter(coverage__gte=min_coverage)
    # Unscored ("insufficient evidence") communities last on every database.
    return queryset.order_by(F("score").desc(nulls_last=True), "-coverage", "name")


def missing_for_favourable(criteria: list[dict]) -> list[str]:
    """What stands between a community and "favourable": unknown criteria (evidence to
    collect) and criteria rated 0 or 1 (to improve)."""
    missing = []
    for criterion in criteria or []:
        if criterion["rating"] is None:
            missing.append(_("%(code)s: evidence missing") % {"code": criterion["code"]})
        elif criterion["rating"] <= 1:
            missing.append(
                _("%(code)s: rated %(rating)s")
                % {"code": criterion["code"], "rating": criterion["rating"]}
            )
    return missing


def criterion_texts(score) -> dict[str, str]:
    """{item code: text in the active language} of the instrument a score was computed
    with; empty in English, where the score's own copy of the handbook text is shown
    (issue 11: the criteria's translations are data on the items)."""
    if score is None or language_of() == SOURCE_LANGUAGE:
        return {}
    items = InstrumentItem.objects.filter(instrument_id=score.instrument_id)
    return {
        item.code: localized(item, "text") for item in items.only("code", "text", "translations")
    }


def active_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_active=True).prefetch_related("items").order_by("code")


def completion_by_group(assessment) -> list[dict]:
    """For the research-question instruments (Tables 3.1 and 6.1): how many questions of
    each phase have an answer, in the handbook's order."""
    groups: dict[str, dict] = {}
    for answer in assessment.answers.select_related("item").order_by("item__order"):
        group = groups.setdefault(
            answer.item.group, {"group": answer.item.group, "answered": 0, "total": 0}
        )
        group["total"] += 1
        answered = answer.text or answer.rating is not None or answer.choice
        group["answered"] += 1 if answered else 0
    for group in groups.values():
        group["percent"] = round(100 * group["answered"] / group["total"]) if group["total"] else 0
    return list(groups.values())


def community_assessments(*, community) -> QuerySet:
    return community.assessments.select_related("instrument", "assessor").order_by(
        "-assessed_on", "-id"
    )


# --- API reads ---
# Each joins or prefetches what its serializer in ``assessments.api`` reads, so a page of the
# API costs the same number of queries whatever its size.


def api_instrument_list() -> QuerySet[Instrument]:
    return Instrument.objects.annotate(item_count=Count("items")).order_by("code", "-version")


def api_instrument_detail() -> QuerySet[Instrument]:
    items = InstrumentItem.objects.order_by("order")
    return api_instrument_list().prefetch_related(Prefetch("items", queryset=items))


def api_assessment_list() -> QuerySet[Assessment]:
    """Assessments of communities. A project's appraisal (Table 3.2, 3.5) is the projects
    app's to serve beside its project: this app cannot read projects."""
    return (
        Assessment.objects.filter(community__isnull=False)
        .select_related("instrument", "community")
        .annotate(answer_count=Count("answers"))
        .order_by("-assessed_on", "-id")
    )


def api_assessment_detail() -> QuerySet[Assessment]:
    answers = Answer.objects.select_related("item").order_by("item__order")
    return api_assessment_list().prefetch_related(Prefetch("answers", queryset=answers))


def api_score_list() -> QuerySet[CommunityScore]:
    # The list shows no criteria: a score's criteria carry every criterion's evidence.
    return api_score_detail().defer("criteria")


def api_score_detail() -> QuerySet[CommunityScore]:
    return CommunityScore.objects.select_related("community", "instrument").order_by(
        "community__name", "community_id", "-computed_at", "-id"
    )


def scores_latest_only(queryset: QuerySet[CommunityScore]) -> QuerySet[CommunityScore]:
    """Only each community's latest score (the one ``latest_score`` returns), in the same
    query: a correlated subquery per row, served by the (community, -computed_at) index."""
    latest = CommunityScore.objects.filter(community=OuterRef("community")).order_by(
        "-computed_at", "-id"
    )
    return queryset.filter(pk=Subquery(latest.values("pk")[:1]))
