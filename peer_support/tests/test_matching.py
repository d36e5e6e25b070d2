"""Mentor matching with hand-built cases: who is suggested, in which order, and why
(acceptance 3). The weights are documented in peer_support/matching.py."""

import pytest

from communities.tests.factories import CommunityFactory
from peer_support import matching, selectors
from peer_support.models import Mentor
from peer_support.tests.factories import MentorFactory, MentorshipFactory, ReturneeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return {
        "kaloum": CommunityFactory(name="Kaloum", country="GIN"),
        "dixinn": CommunityFactory(name="Dixinn", country="GIN"),
        "dakar": CommunityFactory(name="Médina", country="SEN"),
    }


@pytest.fixture
def returnee(case_manager, places):
    return ReturneeFactory(
        case_manager=case_manager,
        community=places["kaloum"],
        languages=["Pular", "French"],
        countries_lived=["LBY"],
        months_abroad=24,
    )


def returnee_mentor(case_manager, name, community, *, sex, languages, countries, months, **kw):
    first, last = name.split()
    source = ReturneeFactory(
        case_manager=case_manager,
        first_name=first,
        last_name=last,
        sex=sex,
        community=community,
        countries_lived=countries,
        months_abroad=months,
    )
    return MentorFactory(
        organization=case_manager.organization,
        kind=Mentor.Kind.RETURNEE,
        returnee=source,
        name="",
        sex=sex,
        community=community,
        languages=languages,
        trained=True,
        **kw,
    )


def busy(mentor, count, case_manager):
    for _ in range(count):
        MentorshipFactory(mentor=mentor, returnee=ReturneeFactory(case_manager=case_manager))


@pytest.fixture
def mentors(case_manager, outsider, places):
    org = case_manager.organization
    kaloum, dixinn = places["kaloum"], places["dixinn"]
    found = {
        "aissatou": returnee_mentor(
            case_manager,
            "Aïssatou Bah",
            kaloum,
            sex="female",
            languages=["pular"],
            countries=["LBY", "NER"],
            months=30,
        ),
        "mamadou": returnee_mentor(
            case_manager,
            "Mamadou Sow",
            kaloum,
            sex="male",
            languages=["French"],
            countries=["ITA"],
            months=60,
        ),
        "fatou": MentorFactory(
            organization=org,
            name="Fatou Camara",
            sex="female",
            community=dixinn,
            languages=["English"],
            trained=True,
        ),
        "kadiatou": returnee_mentor(
            case_manager,
            "Kadiatou Barry",
            dixinn,
            sex="female",
            languages=["Pular"],
            countries=["LBY"],
            months=20,
        ),
    }
    busy(found["mamadou"], 1, case_manager)
    busy(found["kadiatou"], 2, case_manager)
    # Never suggested: untrained, inactive, at capacity, another organization's, abroad.
    MentorFactory(organization=org, name="Untrained", community=kaloum, languages=["Pular"])
    MentorFactory(
        organization=org, name="Inactive", community=kaloum, is_active=False, trained=True
    )
    full = MentorFactory(organization=org, name="Full", community=kaloum, capacity=1, trained=True)
    busy(full, 1, case_manager)
    MentorFactory(organization=outsider.organization, name="Elsewhere", community=kaloum)
    MentorFactory(organization=org, name="Dakar", community=places["dakar"], trained=True)
    return found


def reasons(suggestion):
    return [(r.criterion, r.points, r.detail) for r in suggestion.reasons]


def test_order_and_explanation_with_a_preference_for_a_woman(case_manager, returnee, mentors):
    suggestions = selectors.mentor_suggestions(
        user=case_manager, returnee=returnee, preference="female"
    )
    assert [(s.mentor.display_name, s.score) for s in suggestions] == [
        ("Aïssatou Bah", 100),
        ("Kadiatou Barry", 63),
        ("Mamadou Sow", 51),
        ("Fatou Camara", 30),
    ]
    assert reasons(suggestions[0]) == [
        ("community", 30, "Lives in Kaloum"),
        ("gender", 20, "The returnee prefers a woman as mentor; this mentor is a woman"),
        ("host_country", 15, "Also lived in Libya"),
        ("language", 15, "Speaks pular"),
        ("time_abroad", 10, "30 months abroad (24 for the returnee)"),
        ("load", 10, "Mentors 0 returnees of 3 at most"),
    ]
    assert reasons(suggestions[1]) == [
        ("community", 0, "Lives in Dixinn, another community"),
        ("gender", 20, "The returnee prefers a woman as mentor; this mentor is a woman"),
        ("host_country", 15, "Also lived in Libya"),
        ("language", 15, "Speaks Pular"),
        ("time_abroad", 10, "20 months abroad (24 for the returnee)"),
        ("load", 3, "Mentors 2 returnees of 3 at most"),
    ]
    assert reasons(suggestions[2]) == [
        ("community", 30, "Lives in Kaloum"),
        ("gender", 0, "The returnee prefers a woman as mentor; this mentor is a man"),
        ("host_country", 0, "Lived in other countries"),
        ("language", 15, "Speaks French"),
        ("time_abroad", 0, "60 months abroad (24 for the returnee)"),
        ("load", 6, "Mentors 1 returnee of 3 at most"),
    ]
    assert reasons(suggestions[3]) == [
        ("community", 0, "Lives in Dixinn, another community"),
        ("gender", 20, "The returnee prefers a woman as mentor; this mentor is a woman"),
        ("host_country", 0, "Has not migrated (a community member)"),
        ("language", 0, "No language in common recorded"),
        ("load", 10, "Mentors 0 returnees of 3 at most"),
    ]


def test_without_a_preference_the_man_of_the_same_community_comes_second(
    case_manager, returnee, mentors
):
    suggestions = selectors.mentor_suggestions(user=case_manager, returnee=returnee)
    assert [(s.mentor.display_name, s.score) for s in suggestions] == [
        ("Aïssatou Bah", 80),
        ("Mamadou Sow", 51),
        ("Kadiatou Barry", 43),
        ("Fatou Camara", 10),
    ]
    assert suggestions[0].reasons[1] == matching.Reason("gender", 0, "No gender preference stated")


def test_a_preference_for_a_man_reorders(case_manager, returnee, mentors):
    suggestions = selectors.mentor_suggestions(
        user=case_manager, returnee=returnee, preference="male"
    )
    assert [s.mentor.display_name for s in suggestions] == [
        "Aïssatou Bah",
        "Mamadou Sow",
        "Kadiatou Barry",
        "Fatou Camara",
    ]
    assert suggestions[1].score == 71


def test_a_mentor_already_mentoring_the_returnee_is_not_suggested(case_manager, returnee, mentors):
    MentorshipFactory(mentor=mentors["aissatou"], returnee=returnee)
    names = [
        s.mentor.display_name
        for s in selectors.mentor_suggestions(user=case_manager, returnee=returnee)
    ]
    assert names == ["Mamadou Sow", "Kadiatou Barry", "Fatou Camara"]


def test_ties_go_to_the_mentor_with_fewer_returnees():
    where = matching.Profile(community_id=1, community_name="Kaloum")
    suggestions = matching.rank(
        returnee=where,
        candidates=[
            ("busy", where, "female", 1, 2),  # 30 + 5
            ("free", where, "female", 0, 4),  # 30 + 10
            ("also busy", where, "male", 2, 4),  # 30 + 5
        ],
    )
    assert [(s.mentor, s.score) for s in suggestions] == [
        ("free", 40),
        ("busy", 35),
        ("also busy", 35),
    ]
    suggestions = matching.rank(
        returnee=where,
        candidates=[("a", where, "female", 1, 2), ("b", where, "female", 0, 2)],
    )
    assert [(s.mentor, s.score) for s in suggestions] == [("b", 40), ("a", 35)]


def test_unrecorded_migration_data_counts_nothing_and_says_so():
    returnee = matching.Profile(community_id=1, community_name="Kaloum", languages=("Susu",))
    mentor = matching.Profile(community_id=2, community_name="Dixinn", languages=("susu ",))
    explained = matching.explain(
        returnee=returnee, mentor=mentor, mentor_sex="male", preference="", active=0, capacity=1
    )
    assert [(r.criterion, r.points, r.detail) for r in explained] == [
        ("community", 0, "Lives in Dixinn, another community"),
        ("gender", 0, "No gender preference stated"),
        ("host_country", 0, "Host countries not recorded"),
        ("language", 15, "Speaks susu"),
        ("time_abroad", 0, "Time abroad not recorded"),
        ("load", 10, "Mentors 0 returnees of 1 at most"),
    ]
