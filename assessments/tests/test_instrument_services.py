"""Recording assessments with the handbook's other instruments and their conclusions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments import selectors, services
from assessments.models import Assessment, Instrument
from communities.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 1)


def record(code, answers, *, actor, community=None, subject=None):
    return services.assessment_record(
        actor=actor,
        instrument=Instrument.objects.get(code=code, is_active=True),
        assessed_on=DAY,
        answers=answers,
        community=community,
        subject=subject,
    )


def yes(*codes):
    return {code: {"choice": "yes"} for code in codes}


@pytest.fixture
def project_stand_in(programme_manager):
    """Projects arrive with their own issue; any model instance stands in as the subject."""
    return programme_manager.organization


@pytest.mark.parametrize(
    ("answers", "conclusion", "why"),
    [
        (
            yes("P1", "P2", "P3", "P4", "P5", "P6"),
            "recommended",
            "6 positive criteria met and no negative one.",
        ),
        (
            yes("P1", "P2", "P3", "P4", "P5"),
            "needs review",
            "5 positive criteria met (6 needed) and no negative one.",
        ),
        (
            {**yes("P1", "P2", "P3", "P4", "P5", "P6", "P7"), "N4": {"choice": "yes"}},
            "not recommended",
            "Negative criteria met: N4 Project that does not integrate any gender considerations",
        ),
    ],
)
def test_table_3_2_recommendation(programme_manager, project_stand_in, answers, conclusion, why):
    assessment = record("table_3_2", answers, actor=programme_manager, subject=project_stand_in)
    assert assessment.conclusion == conclusion
    assert assessment.notes == why
    assert assessment.answers.count() == 13


def test_table_3_5_any_unsuitable_means_not_suitable(programme_manager, project_stand_in):
    instrument = Instrument.objects.get(code="table_3_5")
    codes = list(instrument.items.values_list("code", flat=True))
    all_suitable = {code: {"choice": "suitable"} for code in codes}
    assert (
        record(
            "table_3_5", all_suitable, actor=programme_manager, subject=project_stand_in
        ).conclusion
        == "suitable"
    )
    one_bad = {**all_suitable, codes[3]: {"choice": "unsuitable"}}
    assessment = record("table_3_5", one_bad, actor=programme_manager, subject=project_stand_in)
    assert (assessment.conclusion, assessment.notes) == (
        "not suitable",
        f"Unsuitable on: {codes[3]}",
    )
    partial = {codes[0]: {"choice": "concern"}}
    assert (
        record("table_3_5", partial, actor=programme_manager, subject=project_stand_in).conclusion
        == "incomplete"
    )


def test_table_3_1_completion_per_phase(programme_manager):
    community = CommunityFactory()
    answers = {
        str(n): {"text": f"Answer {n}", "methods": ["focus_group"], "sources": "FGD"}
        for n in (1, 2, 3, 6, 19)
    }
    assessment = record("table_3_1", answers, actor=programme_manager, community=community)
    completion = {
        g["group"]: (g["answered"], g["total"]) for g in selectors.completion_by_group(assessment)
    }
    assert list(completion.values()) == [(3, 5), (1, 3), (0, 5), (0, 5), (1, 7), (0, 2)]


def test_bad_answers_name_the_item_and_save_nothing(programme_manager, project_stand_in):
    community = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        record(
            "child_protection", {"1": {"rating": 9}}, actor=programme_manager, community=community
        )
    assert error.value.message_dict == {"1-rating": ["Rate from 1 to 5, or leave it unknown."]}
    with pytest.raises(ValidationError) as error:
        record(
            "table_3_2",
            {"P1": {"choice": "maybe"}},
            actor=programme_manager,
            subject=project_stand_in,
        )
    assert error.value.message_dict == {"P1-choice": ["Answer one of: yes, no, unknown."]}
    with pytest.raises(ValidationError) as error:
        record("table_3_1", {"99": {"text": "x"}}, actor=programme_manager, community=community)
    assert error.value.message_dict == {"answers": ["Unknown item(s): 99."]}
    with pytest.raises(ValidationError):
        record("table_3_2", yes("P1"), actor=programme_manager, community=community)
    assert Assessment.objects.count() == 0
