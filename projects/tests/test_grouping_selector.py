"""The returnees group formation starts from (``projects.selectors.grouping``)."""

import datetime

import pytest

from accounts.models import User
from communities.models import Sector
from communities.tests.factories import CommunityFactory
from projects.grouping import Candidate, propose_groups
from projects.selectors.grouping import grouping_candidates
from reintegration.models import Returnee, ReturneeInterest, ReturneeSkill
from reintegration.tests.factories import ReturneeFactory

TODAY = datetime.date(2026, 10, 1)


def sector(code):
    return Sector.objects.get(code=code)


def skill(returnee, code, level, years):
    ReturneeSkill.objects.create(
        returnee=returnee, sector=sector(code), level=level, years_experience=years
    )


def interest(returnee, kind, code=None, description=""):
    ReturneeInterest.objects.create(
        returnee=returnee,
        kind=kind,
        sector=sector(code) if code else None,
        description=description,
    )


@pytest.fixture
def community(db):
    return CommunityFactory(name="Kaloum")


@pytest.fixture
def returnees(case_manager, outsider, community):
    """Three candidates, and five returnees who are not."""

    def returnee(**fields):
        values = {
            "case_manager": case_manager,
            "community": community,
            "interested_in_collective_projects": True,
        }
        return ReturneeFactory(**(values | fields))

    farmer = returnee(reference="RET-2026-000001", months_abroad=30)  # born 1995-04-12
    skill(farmer, "A-CROPS", "advanced", 8)
    skill(farmer, "A-LIVESTOCK", "basic", 2)
    skill(farmer, "C-TAILORING", "advanced", 12)  # another sector: ignored
    interest(farmer, ReturneeInterest.Kind.BUSINESS, "A-CROPS")
    interest(farmer, ReturneeInterest.Kind.MUSIC)
    herder = returnee(
        reference="RET-2026-000002",
        sex="male",
        date_of_birth=None,
        estimated_age=40,
        months_abroad=12,
        status=Returnee.CaseStatus.ACTIVE,
    )
    skill(herder, "A", "intermediate", 3)  # the section itself
    interest(herder, ReturneeInterest.Kind.OTHER, description="  Football   Club ")
    interest(herder, ReturneeInterest.Kind.OTHER)  # no description: nothing to compare
    tailor = returnee(reference="RET-2026-000003")
    skill(tailor, "C-TAILORING", "intermediate", 5)
    # Not candidates.
    returnee(interested_in_collective_projects=False)
    returnee(interested_in_collective_projects=None)  # not asked yet
    returnee(status=Returnee.CaseStatus.CLOSED, closure_reason="Moved abroad again")
    returnee(community=CommunityFactory())
    ReturneeFactory(
        case_manager=outsider, community=community, interested_in_collective_projects=True
    )
    return farmer, herder, tailor


def test_candidates_are_the_interested_open_cases_of_the_community_the_user_sees(
    case_manager, community, returnees
):
    farmer, herder, tailor = returnees
    candidates = grouping_candidates(
        user=case_manager, community=community, sector=sector("A"), today=TODAY
    )
    assert candidates == [
        Candidate(
            returnee_id=farmer.pk,
            label="RET-2026-000001",
            sex="female",
            age=31,
            community_id=community.pk,
            months_abroad=30,
            # The best of the section's trades; tailoring is another section.
            skill_level="advanced",
            years_experience=8,
            interests=frozenset({"A-CROPS", "music"}),
        ),
        Candidate(
            returnee_id=herder.pk,
            label="RET-2026-000002",
            sex="male",
            age=40,
            community_id=community.pk,
            months_abroad=12,
            skill_level="intermediate",
            years_experience=3,
            interests=frozenset({"football club"}),
        ),
        Candidate(
            returnee_id=tailor.pk,
            label="RET-2026-000003",
            sex="female",
            age=31,
            community_id=community.pk,
            months_abroad=None,
            skill_level=None,  # a learner in agriculture
            years_experience=0,
            interests=frozenset(),
        ),
    ]
    # They go straight into a proposal.
    group = propose_groups(candidates, size=3).groups[0]
    assert [c.label for c in group.members] == [
        "RET-2026-000001",
        "RET-2026-000002",
        "RET-2026-000003",
    ]


def test_a_trade_counts_only_its_own_skills(case_manager, community, returnees):
    farmer, herder, tailor = returnees
    candidates = grouping_candidates(
        user=case_manager, community=community, sector=sector("A-CROPS"), today=TODAY
    )
    assert [(c.label, c.skill_level, c.years_experience) for c in candidates] == [
        ("RET-2026-000001", "advanced", 8),
        ("RET-2026-000002", None, 0),  # a skill in the whole section is not one in crops
        ("RET-2026-000003", None, 0),
    ]


def test_another_organization_sees_none_of_them(outsider, partner, community, returnees):
    candidates = grouping_candidates(
        user=outsider, community=community, sector=sector("A"), today=TODAY
    )
    assert [c.label for c in candidates] == [Returnee.objects.get(case_manager=outsider).reference]
    # A partner sees only returnees referred to it with consent: none here.
    assert grouping_candidates(user=partner, community=community, sector=sector("A")) == []


@pytest.mark.parametrize("extra", [0, 25])
def test_the_query_count_does_not_grow_with_the_returnees(
    case_manager, community, returnees, django_assert_num_queries, extra
):
    for n in range(extra):
        person = ReturneeFactory(
            case_manager=case_manager, community=community, interested_in_collective_projects=True
        )
        skill(person, "A-FISHING", "basic", n % 7)
        interest(person, ReturneeInterest.Kind.BUSINESS, "A-FISHING")
    agriculture = sector("A")
    user = User.objects.get(pk=case_manager.pk)  # no role cache, as at the start of a request
    # 1 the user's role groups, 2 the returnees, 3 their skills in the sector, 4 their
    # interests with the interests' sectors.
    with django_assert_num_queries(4):
        candidates = grouping_candidates(user=user, community=community, sector=agriculture)
    assert len(candidates) == 3 + extra
