"""Scenario: a partner pulls the returnees referred to it through the API (issue 10).

Target: a page of 100 returnees with their community names from ``GET /api/v1/returnees/``
with a partner's token, at p50 within 3x a floor that reads the same rows with one psycopg2
SELECT ... JOIN and serialises them to JSON; the query count is the same on page 1 and 50.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/partner_api.py [--repeat 30 --keepdb]

orjson is not installed in the project's environment: the floor serialises with the standard
library's json (what DRF's JSONRenderer uses too), so the ratio compares like with like.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common, registry_database  # noqa: E402

TARGET = 3.0
PAGE = 100
DEEP_PAGE = 50

# The same rows, page and order as the endpoint: the partner sees a returnee referred to it
# with consent naming it (reintegration/access.py, shared_with_partner).
FLOOR_SQL = """
    SELECT r.id, r.reference, r.sex, r.date_of_birth, r.estimated_age,
           c.id, c.name, c.pcode, c.country, c.admin1, c.admin2,
           ARRAY(SELECT DISTINCT n.level FROM reintegration_returneeneed n
                 WHERE n.returnee_id = r.id ORDER BY 1),
           ARRAY(SELECT s.code || ':' || k.level FROM reintegration_returneeskill k
                 JOIN communities_sector s ON s.id = k.sector_id
                 WHERE k.returnee_id = r.id ORDER BY s.code),
           ARRAY(SELECT f.id || ':' || f.status || ':' || f.target_label
                 FROM reintegration_referral f
                 WHERE f.returnee_id = r.id AND f.target_organization_id = %(partner)s
                 ORDER BY f.id)
    FROM reintegration_returnee r JOIN communities_community c ON c.id = r.community_id
    WHERE EXISTS (SELECT 1 FROM reintegration_referral f
                  WHERE f.returnee_id = r.id AND f.target_organization_id = %(partner)s)
      AND EXISTS (SELECT 1 FROM reintegration_consent k
                  JOIN reintegration_consent_shared_with w ON w.consent_id = k.id
                  WHERE k.returnee_id = r.id AND k.withdrawn_on IS NULL
                    AND w.organization_id = %(partner)s)
      AND r.id < %(before)s
    ORDER BY r.id DESC LIMIT %(limit)s"""


def floor_page(partner_id: int, before: int, today) -> bytes:
    """The floor: one statement through the raw psycopg2 cursor, rows to dicts, JSON."""
    from django.db import connection

    from reintegration.api.serializers import age_band

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"partner": partner_id, "before": before, "limit": PAGE + 1})
        rows = cursor.fetchall()
    results = []
    for row in rows[:PAGE]:
        rid, reference, sex, born, estimated, cid, cname, pcode, country, admin1, admin2 = row[:11]
        needs, skills, refs = row[11:]
        age = (
            today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if born
            else estimated
        )
        results.append(
            {
                "id": rid,
                "reference": reference,
                "sex": sex,
                "age_band": age_band(age),
                "community": {
                    "id": cid,
                    "name": cname,
                    "pcode": pcode,
                    "country": country,
                    "admin1": admin1,
                    "admin2": admin2,
                },
                "need_levels": needs,
                "skills": [
                    {"sector": sector, "level": level}
                    for sector, level in (s.split(":", 1) for s in skills)
                ],
                "referrals": [
                    {"id": int(i), "target_label": label, "status": status}
                    for i, status, label in (f.split(":", 2) for f in refs)
                ],
            }
        )
    body = {"next": rows[PAGE][0] if len(rows) > PAGE else None, "previous": None}
    return json.dumps({**body, "results": results}).encode()


def scenario(*, repeat: int) -> list[common.Result]:
    import datetime

    registry_database.prepare()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role
    from benchmarks.api_dataset import PARTNER_NAME
    from reintegration.access import shared_with_partner

    partner, key = registry_database.user_with_token("bench-partner", Role.PARTNER, PARTNER_NAME)
    client = registry_database.api_client(key)
    visible = list(
        shared_with_partner(partner.organization_id).order_by("-id").values_list("id", flat=True)
    )
    deep_after = visible[(DEEP_PAGE - 1) * PAGE - 1]  # the last row of page 49
    url = f"/api/v1/returnees/?page_size={PAGE}"
    deep_url = f"{url}&cursor={registry_database.cursor_after(deep_after)}"
    first = 2**62  # "before any id": the floor's first page

    def app(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return response

        return get

    today = datetime.date.today()
    samples = common.interleaved(
        {
            "floor": lambda: floor_page(partner.organization_id, first, today),
            "app": app(url),
            "floor deep": lambda: floor_page(partner.organization_id, deep_after, today),
            "app deep": app(deep_url),
        },
        repeat,
    )
    with CaptureQueriesContext(connection) as page_one:
        response = app(url)()
    with CaptureQueriesContext(connection) as page_fifty:
        deep_response = app(deep_url)()
    # Correctness: the endpoint's rows against the floor's, page 1 and page 50.
    mismatches = 0
    for got, before in ((response, first), (deep_response, deep_after)):
        app_rows = got.json()["results"]
        floor_rows = json.loads(floor_page(partner.organization_id, before, today))["results"]
        mismatches += sum(a != b for a, b in zip(app_rows, floor_rows, strict=True))
        mismatches += abs(len(app_rows) - len(floor_rows))
        assert len(app_rows) == PAGE, len(app_rows)
    constant = len(page_one) == len(page_fifty)
    assert constant, (len(page_one), len(page_fifty))
    p50 = {name: common.percentile(s, 0.5) for name, s in samples.items()}
    notes = (
        f"{len(page_one)} queries on page 1 and page {DEEP_PAGE}; "
        f"{mismatches} row mismatches; json, not orjson"
    )
    return [
        common.Result(
            "partner API, page of 100",
            p50["app"],
            p50["floor"],
            p50["app"] / p50["floor"],
            TARGET,
            p50["app"] / p50["floor"] <= TARGET and constant and not mismatches,
            notes,
        ),
        common.Result(
            f"partner API, page {DEEP_PAGE}",
            p50["app deep"],
            p50["floor deep"],
            p50["app deep"] / p50["floor deep"],
            0,
            True,
            f"{len(visible):,} returnees shared with the partner",
        ),
    ]


if __name__ == "__main__":
    registry_database.standalone(scenario)
