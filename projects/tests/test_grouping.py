"""Group formation (handbook 3.3) on hand-built candidates: no database."""

import itertools
import random

import pytest

from projects.grouping import (
    MAX_GROUP_SIZE,
    NO_EXPERT_ALTERNATIVES,
    NO_EXPERT_REASON,
    Candidate,
    group_similarity,
    propose_groups,
    similarity,
)


def person(
    returnee_id,
    level,
    years,
    *,
    age=30,
    abroad=24,
    interests=("A-CROPS",),
    community=1,
):
    return Candidate(
        returnee_id=returnee_id,
        label=f"RET-2026-{returnee_id:06d}",
        sex="female" if returnee_id % 2 else "male",
        age=age,
        community_id=community,
        months_abroad=abroad,
        skill_level=level,
        years_experience=years,
        interests=frozenset(interests),
    )


def ids(group):
    return [member.returnee_id for member in group.members]


# Three kinds of returnee in one community, interleaved by id: older crop farmers long
# abroad, young livestock raisers back after a year, fishers in between. Each kind has one
# advanced-level returnee.
CROPS = {"age": 45, "abroad": 60, "interests": ("A-CROPS",)}
LIVESTOCK = {"age": 25, "abroad": 12, "interests": ("A-LIVESTOCK", "sports")}
FISHING = {"age": 35, "abroad": 36, "interests": ("A-FISHING",)}
TWELVE = [
    person(1, "advanced", 10, **CROPS),
    person(2, "advanced", 8, **LIVESTOCK),
    person(3, "advanced", 9, **FISHING),
    person(4, "intermediate", 7, **CROPS),
    person(5, "basic", 1, **LIVESTOCK),
    person(6, "intermediate", 6, **FISHING),
    person(7, None, 0, **CROPS),
    person(8, "intermediate", 2, **LIVESTOCK),
    person(9, "basic", 3, **FISHING),
    person(10, "basic", 6, **CROPS),
    person(11, None, 0, **LIVESTOCK),
    person(12, "basic", 3, **FISHING),
]


# --- similarity ---


def test_similarity_weighs_the_six_features():
    a = person(1, "advanced", 8, age=30, abroad=24, interests=("A-CROPS", "music"))
    b = person(2, "basic", 2, age=40, abroad=36, interests=("A-CROPS",))
    # skill 1 - 2/3 = 1/3 (weight 5), experience 1 - 6/10 = 0.4 (4), interests Jaccard
    # 1/2 (4), age 1 - 10/20 = 0.5 (3), same community 1 (2), time abroad 1 - 12/60 = 0.8
    # (2): (5/3 + 1.6 + 2 + 1.5 + 2 + 1.6) / 20 = 311/600.
    assert similarity(a, b) == pytest.approx(311 / 600, abs=1e-12)
    assert similarity(b, a) == pytest.approx(311 / 600, abs=1e-12)


def test_unknown_values_count_half_and_differences_beyond_the_span_count_zero():
    a = person(1, "advanced", 12, age=None, abroad=None, interests=())
    b = person(2, None, 0, age=50, abroad=100, interests=("music",), community=2)
    # skill 0, experience 0 (12 years apart, span 10), interests, age and time abroad unknown
    # (0.5 each: weights 4 + 3 + 2), another community 0: 4.5 / 20.
    assert similarity(a, b) == pytest.approx(4.5 / 20, abs=1e-12)
    c = person(3, None, 0, age=20, abroad=1, interests=("sports",), community=2)
    # skill 1, experience 1, no shared interest 0, 30 years apart 0, same community 1,
    # 99 months apart 0: (5 + 4 + 2) / 20.
    assert similarity(b, c) == pytest.approx(11 / 20, abs=1e-12)
    assert similarity(a, a) == pytest.approx(15.5 / 20, abs=1e-12)  # unknowns stay unknown
    assert similarity(b, b) == 1.0


def test_group_similarity_is_the_mean_over_pairs():
    a, b = TWELVE[2], TWELVE[5]  # fishers: advanced 9 years, intermediate 6 years
    c = person(20, "basic", 3, **FISHING)
    # Alike but for skill and experience (weights 11 of 20 count fully):
    # a-b and b-c: skill 2/3, experience 0.7: (10/3 + 2.8 + 11) / 20 = 257/300;
    # a-c: skill 1/3, experience 0.4: (5/3 + 1.6 + 11) / 20 = 214/300.
    assert similarity(a, b) == pytest.approx(257 / 300, abs=1e-12)
    assert similarity(a, c) == pytest.approx(214 / 300, abs=1e-12)
    assert group_similarity([a, b, c]) == pytest.approx(728 / 900, abs=1e-12)
    with pytest.raises(ValueError, match="at least two members"):
        group_similarity([a])


# --- validation and "nothing to propose" ---


@pytest.mark.parametrize("size", [0, 1, MAX_GROUP_SIZE + 1, -3])
def test_a_size_outside_2_to_20_is_refused(size):
    with pytest.raises(ValueError) as error:
        propose_groups(TWELVE, size=size)
    assert str(error.value) == f"size: a group has 2 to 20 members, not {size}."


@pytest.mark.parametrize("size", [2.0, "4", True, None])
def test_a_size_that_is_not_a_whole_number_is_refused(size):
    with pytest.raises(ValueError) as error:
        propose_groups(TWELVE, size=size)
    assert str(error.value) == f"size: give a whole number of members, not {size!r}."


def test_bad_candidates_are_refused_by_label():
    with pytest.raises(ValueError, match=r"^RET-2026-000001 is a candidate twice\.$"):
        propose_groups([TWELVE[0], TWELVE[0], TWELVE[1]], size=2)
    with pytest.raises(ValueError, match=r"^RET-2026-000030: unknown skill level 'expert'\.$"):
        propose_groups([TWELVE[0], person(30, "expert", 3)], size=2)


def test_fewer_candidates_than_the_size_proposes_nothing():
    result = propose_groups(TWELVE[:3], size=4)
    assert result.groups == ()
    assert result.unplaced == tuple(TWELVE[:3])
    assert result.reasons == (
        "Only 3 returnee(s) interested in collective projects for a group of 4: nothing can "
        "be proposed. Choose a smaller size or widen the search.",
    )
    assert propose_groups([], size=2).reasons[0].startswith("Only 0 returnee(s)")


def test_no_advanced_level_returnee_proposes_nothing_and_says_why():
    no_expert = [c for c in TWELVE if c.skill_level != "advanced"]
    result = propose_groups(no_expert, size=3)
    assert result.groups == ()
    assert result.unplaced == tuple(no_expert)
    assert result.reasons == (NO_EXPERT_REASON, NO_EXPERT_ALTERNATIVES)
    # The handbook's rule, quoted.
    assert (
        "“it is crucial that at least one returnee has advanced skills in the project-relevant "
        "field and can assume the role of an expert and mentor.”" in result.reasons[0]
    )


# --- proposals ---


def test_the_three_kinds_of_returnee_are_found_each_around_its_expert():
    result = propose_groups(TWELVE, size=4)
    assert [ids(g) for g in result.groups] == [[3, 6, 9, 12], [2, 5, 8, 11], [1, 4, 7, 10]]
    assert [[e.returnee_id for e in g.experts] for g in result.groups] == [[3], [2], [1]]
    # Fishers: all alike but skills and experience. Skill pairs adv-int 2/3, adv-basic 1/3
    # twice, int-basic 2/3 twice, basic-basic 1 (mean 11/18); experience 9/6/3/3 years,
    # pairs 0.7, 0.4, 0.4, 0.7, 0.7, 1 (mean 0.65); the other features 1 (weights 11):
    # (5 * 11/18 + 4 * 0.65 + 11) / 20 = 1499/1800.
    assert result.groups[0].similarity == pytest.approx(1499 / 1800, abs=1e-12)
    assert [round(g.similarity, 4) for g in result.groups] == [0.8328, 0.7778, 0.7578]
    assert result.unplaced == ()
    assert result.reasons == ()


def test_the_explanation_names_the_expert_and_what_is_alike():
    crops = propose_groups(TWELVE, size=4).groups[2]
    assert crops.explanation == (
        "RET-2026-000001 has advanced skills in the sector (10 years of experience) and can be "
        "the group's expert and mentor (handbook 3.3).",
        "Similarity 0.76 (mean over the 6 pairs; 1 means alike in skills, experience, "
        "interests, age, community and time abroad).",
        "Skill levels: 1 advanced, 1 intermediate, 1 basic, 1 no skill. Experience: 0 to 10 years.",
        "Joining as learner(s), with no skill in the sector yet: RET-2026-000007 (handbook "
        "3.3 prefers members with basic skills or preliminary experience).",
        "Shared interests: A-CROPS (4 of 4).",
        "Ages: 45 years.",
        "Time abroad: 60 months.",
        "All from the same community.",
    )


def test_two_experts_in_a_group_are_both_named():
    people = [
        person(1, "advanced", 5),
        person(2, "advanced", 7, age=None),
        person(3, "basic", 1, community=2, interests=()),
    ]
    group = propose_groups(people, size=3).groups[0]
    assert ids(group) == [1, 2, 3]
    assert group.explanation[0] == (
        "RET-2026-000001, RET-2026-000002 have advanced skills in the sector "
        "(RET-2026-000001 5 years, RET-2026-000002 7 years of experience) and can be the "
        "group's experts and mentors (handbook 3.3)."
    )
    assert group.explanation[3:] == (
        "Shared interests: A-CROPS (2 of 3).",
        "Ages: 30 years (unknown for 1).",
        "Time abroad: 24 months.",
        "From 2 communities.",
    )


def test_there_are_no_more_groups_than_experts():
    two_experts = [c for c in TWELVE if c.returnee_id != 3]  # the fishers lose theirs
    result = propose_groups(two_experts, size=3)
    assert [ids(g) for g in result.groups] == [[1, 4, 10], [2, 5, 8]]
    assert [c.returnee_id for c in result.unplaced] == [6, 7, 9, 11, 12]
    assert result.reasons == (
        "Only 2 returnee(s) have advanced skills in the sector, so only 2 group(s) can be "
        "formed: handbook 3.3 needs at least one expert and mentor in each. 5 returnee(s) are "
        "not placed.",
        "Returnees with a skill in the sector were placed before those without one (handbook "
        "3.3: it is “preferable if all returnees possess basic skills or preliminary "
        "experience in the field”).",
    )


def test_leftovers_fewer_than_a_group_are_unplaced_with_the_reason():
    result = propose_groups(TWELVE[:10], size=4)  # 3 experts, but room for 2 groups
    # Nine have a skill for eight places: the learner 7 and one fisher wait.
    assert [ids(g) for g in result.groups] == [[1, 3, 4, 10], [2, 5, 6, 8]]
    assert [c.returnee_id for c in result.unplaced] == [7, 9]
    assert result.reasons == (
        "2 returnee(s) are not placed: fewer than needed for another group of 4.",
        "Returnees with a skill in the sector were placed before those without one (handbook "
        "3.3: it is “preferable if all returnees possess basic skills or preliminary "
        "experience in the field”).",
    )


def test_returnees_with_a_skill_are_placed_before_learners_even_if_less_alike():
    expert = person(1, "advanced", 10)
    skilled = [person(i, "basic", 1, age=55, abroad=100, interests=("music",)) for i in (2, 3)]
    learners = [person(i, None, 9) for i in (4, 5, 6)]  # alike the expert in all but skill
    assert similarity(expert, learners[0]) > similarity(expert, skilled[0])
    result = propose_groups([expert, *skilled, *learners], size=3)
    assert [ids(g) for g in result.groups] == [[1, 2, 3]]
    assert [c.returnee_id for c in result.unplaced] == [4, 5, 6]


def test_the_swap_search_improves_on_the_greedy_fill():
    people = [
        person(1, "advanced", 9, age=50, interests=("a", "c")),
        person(2, "basic", 4, age=30, interests=("a",)),
        person(3, "basic", 0, age=40, interests=("a", "c")),
        person(4, "basic", 10, age=30, interests=("a",)),
    ]
    # Greedy: the expert takes 3 (similarity 347/600, against 4's 338/600 and 2's 290/600),
    # then 2 (mean to 1 and 3 0.6142, against 4's 0.5942): 1, 2, 3 make 0.6022. Swapping 3
    # for the leftover 4, who is much like 2 (0.88): 1, 2, 4 make (29/60 + 169/300 + 22/25)
    # / 3 = 289/450.
    result = propose_groups(people, size=3)
    assert [ids(g) for g in result.groups] == [[1, 2, 4]]
    assert result.groups[0].similarity == pytest.approx(289 / 450, abs=1e-12)
    assert [c.returnee_id for c in result.unplaced] == [3]


# --- determinism and invariants ---


def test_the_proposal_does_not_depend_on_the_order_of_the_candidates():
    first = propose_groups(TWELVE, size=4)
    for seed in range(5):
        shuffled = TWELVE[:]
        random.Random(seed).shuffle(shuffled)
        assert propose_groups(shuffled, size=4) == first


def test_ties_are_broken_by_returnee_id():
    # Four identical basic-level returnees and two identical experts: every choice is a tie.
    # The groups pick in turn (round robin), the lowest id first.
    people = [person(i, "advanced" if i in (7, 3) else "basic", 4) for i in (9, 3, 8, 7, 5, 6)]
    result = propose_groups(people, size=3)
    assert [ids(g) for g in result.groups] == [[3, 5, 8], [7, 6, 9]]  # experts first


def random_population(seed, count):
    rng = random.Random(seed)
    return [
        person(
            i,
            rng.choice(["advanced", "intermediate", "basic", None]),
            rng.randint(0, 12),
            age=rng.choice([None, *range(18, 60)]),
            abroad=rng.choice([None, *range(1, 120)]),
            interests=rng.sample(["A-CROPS", "A-FISHING", "C-FOOD", "music", "sports"], 2),
            community=rng.randint(1, 2),
        )
        for i in range(1, count + 1)
    ]


@pytest.mark.parametrize("seed", range(20))
def test_every_group_has_an_expert_and_everyone_is_placed_once_or_left_over(seed):
    people = random_population(seed, 30)
    size = 2 + seed % 6
    result = propose_groups(people, size=size)
    experts = sum(c.skill_level == "advanced" for c in people)
    assert len(result.groups) == min(experts, len(people) // size)
    for group in result.groups:
        assert len(group.members) == size
        assert group.experts
        assert all(c.skill_level == "advanced" for c in group.experts)
        assert group.members[: len(group.experts)] == group.experts
    placed = [c for g in result.groups for c in g.members]
    assert sorted(c.returnee_id for c in placed + list(result.unplaced)) == list(range(1, 31))
    # A learner is placed only when every returnee with a skill is.
    if any(c.skill_level is None for c in placed):
        assert all(c.skill_level is None for c in result.unplaced)


def partitions(people, size):
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for others in itertools.combinations(rest, size - 1):
        remaining = [c for c in rest if c not in others]
        for tail in partitions(remaining, size):
            yield [(first, *others), *tail]


@pytest.mark.parametrize("seed", range(6))
def test_on_small_cases_the_proposal_is_the_best_grouping(seed):
    # Eight returnees with a skill, two of them experts, groups of four: every grouping with
    # an expert in each group is tried.
    levels = {"advanced": "intermediate", None: "basic"}
    people = [
        person(
            c.returnee_id,
            "advanced" if c.returnee_id <= 2 else levels.get(c.skill_level, c.skill_level),
            c.years_experience,
            age=c.age,
            abroad=c.months_abroad,
            interests=c.interests,
            community=c.community_id,
        )
        for c in random_population(100 + seed, 8)
    ]
    result = propose_groups(people, size=4)
    best = max(
        sum(group_similarity(g) for g in grouping)
        for grouping in partitions(people, 4)
        if all(any(c.skill_level == "advanced" for c in g) for g in grouping)
    )
    assert sum(g.similarity for g in result.groups) == pytest.approx(best, abs=1e-12)


# --- acceptance 3: better than a random grouping of the same people ---


def random_grouping(people, size, rng):
    """Uniform among the groupings with an expert in each group (shuffle until one is)."""
    while True:
        order = people[:]
        rng.shuffle(order)
        groups = [order[i : i + size] for i in range(0, len(order), size)]
        if all(any(c.skill_level == "advanced" for c in g) for g in groups):
            return groups


def mean_similarity(groups):
    return sum(group_similarity(g) for g in groups) / len(groups)


@pytest.mark.parametrize(
    ("people", "size", "proposed", "random_mean", "random_best"),
    [
        (TWELVE, 4, 0.7894, 0.541, 0.687),
        (random_population(2026, 40), 5, 0.609, 0.4572, 0.4992),
    ],
    ids=["hand-built", "forty"],
)
def test_proposals_are_more_alike_than_random_groupings(
    people, size, proposed, random_mean, random_best
):
    result = propose_groups(people, size=size)
    placed = [c for g in result.groups for c in g.members]
    rng = random.Random(6)
    randoms = [mean_similarity(random_grouping(placed, size, rng)) for _ in range(200)]
    measured = mean_similarity([g.members for g in result.groups])
    assert (round(measured, 4), round(sum(randoms) / 200, 4), round(max(randoms), 4)) == (
        proposed,
        random_mean,
        random_best,
    )
    assert measured > sum(randoms) / len(randoms)
    assert measured > max(randoms)  # better than the best of 200 random groupings
