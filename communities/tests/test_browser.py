"""In Chromium: a programme manager creates a community, records a profile, records a
review a year later and sees the comparison."""

import datetime

import pytest

from communities.models import Community, CommunityProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_profile(page, community_pk, date, ratings):
    page.goto(f"/communities/{community_pk}/profiles/new/")
    page.get_by_label("Profile date").fill(date)
    page.get_by_label("Assessors").fill("Field team A")
    for code, rating in ratings.items():
        entry = page.locator(f"fieldset[data-indicator={code}]")
        entry.get_by_label("Rating").select_option(str(rating))
        entry.get_by_label("Finding").fill(f"Observed in {date}")
        entry.get_by_label("Focus group discussion").check()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_selector("[data-testid=profile-status]")


def test_create_community_record_profiles_and_compare(page, login_page, programme_manager):
    login_page("programme-manager")
    page.get_by_role("link", name="Communities").first.click()
    assert "No community has been recorded yet." in page.locator("main").inner_text()
    page.get_by_role("link", name="New community").click()

    page.get_by_label("Name").fill("Kaloum")
    page.get_by_label("Country").select_option("GIN")
    page.get_by_label("First administrative level").fill("Conakry")
    page.get_by_label("Second administrative level").fill("Kaloum")
    page.get_by_label("OCHA P-code").fill("GN0101")
    page.get_by_label("Latitude").fill("200")
    page.get_by_label("Longitude").fill("-13.7")
    page.get_by_label("Area type").select_option("urban")
    page.get_by_role("button", name="Save").click()
    # Bad input: the field says why, nothing is saved.
    assert "Latitude must be between -90 and 90." in page.locator("main").inner_text()
    assert Community.objects.count() == 0
    page.get_by_label("Latitude").fill("9.5")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("community-name").inner_text() == "Kaloum"
    community = Community.objects.get()

    last_year = (datetime.date.today() - datetime.timedelta(days=400)).isoformat()
    record_profile(page, community.pk, last_year, {"safety_levels": 2, "income_and_employment": 4})
    # Finalising asks for confirmation first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalise").click()
    page.wait_for_selector("[data-testid=profile-status]:has-text('Final')")
    page.goto(f"/communities/{community.pk}/")
    assert page.get_by_test_id("due-for-review").is_visible()

    today = datetime.date.today().isoformat()
    record_profile(page, community.pk, today, {"safety_levels": 4, "income_and_employment": 3})
    assert CommunityProfile.objects.count() == 2
    page.goto(f"/communities/{community.pk}/")
    assert page.get_by_test_id("due-for-review").count() == 0

    page.goto(f"/communities/{community.pk}/?tab=history")
    page.get_by_role("link", name="Compare the two latest profiles").click()
    table = page.get_by_test_id("compare-table")
    safety = table.locator("tr", has_text="Safety levels")
    income = table.locator("tr", has_text="Income and employment")
    assert "better" in safety.inner_text()
    assert "worse" in income.inner_text()
    assert (
        page.get_by_test_id("compare-summary")
        .inner_text()
        .endswith("1 better · 1 worse · 18 unknown")
    )
