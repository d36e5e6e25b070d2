"""The Table 3.2 evidence providers registered by projects (P1, P3, P9, N4), on
hand-built projects at their edges, set-based, and their suggestions in an appraisal."""

import datetime

import pytest

from assessments import evidence
from assessments.models import Answer
from projects import services
from projects.models import Participant
from projects.providers import PROVIDERS
from projects.tests.conftest import TODAY
from projects.tests.factories import ParticipantFactory, ProjectFactory, community_member
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db


def rate(key, project, today=TODAY):
    found = evidence.compute(key, [project.pk], thresholds={}, today=today)[project.pk]
    return found.rating, found.values, found.explanation


@pytest.fixture
def project(organization):
    return ProjectFactory(organization=organization)


@pytest.fixture
def returnee(case_manager):
    def make(sex="female", **fields):
        return ReturneeFactory(case_manager=case_manager, sex=sex, **fields)

    return make


def test_the_four_keys_named_by_the_catalogue_are_registered():
    assert set(PROVIDERS) == {
        "project_mixed_participants",
        "project_high_vulnerability",
        "project_gender_mix",
        "project_gender_exclusion",
    }
    assert {k: evidence.get(k) for k in PROVIDERS} == PROVIDERS


def test_no_participant_is_unknown_never_no(project):
    for key in ("project_mixed_participants", "project_high_vulnerability", "project_gender_mix"):
        assert rate(key, project) == (None, {}, "Unknown: no participant is recorded yet.")
    assert rate("project_gender_exclusion", project) == (
        None,
        {"gender_considerations_recorded": False},
        "Unknown: no participant and no gender consideration recorded.",
    )


@pytest.mark.parametrize(
    ("returnees", "members", "rating"),
    [(1, 2, 0), (2, 1, 0), (2, 2, 1), (5, 3, 1), (3, 0, 0)],
)
def test_p1_several_returnees_and_several_community_members(
    project, returnee, returnees, members, rating
):
    for _ in range(returnees):
        ParticipantFactory(project=project, returnee=returnee())
    for _ in range(members):
        community_member(project)
    assert rate("project_mixed_participants", project) == (
        rating,
        {"returnees": returnees, "non_migrants": members},
        f"{returnees} returnee(s) and {members} community member(s) take part; “several” of "
        "each is read as at least 2.",
    )


def test_p1_counts_only_current_participants(project, returnee):
    for _ in range(2):
        ParticipantFactory(project=project, returnee=returnee())
    community_member(project)
    community_member(project, left_on=datetime.date(2026, 10, 20))
    assert rate("project_mixed_participants", project)[0] == 0
    # Before the second member left, the project was mixed.
    assert rate("project_mixed_participants", project, datetime.date(2026, 10, 19))[0] == 1
    # And before anyone joined, nothing is known.
    assert rate("project_mixed_participants", project, datetime.date(2026, 9, 30))[0] is None


def test_p3_a_returnee_with_high_vulnerability(project, returnee):
    ParticipantFactory(project=project, returnee=returnee(vulnerabilities=["disability"]))
    community_member(project, vulnerability="high")
    assert rate("project_high_vulnerability", project) == (
        0,
        {"highly_vulnerable_returnees": 0, "highly_vulnerable_non_migrants": 1},
        "0 returnee(s) with high vulnerability take part (and 1 highly vulnerable community "
        "member(s)).",
    )
    ParticipantFactory(
        project=project,
        returnee=returnee(vulnerabilities=["single_caregiver", "high_vulnerability"]),
    )
    assert rate("project_high_vulnerability", project)[:2] == (
        1,
        {"highly_vulnerable_returnees": 1, "highly_vulnerable_non_migrants": 1},
    )


@pytest.mark.parametrize(
    ("people", "p9", "n4"),
    [
        ([("returnee", "male"), ("member", "male")], 0, 1),  # no woman
        ([("returnee", "female"), ("member", "female")], 0, 1),  # one gender only
        ([("returnee", "female"), ("member", "male")], 1, 0),
        ([("returnee", "male"), ("member", "female")], 1, 0),
        ([("returnee", "male"), ("member", "other")], 0, 1),  # two genders, no woman
    ],
)
def test_p9_and_n4_participants_of_more_than_one_gender_women_included(
    project, returnee, people, p9, n4
):
    for who, sex in people:
        if who == "returnee":
            ParticipantFactory(project=project, returnee=returnee(sex=sex))
        else:
            community_member(project, sex=sex)
    assert rate("project_gender_mix", project)[0] == p9
    assert rate("project_gender_exclusion", project)[0] == n4


def test_a_returnees_stated_gender_counts_before_the_recorded_sex(project, returnee):
    ParticipantFactory(project=project, returnee=returnee(sex="male", gender="woman"))
    community_member(project, sex="male")
    assert rate("project_gender_mix", project)[:2] == (1, {"women": 1, "men": 1, "other": 0})


def test_n4_recorded_gender_considerations_mean_no(project, returnee):
    project.gender_considerations = "Women-only morning shifts; childcare on site."
    project.save()
    assert rate("project_gender_exclusion", project) == (
        0,
        {"gender_considerations_recorded": True},
        "The project records its gender considerations.",
    )
    ParticipantFactory(project=project, returnee=returnee(sex="male"))
    assert rate("project_gender_exclusion", project)[0] == 0


def test_providers_are_set_based(organization, returnee, django_assert_num_queries):
    projects = [ProjectFactory(organization=organization) for _ in range(6)]
    for project in projects:
        ParticipantFactory(project=project, returnee=returnee())
        community_member(project, sex="male")
    ids = [p.pk for p in projects]
    shared: dict = {}
    # 1 the active participants of every project with their returnee's sex, gender and
    # vulnerabilities, shared by the four providers; 1 the projects' gender considerations.
    with django_assert_num_queries(2):
        for key in PROVIDERS:
            found = evidence.compute(key, ids, thresholds={}, today=TODAY, shared=shared)
            assert set(found) == set(ids)


def test_the_appraisal_keeps_the_suggestions_beside_the_answers(
    make_project, make_returnee, case_manager, programme_manager
):
    project = make_project()
    for sex in ("female", "male"):
        services.participant_add(
            actor=case_manager, project=project, returnee=make_returnee(sex=sex), fields={}
        )
    services.participant_add(
        actor=case_manager, project=project, fields={"name": "Alpha", "sex": "male"}
    )
    appraisal = services.project_appraise(
        actor=programme_manager,
        project=project,
        assessed_on=TODAY,
        answers={"P1": {"choice": "no", "text": "Only one community member so far"}},
    )
    rows = {
        a.item.code: (a.choice, a.computed_rating)
        for a in Answer.objects.filter(assessment=appraisal).select_related("item")
    }
    assert rows == {
        "P1": ("no", 0),
        "P2": ("", None),
        "P3": ("", 0),
        "P4": ("", None),
        "P5": ("", None),
        "P6": ("", None),
        "P7": ("", None),
        "P8": ("", None),
        "P9": ("", 1),
        "N1": ("", None),
        "N2": ("", None),
        "N3": ("", None),
        "N4": ("", 0),
    }
    assert Participant.objects.count() == 3
