"""Sessions end when idle, at their absolute lifetime, and when the user is disabled."""

import time

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from accounts.middleware import LAST_SEEN, STARTED

HOME = "/"


def age_session(client, *, idle_seconds=0, age_seconds=0):
    session = client.session
    now = int(time.time())
    session[LAST_SEEN] = now - idle_seconds
    session[STARTED] = now - age_seconds
    session.save()


@pytest.mark.django_db
def test_an_active_session_stays_open(client, case_manager, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(case_manager)
    age_session(client, idle_seconds=29 * 60, age_seconds=3600)
    assert client.get(HOME).status_code == 200
    # ...and the visit counts as activity.
    assert int(time.time()) - client.session[LAST_SEEN] < 5


@pytest.mark.django_db
def test_an_idle_session_ends_with_a_message(client, case_manager, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(case_manager)
    age_session(client, idle_seconds=31 * 60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity." in page.content.decode()


@pytest.mark.django_db
def test_a_session_ends_at_its_absolute_lifetime_even_when_active(client, case_manager, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    client.force_login(case_manager)
    age_session(client, idle_seconds=10, age_seconds=12 * 3600 + 60)
    assert client.get(HOME).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_disabling_a_user_ends_their_session_at_once(client, case_manager):
    client.force_login(case_manager)
    assert client.get(HOME).status_code == 200
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db
def test_login_rotates_the_session_key(client, case_manager):
    client.get(resolve_url(settings.LOGIN_URL))
    before = client.session.session_key
    case_manager.set_password("a-long-test-password-42")
    case_manager.save()
    response = client.post(
        resolve_url(settings.LOGIN_URL),
        {"username": case_manager.username, "password": "a-long-test-password-42"},
    )
    assert response.status_code == 302
    assert client.session.session_key != before
