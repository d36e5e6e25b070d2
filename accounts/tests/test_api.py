"""The API foundation: token and session auth, pagination, the OpenAPI schema and docs."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ApiToken, AuditEvent
from accounts.services import api_token_create, api_token_revoke
from accounts.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_me_with_a_token(client, partner):
    token, key = api_token_create(actor=None, user=partner, name="partner ETL")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json() == {
        "id": partner.pk,
        "username": "partner",
        "first_name": "Test",
        "last_name": partner.last_name,
        "organization": {
            "id": partner.organization_id,
            "name": "Partner NGO",
            "kind": "implementing_partner",
            "country": "GIN",
        },
        "roles": ["partner"],
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_a_digest_of_the_key_is_stored(partner):
    token, key = api_token_create(actor=None, user=partner, name="t")
    assert key not in {token.key_digest, token.prefix}
    assert token.prefix == key[:8]
    assert not ApiToken.objects.filter(key_digest=key).exists()


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "inactive"])
def test_unusable_tokens_are_refused(client, partner, state):
    token, key = api_token_create(actor=None, user=partner, name="t")
    if state == "revoked":
        api_token_revoke(actor=None, token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif state == "unknown":
        key = "not-a-real-key"
    else:
        partner.is_active = False
        partner.save()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_token_creation_and_revocation_are_audited(partner, administrator):
    token, _ = api_token_create(actor=administrator, user=partner, name="t")
    api_token_revoke(actor=administrator, token=token)
    events = list(AuditEvent.objects.filter(object_id=str(token.pk)).order_by("id"))
    assert [e.action for e in events] == ["create", "update"]
    assert all(e.actor == administrator for e in events)
    assert "key_digest" in events[0].changes
    assert list(events[1].changes) == ["revoked_at"]


def test_session_authentication_works_for_the_browser(client_for, case_manager):
    assert client_for(case_manager).get("/api/v1/me/").json()["username"] == "case-manager"


def test_organizations_are_paginated_with_a_constant_query_count(
    client_for, case_manager, django_assert_num_queries
):
    OrganizationFactory.create_batch(30)
    client = client_for(case_manager)
    # 1 session, 1 user, 1 COUNT for the paginator, 1 page of organizations.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/organizations/?page_size=10")
    body = response.json()
    assert body["count"] == 31  # 30 + the case manager's own organization
    assert len(body["results"]) == 10
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/organizations/?page_size=200").json()["results"]) == 31


def test_openapi_schema_is_valid(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.")


def test_schema_and_docs_are_served_without_any_external_url(client_for, partner):
    client = client_for(partner)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
