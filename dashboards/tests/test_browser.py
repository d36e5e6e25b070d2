"""In Chromium with the network cut: a programme manager reads the overview, the map (its
country boundaries and community markers drawn from the application's own static files) and
a community's dashboard, and the figures match the hand count of tests/data.py (issue 8,
acceptance 1)."""

from urllib.parse import urlsplit

import pytest

from dashboards.tests import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@pytest.fixture
def offline(page):
    """Abort every request that leaves the machine, and list them: there must be none."""
    attempted: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            attempted.append(url)
            route.abort("internetdisconnected")

    page.route("**/*", handle)
    return attempted


def test_overview_map_and_community_offline(
    page, login_page, offline, programme_manager, case_manager, outsider
):
    programme = data.build(case_manager=case_manager, outsider=outsider)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login_page("programme-manager")

    page.get_by_role("link", name="Dashboard").click()
    page.get_by_test_id("overview-heading").wait_for()
    assert page.get_by_test_id("figure-returnees-arrivals").inner_text() == "5"
    assert page.get_by_test_id("figure-referrals-overdue_follow_ups").inner_text() == "2"
    assert page.get_by_test_id("figure-referrals-completion_rate").inner_text() == "33.3%"
    charts = page.locator("canvas[data-chart]")
    # Arrivals, referrals, bands, school enrolment; projects by approach, kind, step and
    # participants; peer-support coverage, event participants, by community; financial
    # groups by kind (savings by currency has no chart: one scale cannot hold currencies).
    assert charts.count() == 12
    assert page.locator("canvas[data-rendered=true]").count() == 12
    assert page.get_by_test_id("figure-projects-projects").inner_text() == "3"
    assert page.get_by_test_id("figure-peer_support-coverage").inner_text() == "60.0%"
    band_rows = page.get_by_test_id("table-suitability-communities_by_band").locator("tbody tr")
    assert band_rows.first.inner_text().split("\t") == ["Favourable", "1"]

    page.get_by_role("link", name="Map of communities").click()
    page.get_by_test_id("map-heading").wait_for()
    page.wait_for_selector("#community-map[data-boundaries=loaded]")
    boundaries = page.locator("#community-map path.country-boundary")
    assert boundaries.count() > 200  # Natural Earth's countries
    markers = page.locator("#community-map path.community-marker")
    assert markers.count() == 3  # Kaloum, Kankan Ville, Pikine; Nowhere has no coordinates
    assert page.get_by_test_id("without-location").is_visible()

    # Kaloum is the largest circle (3 arrivals): open its popup and its dashboard.
    page.evaluate(
        "() => { const m = [...document.querySelectorAll('path.community-marker')];"
        " m.sort((a, b) => b.getBBox().width - a.getBBox().width);"
        " m[0].dispatchEvent(new MouseEvent('click', {bubbles: true})); }"
    )
    popup = page.locator(".leaflet-popup-content")
    assert "Kaloum" in popup.inner_text()
    popup.get_by_role("link", name="Community dashboard").click()

    page.get_by_test_id("community-heading").wait_for()
    assert page.get_by_test_id("community-heading").inner_text() == "Kaloum"
    assert page.get_by_test_id("figure-arrivals-arrivals_12_months").inner_text() == "3"
    assert page.get_by_test_id("figure-suitability-band").inner_text() == "Favourable"
    assert page.get_by_test_id("pcode").inner_text() == "GN0101"
    # Arrivals, score history, criteria, profile; projects and benefit balance; coverage,
    # peer groups, network groups; financial groups.
    assert page.locator("canvas[data-rendered=true]").count() == 10
    assert page.get_by_test_id("figure-projects-projects").inner_text() == "2"
    assert programme.kaloum.pcode == "GN0101"

    assert offline == [], f"requests to the network: {offline}"
    assert errors == []
