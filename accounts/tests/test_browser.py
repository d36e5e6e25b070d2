"""In a real Chromium: each demo role logs in through the login page and sees its home."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASEWORK = [
    "Home",
    "Caseload",
    "Returnees",
    "Referrals",
    "Communities",
    "Dashboard",
    "Map",
    "Projects",
    "Peer support",
]
HOMES = {
    "demo-case-manager": ("My caseload", [*CASEWORK, "Financial groups"]),
    "demo-supervisor": ("My team", [*CASEWORK, "Financial groups", "Audit trail"]),
    "demo-programme-manager": (
        "Programme overview",
        [
            "Home",
            "Returnees",
            "Communities",
            "Dashboard",
            "Map",
            "Projects",
            "Peer support",
            "Ranking",
            "Field data",
            "Financial groups",
            "API documentation",
        ],
    ),
    "demo-partner": ("Partner access", ["Home", "Referrals", "API documentation"]),
    "demo-admin": (
        "Administration",
        [
            *CASEWORK,
            "Ranking",
            "Field data",
            "Financial groups",
            "API documentation",
            "Audit trail",
            "Administration",
        ],
    ),
}


def test_each_demo_role_logs_in_and_sees_its_home_page(page, login_page):
    call_command("seed_demo")
    for username, (heading, nav) in HOMES.items():
        page.goto("/")
        # Anonymous visitors land on the login page.
        assert page.url.endswith("/accounts/login/?next=/")
        login_page(username, DEMO_PASSWORD)
        assert page.get_by_test_id("home-heading").inner_text() == heading
        assert page.get_by_test_id("nav").locator("a").all_inner_texts() == nav
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/accounts/login/")


def test_wrong_password_shows_an_error_in_the_browser(page):
    call_command("seed_demo")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo-case-manager")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert "Please enter a correct username and password" in page.locator("main").inner_text()
