"""A community's dashboard and the map, against a hand count of tests/data.py."""

from decimal import Decimal

import pytest

from assessments.providers import months_before
from dashboards.periods import add_months, month_label
from dashboards.tests import data
from dashboards.tests.test_overview_figures import figures, old_figures, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(case_manager, outsider, partner_organization):
    return data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )


def test_community_dashboard(client_for, programme_manager, programme):
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.kaloum.pk}/")
    assert response.status_code == 200
    assert old_figures(response) == {
        # r1 (this month), r2, r4 (last month); r3 returned 13 months ago; o1 is not ours.
        "arrivals.arrivals_12_months": 3,
        "arrivals.returnees": 4,
        "arrivals.open_cases": 3,
        "suitability.band": "Favourable",
        "suitability.score": Decimal("80.0"),
        "suitability.coverage": Decimal("100.0"),
        "suitability.scored_at": f"{programme.scores['kaloum'].computed_at:%Y-%m-%d}",
        "profile.profile_date": str(programme.profiles["newer"].profile_date),
        "profile.indicators_rated": 3,  # indicators 1, 2, 3; 4 is unknown
        "profile.indicators_better": 1,  # indicator 1: 2 -> 3
        "profile.indicators_worse": 0,
    }
    today = programme.today
    months = table(response, "arrivals", "arrivals_by_month")
    assert len(months) == 24
    assert {m: n for m, n in months if n} == {
        month_label(add_months(today, -13)): 1,
        month_label(add_months(today, -1)): 2,
        month_label(today): 1,
    }
    history = table(response, "suitability", "score_history")
    assert [(row[3]) for row in history] == ["Unfavourable", "Favourable"]
    assert table(response, "suitability", "criteria") == [
        ["1", "Recent returns", 3, "computed"],
        ["2", "Skills match", None, "unknown"],
        ["3", "Collective interest", 2, "assessor"],
    ]
    rows = table(response, "profile", "profile_indicators")
    assert [(r[2], r[3], r[4]) for r in rows] == [
        (2, 3, "better"),
        (4, 4, "same"),
        (None, 2, "newly known"),
        (None, None, "unknown"),
    ]
    html = response.content.decode()
    assert 'data-testid="pcode">GN0101<' in html
    assert 'data-testid="iso">GIN<' in html


def test_a_community_without_scores_or_profiles(client_for, programme_manager, programme):
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.pikine.pk}/")
    found = figures(response)
    assert found["arrivals.arrivals_12_months"] == 1
    assert found["suitability.band"] is None
    assert found["profile.profile_date"] is None
    assert table(response, "profile", "profile_indicators") == []
    assert "Nothing to show yet." in response.content.decode()


def test_an_unknown_community_is_404(client_for, programme_manager, programme):
    assert client_for(programme_manager).get("/dashboards/communities/999999/").status_code == 404


def test_map_points(client_for, programme_manager, programme):
    response = client_for(programme_manager).get("/dashboards/map/")
    assert response.status_code == 200
    found = response.context["data"]
    points = {p["name"]: (p["band"], p["arrivals"], p["colour"]) for p in found["points"]}
    assert points == {
        # Since the same day a year ago: r1, r2, r4 (r3 is older, o1 not ours).
        "Kaloum": ("favourable", 3, "#1a9850"),
        "Kankan Ville": ("conditional", 1, "#fdae61"),
        "Pikine": ("", 1, "#ffffff"),
    }
    assert found["without_location"] == 1  # Nowhere
    assert found["countries"] == ["324", "686"]  # ISO numeric of GIN and SEN
    assert found["since"] == months_before(programme.today, 12)
    assert [row[:7] for row in found["table"].rows] == [
        ["Kaloum", "GN0101", "GIN", "Conakry", "Kaloum", "Favourable", 3],
        ["Nowhere", "GN0103", "GIN", "Conakry", "Dixinn", "Insufficient evidence", 0],
        ["Kankan Ville", "GN0601", "GIN", "Kankan", "Kankan", "Conditional", 1],
        ["Pikine", "SN0103", "SEN", "Dakar", "Pikine", "Not scored yet", 1],
    ]
    html = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in html
    assert "vendor/world-atlas/countries-50m.json" in html
    assert "1 community without coordinates is in the table only." in html


def test_map_filters_and_administrator(client_for, administrator, programme):
    response = client_for(administrator).get("/dashboards/map/?country=GIN")
    points = {p["name"]: p["arrivals"] for p in response.context["data"]["points"]}
    assert points == {"Kaloum": 4, "Kankan Ville": 1}  # o1 counts for an administrator


@pytest.mark.parametrize("persona", ["partner", None])
def test_partners_and_anonymous_are_refused(request, client, client_for, programme, persona):
    urls = [
        "/dashboards/",
        "/dashboards/map/",
        f"/dashboards/communities/{programme.kaloum.pk}/",
        "/dashboards/tables/arrivals_by_month.csv",
        "/dashboards/map/table.csv",
    ]
    for url in urls:
        if persona:
            response = client_for(request.getfixturevalue(persona)).get(url)
            assert response.status_code == 403, url
        else:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/")


def test_the_navigation_links_the_dashboards(client_for, case_manager, programme):
    html = client_for(case_manager).get("/").content.decode()
    assert 'href="/dashboards/"' in html
    assert 'href="/dashboards/map/"' in html


def test_a_single_profile_lists_its_indicators_without_trend(
    client_for, programme_manager, programme, case_manager
):
    data._profile(programme.pikine, programme.today, {2: 5, 1: 1}, case_manager)
    response = client_for(programme_manager).get(f"/dashboards/communities/{programme.pikine.pk}/")
    rows = table(response, "profile", "profile_indicators")
    assert [(r[2], r[3], r[4]) for r in rows] == [(None, 1, "—"), (None, 5, "—")]
    found = figures(response)
    assert (found["profile.indicators_rated"], found["profile.indicators_better"]) == (2, None)
