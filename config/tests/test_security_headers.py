"""Security headers on every response, and no inline script anywhere for the policy to
have to allow."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def templates():
    for folder in TEMPLATE_DIRS:
        yield from sorted(folder.rglob("*.html"))


def test_there_are_templates_to_scan():
    assert len(list(templates())) > 20


@pytest.mark.parametrize("template", list(templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_event_handler(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script to static/ and load it with src="
    assert not EVENT_HANDLER.search(text), "bind events from a static script, not on*="
    assert "javascript:" not in text


@pytest.mark.django_db
def test_anonymous_pages_carry_the_policy(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]  # never for scripts
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_and_api_responses_for_a_signed_in_user_are_not_stored(client_for, case_manager):
    client = client_for(case_manager)
    for url in ("/", "/returnees/", "/api/v1/me/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
        assert "Content-Security-Policy" in response, url


@pytest.mark.django_db
def test_api_errors_are_not_stored_either(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response["Cache-Control"] == "no-store"
