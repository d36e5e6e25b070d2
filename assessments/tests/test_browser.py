"""In Chromium: a programme manager opens a community, sees each criterion's evidence,
overrides one with a justification, rescores, and sees the history (acceptance 3)."""

import datetime

import pytest

from assessments.models import Answer, CommunityScore
from communities.tests.factories import CommunityFactory, StakeholderFactory
from reintegration.tests.factories import ReturneeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_override_a_criterion_and_rescore(page, login_page, programme_manager, case_manager):
    community = CommunityFactory(name="Kankan Ville")
    for _ in range(8):
        ReturneeFactory(
            community=community,
            case_manager=case_manager,
            return_date=datetime.date.today() - datetime.timedelta(days=30),
        )
    StakeholderFactory(community=community, is_civil_society=True)
    login_page("programme-manager")
    page.goto(f"/communities/{community.pk}/")
    page.get_by_role("link", name="Suitability").click()
    assert "has not been scored yet" in page.locator("main").inner_text()
    page.get_by_role("button", name="Rescore").click()

    criteria = page.get_by_test_id("criteria")
    assert page.get_by_test_id("rating-1").inner_text() == "2"
    assert "8 returnee(s) returned since" in criteria.locator("[data-criterion='1']").inner_text()
    assert page.get_by_test_id("rating-7").inner_text() == "1"
    assert page.get_by_test_id("rating-2").inner_text() == "Unknown"
    assert "Unknown: no livelihood opportunity recorded." in criteria.inner_text()
    first_coverage = page.get_by_test_id("coverage").inner_text()

    row = criteria.locator("[data-criterion='1']")
    row.get_by_label("Your rating of criterion 1").select_option("3")
    row.get_by_role("button", name="Record rating 1").click()
    assert "Say why you override the rating computed from the database." in (
        page.locator("main").inner_text()
    )
    assert page.get_by_test_id("rating-1").inner_text() == "2"

    row = page.get_by_test_id("criteria").locator("[data-criterion='1']")
    row.get_by_label("Your rating of criterion 1").select_option("3")
    row.get_by_label("Justification for criterion 1").fill("A large return flight lands next week")
    row.get_by_role("button", name="Record rating 1").click()
    assert page.get_by_test_id("rating-1").inner_text() == "3"
    row = page.get_by_test_id("criteria").locator("[data-criterion='1']")
    assert "override (computed: 2)" in row.inner_text()
    assert "A large return flight lands next week" in row.inner_text()

    assert page.get_by_test_id("history").locator("tbody tr").count() == 2
    assert CommunityScore.objects.filter(community=community).count() == 2
    answer = Answer.objects.get()
    assert (answer.source, answer.rating, answer.computed_rating) == ("override", 3, 2)
    assert page.get_by_test_id("coverage").inner_text() == first_coverage
    assert page.locator("#score-chart").is_visible()
