"""A client generated from /api/schema/ by a standard OpenAPI generator (openapi-python-client)
pulls communities, scores and referrals, and answers a referral, against a live server
(issue 8, acceptance 4). Generation is offline: the schema is fetched from the test server
and the generator reads it from a file."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.services import api_token_create
from dashboards.tests import data
from reintegration.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db(transaction=True)

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "reintegration_api_client"


@pytest.fixture
def generated(tmp_path, client, administrator):
    """The client package generated from the served schema, imported; unloaded afterwards."""
    if not GENERATOR.exists():
        pytest.fail(f"{GENERATOR} is missing: pip install -r requirements.txt")
    client.force_login(administrator)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    # No post-generation hooks (ruff): the test must not depend on other tools on the PATH.
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_generated_client_pulls_communities_scores_and_referrals(
    generated, live_server, case_manager, outsider, partner, partner_organization
):
    programme = data.build(
        case_manager=case_manager, outsider=outsider, partner_organization=partner_organization
    )
    ConsentFactory(returnee=programme.returnees["r2"]).shared_with.add(partner_organization)
    _, key = api_token_create(actor=None, user=partner, name="generated client")
    models = importlib.import_module(f"{PACKAGE}.models")
    client = generated.AuthenticatedClient(base_url=live_server.url, token=key, prefix="Token")

    communities = importlib.import_module(f"{PACKAGE}.api.v1.v1_communities_list").sync(
        client=client, country="GIN", ordering="name"
    )
    assert [c.name for c in communities.results] == ["Kaloum", "Kankan Ville", "Nowhere"]
    assert [c.pcode for c in communities.results] == ["GN0101", "GN0601", "GN0103"]

    scores = importlib.import_module(f"{PACKAGE}.api.v1.v1_scores_list").sync(
        client=client, latest_only=True
    )
    latest = {s.community.name: (s.band.value, s.score) for s in scores.results}
    assert latest == {
        "Kaloum": ("favourable", "80.0"),
        "Kankan Ville": ("conditional", "55.0"),
        "Nowhere": ("insufficient", None),
    }

    referrals = importlib.import_module(f"{PACKAGE}.api.v1.v1_referrals_list").sync(client=client)
    ref2 = programme.referrals["ref2"]
    assert [(r.id, r.returnee_reference, r.status.value) for r in referrals.results] == [
        (ref2.pk, programme.returnees["r2"].reference, "accepted")
    ]

    answer = importlib.import_module(f"{PACKAGE}.api.v1.referrals_answer")
    answered = answer.sync(
        ref2.pk,
        client=client,
        body=models.ReferralAnswer.from_dict({"status": "in_progress", "note": "Started"}),
    )
    assert answered.status.value == "in_progress"
    ref2.refresh_from_db()
    assert ref2.status == "in_progress"

    # Errors come back as the schema's Error model.
    missing = importlib.import_module(f"{PACKAGE}.api.v1.v1_returnees_retrieve").sync(
        999999, client=client
    )
    assert (missing.status, missing.code) == (404, "not_found")
