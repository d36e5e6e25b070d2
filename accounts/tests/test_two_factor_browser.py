"""In Chromium: a case manager sets up two-factor authentication, logs out, and logs in
again with the password and a code computed from the key shown on the set-up page."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_enrol_then_log_in_with_a_code(page, login_page, case_manager):
    login_page("case-manager")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    assert "is off" in page.get_by_test_id("two-factor-status").inner_text()
    page.get_by_role("link", name="Set up").click()
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_test_id("totp-qr").locator("svg").count() == 1
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    assert "is on" in page.get_by_test_id("two-factor-status").inner_text()

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("case-manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("[data-testid=login-code]")
    # The code of the next time step: the one used to enrol is accepted only once.
    page.get_by_label("Code from your authenticator app").fill(code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_selector("[data-testid=home-heading]")
    assert page.get_by_test_id("home-heading").inner_text() == "My caseload"
