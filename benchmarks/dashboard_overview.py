"""Scenario: the programme overview of the dashboards (issue 8).

Target: with 2,000 communities and 200,000 returnees the overview page renders within 2x the
time of the raw SQL aggregates it shows, both measured in the same run on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/dashboard_overview.py [--communities 2000 \\
        --returnees 200000 --repeat 5 --seed 42 --keepdb]

The dataset is the scoring benchmark's (benchmarks/community_dataset.py) plus what the
overview reads and that one lacks: referrals with their acceptance, household members,
registration dates, scores and coordinates. It lives in its own database (the benchmark
database's name with ``_dashboard`` before ``_bench``), so the two benchmarks never disturb
each other. See benchmarks/README.md for what is timed. Exit code 0 whether the target is
met or not (a measurement); 2 when the script refuses to run.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402
from benchmarks.dashboard_floor import PROGRAMME_FLOOR_SQL  # noqa: E402

TARGET = 2.0
EXTRAS_MARKER = "benchmark_dashboard_extras"

# The floor: what the overview shows, as plain SQL through psycopg2, fetched with fetchall().
FLOOR_SQL = {
    "countries": "SELECT DISTINCT country FROM communities_community ORDER BY 1",
    "areas": "SELECT DISTINCT admin1 FROM communities_community ORDER BY 1",
    "arrivals": """
        SELECT date_trunc('month', return_date)::date, count(*) FROM reintegration_returnee
        WHERE organization_id = %(org)s AND return_date BETWEEN %(start)s AND %(end)s
        GROUP BY 1""",
    "registered": """
        SELECT date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*)
        FROM reintegration_returnee
        WHERE organization_id = %(org)s
          AND (created_at AT TIME ZONE 'UTC')::date BETWEEN %(start)s AND %(end)s
        GROUP BY 1""",
    "stock": """
        SELECT count(*), count(*) FILTER (WHERE status <> 'closed')
        FROM reintegration_returnee WHERE organization_id = %(org)s""",
    "areas_table": """
        SELECT c.country, c.admin1,
               count(*) FILTER (WHERE r.return_date BETWEEN %(start)s AND %(end)s),
               count(*) FILTER (WHERE r.status <> 'closed'), count(*)
        FROM reintegration_returnee r JOIN communities_community c ON c.id = r.community_id
        WHERE r.organization_id = %(org)s GROUP BY 1, 2 ORDER BY 1, 2""",
    "referrals_by_status": """
        SELECT f.status, count(*) FROM reintegration_referral f
        JOIN reintegration_returnee r ON r.id = f.returnee_id
        WHERE r.organization_id = %(org)s
          AND (f.created_at AT TIME ZONE 'UTC')::date BETWEEN %(start)s AND %(end)s
        GROUP BY 1""",
    "median_acceptance": """
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h.changed_at - f.created_at)
        FROM reintegration_referralstatuschange h
        JOIN reintegration_referral f ON f.id = h.referral_id
        JOIN reintegration_returnee r ON r.id = f.returnee_id
        WHERE h.to_status = 'accepted' AND r.organization_id = %(org)s
          AND (f.created_at AT TIME ZONE 'UTC')::date BETWEEN %(start)s AND %(end)s""",
    "referral_stock": """
        SELECT count(*) FILTER (WHERE f.status IN ('proposed', 'accepted', 'in_progress')),
               count(*) FILTER (WHERE f.status IN ('proposed', 'accepted', 'in_progress')
                                  AND f.follow_up_date < %(today)s)
        FROM reintegration_referral f JOIN reintegration_returnee r ON r.id = f.returnee_id
        WHERE r.organization_id = %(org)s""",
    "communities": "SELECT count(*) FROM communities_community",
    "bands": """
        SELECT band, count(*) FROM (
            SELECT DISTINCT ON (community_id) band FROM assessments_communityscore
            ORDER BY community_id, computed_at DESC, id DESC
        ) latest GROUP BY 1""",
    "child_returnees": """
        SELECT count(*) FROM reintegration_returnee WHERE organization_id = %(org)s
          AND (date_of_birth > %(child_born_after)s
               OR (date_of_birth IS NULL AND estimated_age < 18))""",
    "household_children": """
        SELECT m.school_enrolled, m.sex, count(*) FROM reintegration_householdmember m
        JOIN reintegration_returnee r ON r.id = m.returnee_id
        WHERE r.organization_id = %(org)s AND m.age < 18 GROUP BY 1, 2""",
    **PROGRAMME_FLOOR_SQL,
}
MAP_FLOOR_SQL = {
    "countries": FLOOR_SQL["countries"],
    "areas": FLOOR_SQL["areas"],
    "communities": """
        SELECT c.id, c.name, c.country, c.admin1, c.admin2, c.pcode, c.latitude, c.longitude,
               (SELECT s.band FROM assessments_communityscore s WHERE s.community_id = c.id
                ORDER BY s.computed_at DESC, s.id DESC LIMIT 1)
        FROM communities_community c ORDER BY c.country, c.admin1, c.name, c.id""",
    "arrivals": """
        SELECT community_id, count(*) FROM reintegration_returnee
        WHERE organization_id = %(org)s AND return_date BETWEEN %(since)s AND %(today)s
        GROUP BY 1""",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--returnees", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="reuse the benchmark database when it holds the same dataset, and keep it after",
    )
    return parser.parse_args()


def database() -> tuple[str, str]:
    url, name = common.bench_database_url()
    own = name.removesuffix(common.BENCH_SUFFIX) + "_dashboard" + common.BENCH_SUFFIX
    return url.rsplit("/", 1)[0] + "/" + own, own


def prepare_database(args, url, name) -> datetime.date:
    """Migrate and fill the database (community_dataset, then the extras), or reuse it."""
    reuse = args.keepdb and common.database_exists(url, name)
    if not reuse:
        common.recreate_database(url, name)
    # The pages are requested through Django's test client: plain HTTP, static files
    # without the collectstatic manifest.
    import os

    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    common.setup_django(url)
    from benchmarks import dashboard_dataset

    return common.fill_database(
        url,
        name,
        reuse=reuse,
        communities=args.communities,
        returnees=args.returnees,
        seed=args.seed,
        extras=(dashboard_dataset,),
    )


def run_floor(statements: dict[str, str], params: dict) -> dict[str, list[tuple]]:
    """The baseline: each statement through the raw psycopg2 connection, fetched."""
    from django.db import connection

    connection.ensure_connection()
    found = {}
    with connection.connection.cursor() as cursor:
        for key, sql in statements.items():
            cursor.execute(sql, params)
            found[key] = cursor.fetchall()
    return found


def time_each(statements: dict[str, str], params: dict) -> dict[str, float]:
    from django.db import connection

    seconds = {}
    with connection.connection.cursor() as cursor:
        for key, sql in statements.items():
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            seconds[key] = time.perf_counter() - start
    return seconds


def compare(found, sections) -> list[str]:
    """Every figure of the overview against the floor; the differences, if any."""
    from dashboards.periods import month_label

    results = {s.key: s for s in sections}
    figures = {f"{s.key}.{f.key}": f.value for s in sections for f in s.figures}
    monthly = {row[0]: row[1:] for row in results["returnees"].table("arrivals_by_month").rows}
    status_rows = results["referrals"].table("referrals_by_status").rows
    expected = {
        "arrivals per month": (
            {month_label(m): n for m, n in found["arrivals"]},
            {m: v[0] for m, v in monthly.items() if v[0]},
        ),
        "registered per month": (
            {month_label(m): n for m, n in found["registered"]},
            {m: v[1] for m, v in monthly.items() if v[1]},
        ),
        "returnees, open": (
            list(found["stock"][0]),
            [figures["returnees.returnees"], figures["returnees.open_cases"]],
        ),
        "by area": (
            [list(r) for r in found["areas_table"]],
            results["returnees"].table("returnees_by_area").rows,
        ),
        "referrals made": (
            sum(n for _, n in found["referrals_by_status"]),
            figures["referrals.referrals_made"],
        ),
        "referrals by status": (
            len(found["referrals_by_status"]),
            sum(1 for _, n in status_rows if n),
        ),
        "median days": (
            round(found["median_acceptance"][0][0].total_seconds() / 86400, 1)
            if found["median_acceptance"][0][0] is not None
            else None,
            figures["referrals.median_days_to_acceptance"],
        ),
        "open, overdue": (
            list(found["referral_stock"][0]),
            [figures["referrals.open_referrals"], figures["referrals.overdue_follow_ups"]],
        ),
        "communities": (found["communities"][0][0], figures["suitability.communities"]),
        "scored": (
            sum(n for _, n in found["bands"]),
            figures["suitability.communities"] - figures["suitability.unscored_communities"],
        ),
        "child returnees": (found["child_returnees"][0][0], figures["children.child_returnees"]),
        "projects": (
            sum(row[4] for row in found["projects"]),
            figures["projects.projects"],
        ),
        "project participants": (
            sum(row[3] for row in found["participants"]),
            figures["projects.participants"],
        ),
        "events": (
            sum(row[1] for row in found["events"]),
            figures["peer_support.events"],
        ),
        "savings and loans outstanding": (
            [[c, g, a, b] for c, g, a, b in found["financial_groups"]],
            [
                [c, g, a, b]
                for c, g, _, a, b, _ in results["financial_groups"]
                .table("savings_by_currency")
                .rows
            ],
        ),
        "household children": (
            sum(n for *_, n in found["household_children"]),
            figures["children.household_children"],
        ),
    }
    return [f"{name}: floor {a} != app {b}" for name, (a, b) in expected.items() if a != b]


def scenario(*, repeat: int) -> list[common.Result]:
    """The suite's interface (``python -m benchmarks``): full size, seed 42, best of at most
    5 rounds (a round renders the overview and the map and runs their floors)."""
    args = argparse.Namespace(
        communities=2_000, returnees=200_000, repeat=min(repeat, 5), seed=42, keepdb=common.keepdb()
    )
    return run(args)


def main() -> None:
    args = parse_args()
    run(args)
    from django.db import connection

    connection.close()
    if not args.keepdb:
        url, name = database()
        common.drop_database(url, name)
        print(f"Dropped database {name} (pass --keepdb to keep and reuse it).")


def run(args) -> list[common.Result]:
    url, name = database()
    today = prepare_database(args, url, name)
    common.mark_built(url, name)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Organization, Role, User
    from accounts.services import user_create
    from assessments.providers import months_before
    from dashboards.periods import default_period
    from dashboards.scope import DashboardFilters, OverviewScope
    from dashboards.sections import OVERVIEW_SECTIONS, build_all
    from dashboards.sections.children import years_before

    organization = Organization.objects.get(name="Benchmark lead organization")
    manager = User.objects.filter(username="bench-programme-manager").first() or user_create(
        actor=None,
        username="bench-programme-manager",
        organization=organization,
        roles=[Role.PROGRAMME_MANAGER],
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(manager)
    start, end = default_period(today)
    params = {
        "org": organization.pk,
        "start": start,
        "end": end,
        "today": today,
        "since": months_before(today, 12),
        "child_born_after": years_before(today, 18),
    }
    scope = OverviewScope(user=manager, filters=DashboardFilters(start=start, end=end), today=today)

    def page(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return len(response.content)

        return get

    print(f"\nTiming: best of {args.repeat} after one warm-up, reference date {today}.")
    timed = common.best_of(
        {
            "floor": lambda: run_floor(FLOOR_SQL, params),
            "overview": page("/dashboards/"),
            "sections": lambda: build_all(OVERVIEW_SECTIONS, scope),
            "map_floor": lambda: run_floor(MAP_FLOOR_SQL, params),
            "map": page("/dashboards/map/"),
        },
        args.repeat,
    )
    floor_seconds, found = timed["floor"]
    overview_seconds, size = timed["overview"]
    sections_seconds, sections = timed["sections"]
    map_floor_seconds, _ = timed["map_floor"]
    map_seconds, map_size = timed["map"]
    with CaptureQueriesContext(connection) as queries:
        page("/dashboards/")()
    mismatches = compare(found, sections)

    ratio = overview_seconds / floor_seconds
    print(
        f"\nScenario: {args.communities:,} communities, {args.returnees:,} returnees, one "
        f"organization's programme manager (PostgreSQL {connection.pg_version // 10000})"
    )
    common.print_table(
        ["scenario", "app s", "floor s", "ratio", "target", "result"],
        [
            [
                f"overview page ({size // 1024} KB, {len(queries)} queries)",
                f"{overview_seconds:.3f}",
                f"{floor_seconds:.3f}",
                f"{ratio:.2f}x",
                f"{TARGET}x",
                "PASS" if ratio <= TARGET else "FAIL",
            ],
            [
                "overview sections, no HTTP/template",
                f"{sections_seconds:.3f}",
                f"{floor_seconds:.3f}",
                f"{sections_seconds / floor_seconds:.2f}x",
                "-",
                "info",
            ],
            [
                f"map page ({map_size // 1024} KB)",
                f"{map_seconds:.3f}",
                f"{map_floor_seconds:.3f}",
                f"{map_seconds / map_floor_seconds:.2f}x",
                "-",
                "info",
            ],
        ],
    )
    print("\nThe floor's statements, each run once (where the time goes):")
    common.print_table(
        ["statement", "seconds"],
        [[key, f"{seconds:.3f}"] for key, seconds in time_each(FLOOR_SQL, params).items()],
    )
    print(f"\nRatio: {ratio:.2f}x (overview {overview_seconds:.3f} s, floor {floor_seconds:.3f} s)")
    print(f"Correctness: {len(mismatches)} mismatch(es) between the floor and the overview.")
    for line in mismatches:
        print(f"  {line}")

    return [
        common.Result(
            "programme overview dashboard",
            overview_seconds,
            floor_seconds,
            ratio,
            TARGET,
            ratio <= TARGET and not mismatches,
            f"best of {args.repeat}; {len(queries)} queries; {len(mismatches)} mismatches",
        )
    ]


if __name__ == "__main__":
    main()
