"""schemathesis against the OpenAPI schema (issue: security and data protection, "bad input
everywhere"): generated requests, valid and invalid, to every operation, as a case manager
with a session and as a partner with a token. No response may be a server error, and every
documented response must match the schema.

The app is called in-process through WSGI, on the test database, with a small world: a
community, a returnee with consent shared with the partner's organization, and a referral
to the partner's service, so the partner's reads return records and not only empty lists.
"""

import datetime
import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import api_token_create
from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same requests in every run: CI failures reproduce
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(db):
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(generated, cls=DjangoJSONEncoder))
    )
    loaded.app = get_wsgi_application()
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield loaded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(case_manager, partner):
    community = CommunityFactory(country="GIN", pcode="GN-ST-1")
    returnee = services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": "Kadiatou",
            "last_name": "Barry",
            "sex": "female",
            "date_of_birth": datetime.date(1994, 6, 1),
            "nationality": "GIN",
            "community": community,
            "return_date": datetime.date.today() - datetime.timedelta(days=40),
            "return_kind": "assisted_voluntary",
        },
        consent={
            "given_on": datetime.date.today() - datetime.timedelta(days=39),
            "shared_with": [partner.organization],
        },
    )
    services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=community, organization=partner.organization),
        reason="Vocational training",
    )
    return returnee


def failures_of(api_schema, **credentials) -> list[str]:
    """Every operation, with generated cases; the failing ones, described."""
    found: list[str] = []
    calls = []
    operations = 0
    for result in api_schema.get_all_operations():
        operations += 1
        operation = result.ok()

        @EXAMPLES
        @given(case=operation.as_strategy())
        def run(case):
            calls.append(case.call_and_validate(checks=CHECKS, **credentials).status_code)

        try:
            run()
        except Exception as error:  # the report lists every failing operation at once
            found.append(f"{operation.method.upper()} {operation.path}: {error}"[:2000])
    # Not vacuous: every operation was called, most of them several times (measured: 46
    # operations, 552 calls a persona, answers 200, 400, 403 and 404, no 5xx).
    assert operations >= 40 and len(calls) >= 3 * operations, (operations, len(calls))
    return found


def test_api_as_a_case_manager_with_a_session(api_schema, world, case_manager):
    client = Client()
    client.force_login(case_manager)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    assert failures_of(api_schema, cookies=cookies) == []


def test_api_as_a_partner_with_a_token(api_schema, world, partner):
    _, key = api_token_create(
        actor=None,
        user=partner,
        name="schemathesis",
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
    )
    assert failures_of(api_schema, headers={"Authorization": f"Token {key}"}) == []
