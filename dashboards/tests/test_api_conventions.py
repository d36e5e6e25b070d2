"""The partner-API conventions: one error shape, throttling per token with 429 and
Retry-After, every token request in the access log, tokens issued with an expiry and revoked
in the admin, and an OpenAPI schema that documents every error and the auth scheme."""

import datetime
import re

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessLogEntry, ApiToken
from accounts.services import api_token_create
from accounts.throttling import ApiTokenRateThrottle

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def token_auth(user) -> tuple[ApiToken, dict]:
    token, key = api_token_create(actor=None, user=user, name="conventions")
    return token, {"HTTP_AUTHORIZATION": f"Token {key}"}


# --- One error shape ------------------------------------------------------------------------


def test_every_error_has_one_shape(client, client_for, partner, case_manager):
    assert client.get(f"{API}communities/").json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }
    assert client.get(f"{API}communities/", HTTP_AUTHORIZATION="Token wrong").json() == {
        "status": 401,
        "code": "authentication_failed",
        "detail": "Invalid, expired or revoked token.",
    }
    _, auth = token_auth(partner)
    assert client.get(f"{API}returnees/999999/", **auth).json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No Returnee matches the given query.",
    }
    assert client.post(f"{API}communities/", {}, **auth).json() == {
        "status": 405,
        "code": "method_not_allowed",
        "detail": 'Method "POST" not allowed.',
    }
    assert client.get(f"{API}communities/?area_type=suburb", **auth).json() == {
        "status": 400,
        "code": "invalid",
        "detail": "The request has invalid values: see errors.",
        "errors": {
            "area_type": ["Select a valid choice. suburb is not one of the available choices."]
        },
    }
    assert client.get(f"{API}no-such-thing/", **auth).json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No endpoint at /api/v1/no-such-thing/. See /api/schema/.",
    }
    assert client.get(f"{API}no-such-thing/").status_code == 401  # nothing learnt anonymously


# --- Throttling per token -------------------------------------------------------------------


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(ApiTokenRateThrottle, "THROTTLE_RATES", {"api_token": "3/minute"})
    yield
    cache.clear()


def test_a_token_past_its_rate_gets_429_with_retry_after(
    client, partner, programme_manager, three_a_minute
):
    _, auth = token_auth(partner)
    for _ in range(3):
        assert client.get(f"{API}me/", **auth).status_code == 200
    response = client.get(f"{API}me/", **auth)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert (body["status"], body["code"]) == (429, "throttled")
    # Another token has its own budget; a browser session is not throttled.
    _, other = token_auth(programme_manager)
    assert client.get(f"{API}me/", **other).status_code == 200
    client.force_login(partner)
    assert all(client.get(f"{API}me/").status_code == 200 for _ in range(5))


# --- The access log -------------------------------------------------------------------------


def test_every_token_request_is_logged(client, client_for, partner):
    token, auth = token_auth(partner)
    client.get(f"{API}communities/?country=GIN", **auth)
    client.get(f"{API}returnees/999999/", **auth)
    client.post(f"{API}communities/", {}, **auth)
    entries = list(AccessLogEntry.objects.filter(api_token=token).order_by("id"))
    assert [(e.user, e.method, e.path, e.status_code, e.purpose) for e in entries] == [
        (partner, "GET", "/api/v1/communities/?country=GIN", 200, "api request"),
        (partner, "GET", "/api/v1/returnees/999999/", 404, "api request"),
        (partner, "POST", "/api/v1/communities/", 405, "api request"),
    ]
    assert entries[0].ip_address == "127.0.0.1"
    before = AccessLogEntry.objects.count()
    client_for(partner).get(f"{API}communities/")  # a browser session: not an API token
    client.get(f"{API}communities/", HTTP_AUTHORIZATION="Token wrong")  # names nobody
    assert AccessLogEntry.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_the_request_log_commits_on_its_own_without_waiting_for_the_flush(client, partner):
    """Outside any transaction (as in production, no ATOMIC_REQUESTS) the log row is its own
    transaction with synchronous_commit off; it is committed, so another connection sees it
    (issue 10: the WAL flush was the largest single cost of a partner's page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token, auth = token_auth(partner)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{API}communities/", **auth)
    statements = [q["sql"] for q in queries.captured_queries]
    at = statements.index("SET LOCAL synchronous_commit TO OFF")
    assert statements[at - 1] == "BEGIN"
    assert statements[at + 1].startswith('INSERT INTO "accounts_accesslogentry"')
    assert statements[at + 2] == "COMMIT"
    with connection.cursor() as cursor:  # the session's own setting is untouched
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT method, path, status_code FROM accounts_accesslogentry "
                "WHERE api_token_id = %s",
                [token.pk],
            )
            assert cursor.fetchall() == [("GET", "/api/v1/communities/", 200)]
    finally:
        other.close()


def test_inside_a_transaction_the_request_log_joins_it(partner):
    """A caller's transaction keeps its own commit rules: no SET LOCAL that would change them,
    and the row is rolled back with the caller's work."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.audit import api_request_record

    token, _ = token_auth(partner)
    with CaptureQueriesContext(connection) as queries:
        try:
            with transaction.atomic():
                api_request_record(token=token, method="GET", path="/x", status_code=200)
                raise RuntimeError
        except RuntimeError:
            pass
    assert not any("synchronous_commit" in q["sql"] for q in queries.captured_queries)
    assert not AccessLogEntry.objects.filter(api_token=token).exists()


# --- Tokens in the admin --------------------------------------------------------------------


def test_an_administrator_issues_a_token_with_an_expiry(client_for, administrator, partner):
    client = client_for(administrator)
    form = client.get("/admin/accounts/apitoken/add/")
    expires = re.search(r'name="expires_at_0"[^>]*value="([^"]+)"', form.content.decode())
    default = datetime.date.fromisoformat(expires.group(1))
    assert default == (timezone.now() + datetime.timedelta(days=365)).date()
    past = {
        "user": partner.pk,
        "name": "ETL",
        "expires_at_0": "2020-01-01",
        "expires_at_1": "00:00:00",
    }
    response = client.post("/admin/accounts/apitoken/add/", past)
    assert "The expiry must be in the future." in response.content.decode()
    assert not ApiToken.objects.exists()
    future = {**past, "expires_at_0": f"{timezone.now().year + 1}-01-01"}
    response = client.post("/admin/accounts/apitoken/add/", future, follow=True)
    html = response.content.decode()
    key = re.search(r"it will not be shown again: ([\w-]+)", html).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (partner, "ETL", key[:8])
    assert key not in token.key_digest
    assert client.get(API + "me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_the_admin_shows_last_use_and_revokes(client, client_for, administrator, partner):
    token, auth = token_auth(partner)
    client.get(f"{API}me/", **auth)
    admin = client_for(administrator)
    listing = admin.get("/admin/accounts/apitoken/").content.decode()
    assert "Last used at" in listing and "active" in listing
    token.refresh_from_db()
    assert token.last_used_at is not None
    response = admin.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "1 token revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.state == "revoked"
    assert client.get(f"{API}me/", **auth).status_code == 401  # the token, whatever the session
    # A token is revoked, never deleted: the access log keeps its requests.
    assert admin.get(f"/admin/accounts/apitoken/{token.pk}/delete/").status_code == 403


# --- The schema -----------------------------------------------------------------------------


def test_the_schema_documents_errors_and_the_auth_scheme(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    assert schema["components"]["schemas"]["Error"]["required"] == ["status", "code", "detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "403", "429"):
                assert responses[status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (path, method, status)
            assert "Retry-After" in responses["429"]["headers"]
            if "{" in path:
                assert "404" in responses, (path, method)
            if operation.get("parameters"):
                assert "400" in responses, (path, method)
            assert {"tokenAuth": []} in operation["security"], (path, method)
    aggregates = schema["paths"]["/api/v1/aggregates/returnees/"]["get"]
    assert {p["name"] for p in aggregates["parameters"]} == {
        "by",
        "granularity",
        "year",
        "country",
        "community",
        "hxl",
        "format",
    }
    assert set(aggregates["responses"]["200"]["content"]) == {"application/json", "text/csv"}
