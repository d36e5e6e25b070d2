"""The suitability tab, the ranking and the community analyses in the browser."""

import datetime

import pytest

from assessments import services
from assessments.models import Assessment
from communities.tests.factories import CommunityFactory
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db


def scored(case_manager, name, returns):
    community = CommunityFactory(name=name)
    for _ in range(returns):
        ReturneeFactory(
            community=community, case_manager=case_manager, return_date=datetime.date.today()
        )
    return community


def test_ranking_orders_by_score_and_says_what_is_missing(
    client_for, programme_manager, case_manager, django_assert_num_queries
):
    low = scored(case_manager, "Low", 3)
    high = scored(case_manager, "High", 25)
    services.community_score()
    client = client_for(programme_manager)
    # 1 session, 2 user, 3-4 permissions, 5 COUNT, 6 the page of ranked communities with
    # their latest score as subqueries, 7 groups (navigation), 8 organization (user menu).
    with django_assert_num_queries(8):
        response = client.get("/assessments/ranking/")
    rows = response.context["rows"]
    assert [c.name for c, _ in rows] == ["High", "Low"]
    assert rows[0][1] == [
        "2: evidence missing",
        "3: rated 0",
        "4: evidence missing",
        "5: rated 0",
        "6: evidence missing",
        "7: rated 0",
    ]

    def names(query):
        return [c.name for c, _ in client.get(f"/assessments/ranking/?{query}").context["rows"]]

    # 1, 3, 5 and 7 are known (4 of 7 weights): 57.1% coverage, low scores.
    assert names("band=unfavourable") == ["High", "Low"]
    assert names("band=insufficient") == []
    assert names("min_coverage=60") == []
    assert low.pk != high.pk


def test_case_manager_reads_suitability_but_cannot_override(client_for, case_manager):
    community = scored(case_manager, "Kaloum", 8)
    services.community_score()
    client = client_for(case_manager)
    page = client.get(f"/assessments/communities/{community.pk}/")
    assert page.status_code == 200
    assert "Record rating 1" not in page.content.decode()
    response = client.post(
        f"/assessments/communities/{community.pk}/rate/",
        {"item_code": "1", "rating": "3", "justification": "x"},
    )
    assert response.status_code == 403
    assert client.post(f"/assessments/communities/{community.pk}/rescore/").status_code == 403


def test_record_a_table_3_1_analysis_and_see_completion(client_for, programme_manager):
    community = CommunityFactory()
    client = client_for(programme_manager)
    form = client.get(f"/assessments/communities/{community.pk}/analyses/table_3_1/new/")
    assert len(form.context["forms"]) == 27
    response = client.post(
        f"/assessments/communities/{community.pk}/analyses/table_3_1/new/",
        {
            "assessed_on": "2026-11-02",
            "notes": "",
            "item-1-text": "Mobility is part of youth culture",
            "item-1-methods": ["focus_group"],
            "item-19-text": "Commune, two NGOs",
            "item-19-sources": "Stakeholder map 2026",
        },
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/assessments/analyses/{assessment.pk}/"
    detail = client.get(response["Location"])
    completion = [(g["answered"], g["total"]) for g in detail.context["completion"]]
    assert completion == [(1, 5), (0, 3), (0, 5), (0, 5), (1, 7), (0, 2)]


def test_child_protection_rating_out_of_range_is_refused(client_for, programme_manager):
    community = CommunityFactory()
    response = client_for(programme_manager).post(
        f"/assessments/communities/{community.pk}/analyses/child_protection/new/",
        {"assessed_on": "2026-11-02", "item-1-rating": "7"},
    )
    assert response.status_code == 200
    first = response.context["forms"][0]
    assert first.errors == {
        "rating": ["Select a valid choice. 7 is not one of the available choices."]
    }
    assert Assessment.objects.count() == 0


def test_the_suitability_page_costs_the_same_queries_whatever_the_history(
    client_for, programme_manager, case_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import CommunityScore

    community = scored(case_manager, "Kaloum", 8)
    services.community_score()
    client = client_for(programme_manager)
    url = f"/assessments/communities/{community.pk}/"
    client.get(url)  # warm the per-session caches
    with CaptureQueriesContext(connection) as one_score:
        assert client.get(url).status_code == 200
    first = CommunityScore.objects.get(community=community)
    for _ in range(3):  # three more scores in the history chart
        first.pk = None
        first.save()
    with CaptureQueriesContext(connection) as four_scores:
        assert client.get(url).status_code == 200
    assert len(four_scores) == len(one_score)
