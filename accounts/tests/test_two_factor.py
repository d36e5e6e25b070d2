"""Two-factor authentication with TOTP: enrolment behind the current password, login asking
for the code, the roles that must use it, and the admin's own login form closed. Codes are
computed from the device's key, as an authenticator app does."""

import time
from binascii import unhexlify

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent
from accounts.services import totp_device_begin, totp_device_confirm
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code(device, steps_ahead=0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second steps later:
    a code is accepted once, so a second login in the same step uses the next one)."""
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def enrolled(case_manager):
    device = totp_device_begin(user=case_manager)
    assert totp_device_confirm(user=case_manager, device=device, token=code(device))
    device.refresh_from_db()
    return device


def log_in(client, username="case-manager", password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


# --- enrolment ---


def test_enrolment_asks_for_the_password_then_a_code(client_for, case_manager):
    client = client_for(case_manager)
    assert "is <strong>off</strong>" in client.get("/accounts/two-factor/").content.decode()
    setup = "/accounts/two-factor/set-up/"
    wrong = client.post(setup, {"password": "not-my-password"})
    assert "That is not your current password." in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    assert client.post(setup, {"password": PASSWORD}).status_code == 302
    page = client.get(setup).content.decode()
    device = TOTPDevice.objects.get(user=case_manager)
    assert device.confirmed is False
    assert 'data-testid="totp-qr"><svg' in page
    assert "otpauth://totp/Community%20reintegration%3Acase-manager?secret=" in page
    # Not yet on: an unconfirmed device asks nothing at login.
    assert "is <strong>off</strong>" in client.get("/accounts/two-factor/").content.decode()

    bad = client.post(setup, {"code": "000000" if code(device) != "000000" else "111111"})
    assert "That code is not right" in bad.content.decode()
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the app's next try comes after the delay
    device.throttling_failure_count = 0
    device.save()
    done = client.post(setup, {"code": code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    event = AuditEvent.objects.get(object_id=str(case_manager.pk), action="update")
    assert event.changes == {"two_factor": ["off", "on"]}
    assert device.key not in str(event.changes)


def test_a_new_enrolment_replaces_the_old_device(case_manager, enrolled):
    second = totp_device_begin(user=case_manager)
    assert totp_device_confirm(user=case_manager, device=second, token=code(second))
    assert list(TOTPDevice.objects.filter(user=case_manager)) == [second]


def test_turning_it_off_asks_for_the_password(client_for, case_manager, enrolled):
    client = client_for(case_manager)
    url = "/accounts/two-factor/remove/"
    refused = client.post(url, {"password": "wrong-password-here"})
    assert "That is not your current password." in refused.content.decode()
    assert TOTPDevice.objects.filter(user=case_manager).exists()
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=case_manager).exists()
    assert AuditEvent.objects.filter(changes__two_factor=["on", "off"]).count() == 1


def test_changing_the_password_asks_for_the_current_one(client_for, case_manager):
    client = client_for(case_manager)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "not-the-password",
            "new_password1": "a-brand-new-long-passphrase",
            "new_password2": "a-brand-new-long-passphrase",
        },
    )
    assert response.status_code == 200
    case_manager.refresh_from_db()
    assert case_manager.check_password(PASSWORD)


# --- login ---


def test_login_asks_for_the_code_of_a_user_with_a_device(client, case_manager, enrolled):
    response = log_in(client, next_url="/returnees/")
    assert response["Location"] == "/accounts/login/code/"
    # Not logged in yet: the password alone opens nothing.
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    response = client.post("/accounts/login/code/", {"code": code(enrolled, steps_ahead=1)})
    assert response["Location"] == "/returnees/"
    assert client.session["_auth_user_id"] == str(case_manager.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == enrolled.persistent_id
    assert client.get("/").status_code == 200


def test_a_wrong_code_logs_nobody_in_and_five_send_back_to_the_password(
    client, case_manager, enrolled
):
    log_in(client)
    wrong = "000000" if code(enrolled, 1) != "000000" else "111111"
    for _ in range(4):
        response = client.post("/accounts/login/code/", {"code": wrong})
        assert "That code is not right" in response.content.decode()
    last = client.post("/accounts/login/code/", {"code": wrong})
    assert last["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    # The pending login is gone: even the right code needs the password again.
    assert client.post("/accounts/login/code/", {"code": code(enrolled, 1)})["Location"] == (
        "/accounts/login/"
    )


def test_the_code_step_expires(client, case_manager, enrolled, settings):
    log_in(client)
    session = client.session
    pending = session["_two_factor_pending"]
    pending["since"] -= settings.TWO_FACTOR_LOGIN_MINUTES * 60 + 1
    session["_two_factor_pending"] = pending
    session.save()
    response = client.post("/accounts/login/code/", {"code": code(enrolled, 1)})
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_step_sends_to_login(client):
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_users_without_a_device_log_in_with_the_password_alone(client, colleague):
    assert log_in(client, "colleague")["Location"] == "/"
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_admin_login_form_cannot_skip_the_code(client, administrator, enrolled):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    # Posting a password to the admin's form logs nobody in either.
    client.post("/admin/login/", {"username": "administrator", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


# --- roles that must use it ---


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["admin", "supervisor"]


def test_required_roles_without_a_device_are_sent_to_enrol_first(client_for, supervisor, required):
    client = client_for(supervisor)
    for url in ("/", "/returnees/", "/accounts/audit/"):
        response = client.get(url)
        assert response["Location"] == "/accounts/two-factor/set-up/", url
    assert client.get("/api/v1/returnees/").status_code == 403
    assert client.get("/accounts/two-factor/set-up/").status_code == 200
    client.post("/accounts/two-factor/set-up/", {"password": PASSWORD})
    device = TOTPDevice.objects.get(user=supervisor)
    client.post("/accounts/two-factor/set-up/", {"code": code(device)})
    assert client.get("/").status_code == 200


def test_required_roles_with_a_device_but_an_unverified_session_sign_in_again(
    client_for, supervisor, required
):
    device = totp_device_begin(user=supervisor)
    totp_device_confirm(user=supervisor, device=device, token=code(device))
    client = client_for(supervisor)  # a session that never passed the code
    response = client.get("/returnees/")
    assert response["Location"] == "/accounts/login/?next=/returnees/"
    assert "_auth_user_id" not in client.session


def test_other_roles_are_not_forced(client_for, case_manager, required):
    assert client_for(case_manager).get("/").status_code == 200


def test_no_required_role_costs_no_query(client_for, case_manager, django_assert_num_queries):
    client = client_for(case_manager)
    client.get("/")
    # session, user, roles, the user's organization (the menu): as before two-factor.
    with django_assert_num_queries(4):
        assert client.get("/accounts/password/").status_code == 200


def test_an_unknown_required_role_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("TWO_FACTOR_REQUIRED_ROLES", "admin,superhero")
    with pytest.raises(ImproperlyConfigured, match="unknown role"):
        importlib.reload(config.settings)
    monkeypatch.delenv("TWO_FACTOR_REQUIRED_ROLES")
    importlib.reload(config.settings)


def test_the_settings_list_of_roles_is_the_role_table():
    from accounts.models import Role
    from config.settings import _roles

    assert _roles == set(Role.values)
