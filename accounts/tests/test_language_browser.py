"""In a real Chromium: a case manager who reads Arabic gets the caseload right to left
(issue 11, "a Playwright test takes a screenshot of the caseload page in Arabic and checks
the page direction"). The screenshot is kept in tests/artifacts/ (git-ignored) to look at."""

import struct
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "tests" / "artifacts"


def test_the_caseload_in_arabic_is_right_to_left(page, login_page, case_manager):
    case_manager.language = "ar"
    case_manager.save()
    login_page("case-manager")
    page.goto("/returnees/caseload/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href && new URL(s.href).pathname)")
    assert sheets == ["/static/vendor/bootstrap/bootstrap.rtl.min.css", "/static/css/app.css"]
    # The navigation is in Arabic, "Home" first.
    assert page.get_by_test_id("nav").locator("a").first.inner_text() == "الرئيسية"
    # Nothing is wider than the window (an overflow would open a scroll to the left).
    assert page.evaluate("document.documentElement.scrollWidth") == page.viewport_size["width"]
    # Right to left: the brand sits at the right edge, the user menu at the left.
    brand = page.locator(".navbar-brand").bounding_box()
    menu = page.get_by_test_id("user-menu").bounding_box()
    assert brand["x"] > menu["x"]

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "caseload-ar.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width == page.viewport_size["width"]
    assert height >= page.viewport_size["height"]
    assert len(data) > 10_000
