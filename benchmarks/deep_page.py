"""Scenario: a deep page (about 100,000 rows in) of a filtered returnee list (issue 10).

Target: ``GET /api/v1/returnees/?status=active&page_size=100`` at a cursor 100,000 rows in
answers within 1.5x the first page, and no ``COUNT`` runs on the request path (DRF list
endpoints often spend most of their time counting the whole table). The floor is keyset
SQL, ``WHERE ... AND id < x ORDER BY id DESC LIMIT 100``, through the raw psycopg2 cursor.
The browser's returnee list (page numbers, a filtered count and OFFSET) is timed beside it
for information.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/deep_page.py [--repeat 30 --keepdb]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common, registry_database  # noqa: E402

TARGET = 1.5
PAGE = 100
DEPTH = 100_000

FLOOR_SQL = """
    SELECT r.id, r.reference, r.first_name, r.last_name, r.sex, r.status, r.return_date,
           c.id, c.name, u.username
    FROM reintegration_returnee r JOIN communities_community c ON c.id = r.community_id
    LEFT JOIN accounts_user u ON u.id = r.case_manager_id
    WHERE r.organization_id = %(org)s AND r.status = 'active' AND r.id < %(before)s
    ORDER BY r.id DESC LIMIT %(limit)s"""


def floor_page(organization_id: int, before: int) -> list[tuple]:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"org": organization_id, "before": before, "limit": PAGE})
        return cursor.fetchall()


def scenario(*, repeat: int) -> list[common.Result]:
    registry_database.prepare()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role
    from reintegration.models import Returnee

    manager, key = registry_database.user_with_token(
        "bench-programme-manager", Role.PROGRAMME_MANAGER, "Benchmark lead organization"
    )
    client = registry_database.api_client(key)
    client.force_login(manager)  # the browser list, beside the API
    active = Returnee.objects.filter(organization_id=manager.organization_id, status="active")
    deep_after = active.order_by("-id").values_list("id", flat=True)[DEPTH - 1]
    url = f"/api/v1/returnees/?status=active&page_size={PAGE}"
    deep_url = f"{url}&cursor={registry_database.cursor_after(deep_after)}"
    browser = "/returnees/?status=active&sort=recent"
    browser_deep = f"{browser}&page={DEPTH // 25 + 1}"  # 25 rows a page in the browser

    def app(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return response

        return get

    samples = common.interleaved(
        {
            "first": app(url),
            "deep": app(deep_url),
            "floor first": lambda: floor_page(manager.organization_id, 2**62),
            "floor deep": lambda: floor_page(manager.organization_id, deep_after),
            "browser first": app(browser),
            "browser deep": app(browser_deep),
        },
        repeat,
    )
    with CaptureQueriesContext(connection) as deep_queries:
        rows = app(deep_url)().json()["results"]
    with CaptureQueriesContext(connection) as first_queries:
        app(url)()
    with CaptureQueriesContext(connection) as browser_queries:
        app(browser_deep)()
    counts = [q["sql"] for q in deep_queries if "COUNT(" in q["sql"].upper()]
    assert not counts, counts
    assert len(rows) == PAGE and rows[0]["id"] < deep_after, rows[:1]
    floor_ids = [r[0] for r in floor_page(manager.organization_id, deep_after)]
    assert [r["id"] for r in rows] == floor_ids, "the API's deep page differs from the floor's"
    browser_counts = sum("COUNT(" in q["sql"].upper() for q in browser_queries)
    p50 = {name: common.percentile(s, 0.5) for name, s in samples.items()}
    ratio = p50["deep"] / p50["first"]
    return [
        common.Result(
            "deep page (100,000 in), API cursor",
            p50["deep"],
            p50["first"],
            ratio,
            TARGET,
            ratio <= TARGET and not counts and len(deep_queries) == len(first_queries),
            f"floor is the first page; {len(deep_queries)} queries, 0 COUNT; keyset SQL "
            f"{p50['floor deep'] * 1000:.1f} ms deep, {p50['floor first'] * 1000:.1f} ms first",
        ),
        common.Result(
            "deep page, API vs keyset SQL",
            p50["deep"],
            p50["floor deep"],
            p50["deep"] / p50["floor deep"],
            0,
            True,
            "information",
        ),
        common.Result(
            "deep page, browser list (OFFSET)",
            p50["browser deep"],
            p50["browser first"],
            p50["browser deep"] / p50["browser first"],
            0,
            True,
            f"information: page {DEPTH // 25 + 1}, {len(browser_queries)} queries, "
            f"{browser_counts} filtered COUNT",
        ),
    ]


if __name__ == "__main__":
    registry_database.standalone(scenario)
