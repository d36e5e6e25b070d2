"""The Altai scoring: every default threshold at its edges, bands, coverage, and unknown
never counted as zero (issue acceptance 2)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assessments import providers, services
from assessments.models import CommunityScore
from assessments.scoring import Rated, suitability
from communities import services as community_services
from communities.models import Sector
from communities.tests.factories import (
    CommunityFactory,
    LivelihoodOpportunityFactory,
    ServiceFactory,
    StakeholderFactory,
)
from reintegration.models import Returnee, ReturneeSkill
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
ALTAI = {"window_months": 12, "bands": [[0, 0], [3, 1], [8, 2], [20, 3]]}


def returnees(community, count, *, returned=TODAY, case_manager, **fields):
    made = []
    for _ in range(count):
        made.append(
            ReturneeFactory(
                community=community, return_date=returned, case_manager=case_manager, **fields
            )
        )
    return made


def evidence(provider, community, **thresholds):
    return provider([community.pk], thresholds=thresholds, today=TODAY)[community.pk]


@pytest.mark.parametrize(
    ("count", "rating"), [(0, 0), (2, 0), (3, 1), (7, 1), (8, 2), (19, 2), (20, 3)]
)
def test_criterion_1_bands(case_manager, count, rating):
    community = CommunityFactory()
    returnees(community, count, case_manager=case_manager)
    found = evidence(providers.recent_returns, community, **ALTAI)
    assert (found.rating, found.values["recent_returnees"]) == (rating, count)


def test_criterion_1_window_is_12_months_not_13(case_manager):
    community = CommunityFactory()
    returnees(community, 8, returned=datetime.date(2025, 11, 23), case_manager=case_manager)
    returnees(community, 5, returned=datetime.date(2025, 10, 23), case_manager=case_manager)
    found = evidence(providers.recent_returns, community, **ALTAI)
    assert found.values == {"recent_returnees": 8, "since": "2025-11-23"}
    assert found.rating == 2


SHARES = {"share_bands": [[0, 0], [25, 1], [50, 2], [75, 3]], "cap_without_advanced": 1}


def skilled(community, case_manager, total, with_skill, level="intermediate", code="C-TAILORING"):
    people = returnees(community, total, case_manager=case_manager)
    sector = Sector.objects.get(code=code)
    for person in people[:with_skill]:
        ReturneeSkill.objects.create(returnee=person, sector=sector, level=level)
    return people


def test_criterion_2_unknown_without_opportunity_or_recent_returnee(case_manager):
    community = CommunityFactory()
    skilled(community, case_manager, 4, 4)
    assert evidence(providers.skills_match, community, **SHARES).rating is None
    empty = CommunityFactory()
    LivelihoodOpportunityFactory(community=empty)
    found = evidence(providers.skills_match, empty, **SHARES)
    assert (found.rating, found.explanation) == (None, "Unknown: no recent returnee.")


@pytest.mark.parametrize(
    ("with_skill", "advanced", "rating"),
    [
        (0, False, 0),
        (1, False, 1),
        (2, False, 1),
        (2, True, 2),
        (3, True, 3),
        (3, False, 1),
    ],
)
def test_criterion_2_share_and_advanced_cap(case_manager, with_skill, advanced, rating):
    community = CommunityFactory()
    LivelihoodOpportunityFactory(community=community)  # tailoring
    people = skilled(community, case_manager, 4, with_skill)
    if advanced:
        ReturneeSkill.objects.filter(returnee=people[0]).update(level="advanced")
    assert evidence(providers.skills_match, community, **SHARES).rating == rating


def test_criterion_2_matches_a_trade_under_an_opportunity_section(case_manager):
    community = CommunityFactory()
    LivelihoodOpportunityFactory(community=community, sector=Sector.objects.get(code="C"))
    skilled(community, case_manager, 1, 1, level="advanced", code="C-CARPENTRY")
    assert evidence(providers.skills_match, community, **SHARES).values["share"] == 100.0


def test_criterion_3_share_interested(case_manager):
    community = CommunityFactory()
    returnees(community, 1, case_manager=case_manager, interested_in_collective_projects=True)
    returnees(community, 3, case_manager=case_manager, interested_in_collective_projects=None)
    found = evidence(providers.collective_interest, community, **SHARES)
    assert (found.rating, found.values["share"]) == (1, 25.0)


def final_profile(community, ratings, date=datetime.date(2026, 6, 1)):
    profile = community_services.profile_create(
        actor=None,
        community=community,
        profile_date=date,
        assessors="T",
        entries={code: {"rating": r} for code, r in ratings.items()},
    )
    community_services.profile_finalise(actor=None, profile=profile)
    return profile


MAP = {"1": 0, "2": 1, "3": 1, "4": 2, "5": 3}


def test_criterion_4_and_6_use_the_latest_final_profile(case_manager):
    community = CommunityFactory()
    t4 = {
        "profile_indicator": "essential_needs_coverage",
        "service_sector": "infrastructure",
        "profile_rating_map": MAP,
    }
    t6 = {
        "profile_indicators": ["safety_levels", "income_and_employment"],
        "profile_rating_map": MAP,
    }
    assert evidence(providers.basic_infrastructure, community, **t4).rating is None
    assert (
        evidence(providers.stability, community, **t6).explanation == "Unknown: no final profile."
    )
    final_profile(
        community,
        {"essential_needs_coverage": 2, "safety_levels": 5, "income_and_employment": 4},
        datetime.date(2025, 6, 1),
    )
    final_profile(
        community, {"essential_needs_coverage": 5, "safety_levels": 5, "income_and_employment": 2}
    )
    assert evidence(providers.basic_infrastructure, community, **t4).rating == 3
    assert evidence(providers.stability, community, **t6).rating == 1  # the lower of 3 and 1
    final_profile(
        community, {"essential_needs_coverage": 4, "safety_levels": 4}, datetime.date(2026, 9, 1)
    )  # income unknown in the latest
    found = evidence(providers.stability, community, **t6)
    assert (found.rating, found.explanation) == (
        None,
        "Unknown: a profile rating it needs is unknown.",
    )


def test_criterion_5_counts_sectors_with_a_service():
    community = CommunityFactory()
    thresholds = {"sectors": ["health", "education", "housing"]}
    assert evidence(providers.services_available, community, **thresholds).rating == 0
    ServiceFactory(community=community, sector="health")
    ServiceFactory(community=community, sector="health")
    ServiceFactory(community=community, sector="justice")
    ServiceFactory(community=community, sector="housing", is_active=False)
    assert evidence(providers.services_available, community, **thresholds).rating == 1
    ServiceFactory(community=community, sector="education")
    assert evidence(providers.services_available, community, **thresholds).rating == 2


@pytest.mark.parametrize(("count", "rating"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3)])
def test_criterion_7_civil_society(count, rating):
    community = CommunityFactory()
    for _ in range(count):
        StakeholderFactory(community=community, is_civil_society=True)
    StakeholderFactory(community=community, is_civil_society=False)
    StakeholderFactory(community=community, is_civil_society=True, is_active=False)
    thresholds = {"bands": [[0, 0], [1, 1], [2, 2], [4, 3]]}
    assert evidence(providers.civil_society, community, **thresholds).rating == rating


def rated(*ratings):
    return [Rated(str(n), Decimal(1), r) for n, r in enumerate(ratings, start=1)]


def test_bands_and_coverage():
    favourable = suitability(rated(3, 3, 2, 2, 3, 2, 3))
    assert (favourable.score, favourable.coverage, favourable.band) == (
        Decimal("85.7"),
        Decimal("100.0"),
        "favourable",
    )
    # One criterion at 0 prevents "favourable" however high the rest.
    with_zero = suitability(rated(3, 3, 3, 3, 3, 3, 0))
    assert (with_zero.score, with_zero.band, with_zero.unmet) == (
        Decimal("85.7"),
        "conditional",
        ["7"],
    )
    # Unknown is not zero: it lowers coverage, not the score.
    unknown = suitability(rated(3, 3, 3, 3, 3, None, None))
    assert (unknown.score, unknown.coverage, unknown.band) == (
        Decimal("100.0"),
        Decimal("71.4"),
        "conditional",
    )
    assert suitability(rated(1, 1, 1, 1, 1, 1, 1)).band == "unfavourable"  # 33.3
    assert suitability(rated(2, 1, 1, 1, 1, 1, 1)).score == Decimal("38.1")
    assert suitability(rated(2, 1, 1, 1, 1, 1, 1)).band == "unfavourable"
    assert suitability(rated(2, 2, 1, 1, 1, 1, 1)).band == "conditional"  # 42.9
    insufficient = suitability(rated(3, 3, 3, None, None, None, None))
    assert (insufficient.coverage, insufficient.band) == (Decimal("42.9"), "insufficient")
    nothing = suitability(rated(None, None, None, None, None, None, None))
    assert (nothing.score, nothing.coverage, nothing.band) == (None, Decimal("0.0"), "insufficient")


def test_scoring_records_history_only_when_inputs_change(case_manager):
    community = CommunityFactory()
    returnees(community, 8, case_manager=case_manager)
    assert services.community_score(today=TODAY) == 1
    assert services.community_score(today=TODAY) == 0  # unchanged: no new entry
    returnees(community, 12, case_manager=case_manager)
    assert services.community_score(today=TODAY) == 1
    latest, first = CommunityScore.objects.filter(community=community).order_by("-id")[:2]
    assert (first.criteria[0]["rating"], latest.criteria[0]["rating"]) == (2, 3)
    assert latest.criteria[0]["evidence"]["recent_returnees"] == 20
    assert latest.engine_version == "1.0"
    assert latest.instrument.code == "altai"
    assert AuditEvent.objects.filter(content_type__model="communityscore").count() == 2


def test_override_needs_a_justification_and_wins(case_manager, programme_manager):
    community = CommunityFactory()
    returnees(community, 8, returned=datetime.date.today(), case_manager=case_manager)
    with pytest.raises(ValidationError) as error:
        services.altai_rating_set(
            actor=programme_manager, community=community, item_code="1", rating=3
        )
    assert error.value.message_dict == {
        "justification": ["Say why you override the rating computed from the database."]
    }
    services.altai_rating_set(
        actor=programme_manager,
        community=community,
        item_code="1",
        rating=3,
        justification="Many more returns expected next month",
    )
    services.community_score()
    criterion = CommunityScore.objects.get(community=community).criteria[0]
    assert (criterion["computed_rating"], criterion["rating"], criterion["source"]) == (
        2,
        3,
        "override",
    )
    assert criterion["justification"] == "Many more returns expected next month"


def test_evidence_for_all_communities_takes_a_fixed_number_of_queries(
    case_manager, django_assert_max_num_queries
):
    def build(n):
        for _ in range(n):
            community = CommunityFactory()
            LivelihoodOpportunityFactory(community=community)
            skilled(community, case_manager, 2, 1, level="advanced")
            StakeholderFactory(community=community)
            ServiceFactory(community=community)

    build(3)
    with django_assert_max_num_queries(40) as few:
        services.community_score(today=TODAY)
    build(30)
    Returnee.objects.update(interested_in_collective_projects=True)
    with django_assert_max_num_queries(40) as many:
        services.community_score(today=TODAY)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_finalising_a_profile_queues_a_rescore_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    from assessments.tasks import score_community_task

    queued = []
    monkeypatch.setattr(score_community_task, "delay", queued.append)
    community = CommunityFactory()
    profile = community_services.profile_create(
        actor=None, community=community, profile_date=datetime.date(2026, 1, 1), assessors="T"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        community_services.profile_finalise(actor=None, profile=profile)
    assert queued == []  # nothing is queued before the commit
    for callback in callbacks:
        callback()
    assert queued == [community.pk]


def test_a_new_version_with_other_thresholds_keeps_old_scores(case_manager):
    from assessments.models import Instrument
    from assessments.services.versions import instrument_activate, instrument_new_version

    community = CommunityFactory()
    returnees(community, 8, case_manager=case_manager)
    services.community_score(today=TODAY)
    v1 = Instrument.objects.get(code="altai", version=1)
    v2 = instrument_new_version(actor=None, instrument=v1)
    assert (v2.version, v2.is_active, v2.items.count()) == (2, False, 7)
    item = v2.items.get(code="1")
    item.thresholds = {**item.thresholds, "bands": [[0, 0], [2, 1], [5, 2], [8, 3]]}
    item.save()
    instrument_activate(actor=None, instrument=v2)
    assert list(Instrument.objects.filter(code="altai", is_active=True)) == [v2]
    services.community_score(today=TODAY)
    old, new = CommunityScore.objects.filter(community=community).order_by("id")
    assert (old.instrument.version, old.criteria[0]["rating"]) == (1, 2)
    assert (new.instrument.version, new.criteria[0]["rating"]) == (2, 3)
