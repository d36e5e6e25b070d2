"""Every API route that writes, walked with a plausible valid body per persona (issue 9,
acceptance 1 and 2): the personas the matrix allows succeed and the write happens; every
other persona gets 401/403/404 and nothing is written.

The matrix walk (tests/test_permission_matrix.py) sends an empty POST, which a validating
endpoint refuses as a bad request before the permission question matters much; here the
body is one the endpoint would accept. A new write route without a body here fails
``test_every_api_write_route_has_a_valid_body``.
"""

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from reintegration.models import Referral
from tests.permission_matrix import MATRIX, PERSONAS
from tests.test_permission_matrix import counting_writes, matrix_world  # noqa: F401

UNSAFE = ("post", "put", "patch", "delete")


def api_write_routes() -> set[tuple[str, str]]:
    """(method, path) of every operation in the OpenAPI schema that may write."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in UNSAFE
    }


# (method, path in the schema) -> (URL name, kwargs, valid body, how to see it was written)
BODIES = {
    ("post", "/api/v1/referrals/{id}/answer/"): (
        "api:referral-answer",
        lambda w: {"pk": w.referral.pk},
        {"status": "accepted"},
        lambda w: Referral.objects.get(pk=w.referral.pk).status == "accepted",
    ),
}


def test_every_api_write_route_has_a_valid_body():
    assert api_write_routes() == set(BODIES)


def letters(name: str) -> dict[str, str]:
    (entry,) = [e for e in MATRIX if e.name == name]
    return dict(zip(PERSONAS, entry.letters, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(BODIES), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_write_with_a_valid_body(matrix_world, route, persona):  # noqa: F811
    users, world, tokens = matrix_world
    name, kwargs, body, written_ok = BODIES[route]
    url = reverse(name, kwargs=kwargs(world))
    client = Client()
    headers = {}
    if persona in tokens:
        headers["HTTP_AUTHORIZATION"] = f"Token {tokens[persona]}"
    elif users[persona] is not None:
        client.force_login(users[persona])
    send = getattr(client, route[0])
    with counting_writes() as written:
        response = send(url, body, content_type="application/json", **headers)
    if letters(name)[persona] == "A":
        assert response.status_code == 200, response.content
        assert written_ok(world)
        assert written.rows > 0
    else:
        expected = (401, 403) if persona == "anonymous" else (403, 404)
        assert response.status_code in expected, response.content
        assert written.rows == 0
        assert not written_ok(world)
