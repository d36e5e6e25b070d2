"""Login, logout, password change, and throttling of failed logins (django-axes)."""

import pytest
from axes.models import AccessAttempt

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_login_and_logout(client, case_manager):
    response = attempt(client, "case-manager", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_session_is_rotated_at_login(client, case_manager):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    attempt(client, "case-manager", PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"


def test_wrong_password_says_so_and_logs_nobody_in(client, case_manager):
    response = attempt(client, "case-manager", "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_username_is_locked_after_five_failures_from_any_address(client, case_manager, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for n in range(5):
        attempt(client, "case-manager", "wrong", REMOTE_ADDR=f"10.0.0.{n}")
    # Even the right password from a fresh address is refused while locked.
    response = attempt(client, "case-manager", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_address_is_locked_after_five_failures_on_any_username(client, case_manager):
    for n in range(5):
        attempt(client, f"guess{n}", "wrong", REMOTE_ADDR="10.1.1.1")
    response = attempt(client, "case-manager", PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert attempt(client, "case-manager", PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 302


def test_forged_forwarded_for_does_not_bypass_the_address_lock(client, case_manager):
    # No trusted proxy: X-Forwarded-For is the client's own words and is ignored.
    for n in range(5):
        attempt(
            client, f"guess{n}", "wrong", REMOTE_ADDR="10.2.2.2", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}"
        )
    response = attempt(
        client, "case-manager", PASSWORD, REMOTE_ADDR="10.2.2.2", HTTP_X_FORWARDED_FOR="9.9.9.9"
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.2.2.2"}


def test_behind_one_trusted_proxy_the_client_is_the_last_forwarded_address(
    client, case_manager, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forges a first entry; the proxy appends the real address last.
    for n in range(5):
        attempt(
            client,
            f"guess{n}",
            "wrong",
            REMOTE_ADDR="172.16.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    response = attempt(
        client,
        "case-manager",
        PASSWORD,
        REMOTE_ADDR="172.16.0.1",
        HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.7",
    )
    assert response.status_code == 429


def test_password_change_validates_and_changes(client_for, case_manager):
    client = client_for(case_manager)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    case_manager.refresh_from_db()
    assert case_manager.check_password(PASSWORD)
    new = "a-much-longer-passphrase-2026"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    case_manager.refresh_from_db()
    assert case_manager.check_password(new)
