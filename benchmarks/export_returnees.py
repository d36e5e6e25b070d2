"""Scenario: export 200,000 returnees to CSV, as a programme manager downloads it.

Target: the export view, its streamed response consumed to the last byte, within 3x the time
of ``COPY (SELECT ...) TO STDOUT`` of the same columns, both measured in the same run on
PostgreSQL; peak Python memory (tracemalloc) the same at 50,000 and 200,000 returnees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/export_returnees.py [--communities 2000 \\
        --returnees 200000 --repeat 3 --seed 42 --keepdb]

The dataset is the scoring benchmark's (benchmarks/community_dataset.py), in its own
database (the benchmark database's name with ``_export`` before ``_bench``). A programme
manager's export has no sensitive column, so no decryption: the floor can write the same
columns. Exit code 0 whether the target is met or not; 2 when the script refuses to run.
"""

import argparse
import functools
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402
from benchmarks.common import Result  # noqa: E402

TARGET = 3.0
MEMORY_SIZES = (50_000, 200_000)
USERNAME = "bench-export-programme-manager"

# The export's columns (reintegration/exports.py, programme manager: no sensitive ones) in
# plain SQL. Lists are JSON arrays in the table; skills and needs in their models' order.
FLOOR_SQL = """
COPY (
    SELECT r.reference, r.status, u.username, r.first_name, r.last_name, r.sex, r.gender,
        r.date_of_birth, r.estimated_age, r.nationality,
        (SELECT string_agg(v, ';') FROM jsonb_array_elements_text(r.languages) v),
        r.phone, c.pcode, r.return_date,
        (SELECT string_agg(v, ';') FROM jsonb_array_elements_text(r.countries_lived) v),
        r.months_abroad, r.return_kind, r.education_level, r.occupation_before,
        r.occupation_abroad,
        (SELECT string_agg(v, ';') FROM jsonb_array_elements_text(r.vulnerabilities) v),
        CASE r.interested_in_collective_projects WHEN true THEN 'yes' WHEN false THEN 'no' END,
        r.life_plans,
        (SELECT string_agg(s.code || ':' || k.level || ':' || k.years_experience, ';'
                           ORDER BY s.code)
           FROM reintegration_returneeskill k JOIN communities_sector s ON s.id = k.sector_id
          WHERE k.returnee_id = r.id),
        (SELECT string_agg(n.level || ':' || n.description, ';' ORDER BY n.level)
           FROM reintegration_returneeneed n WHERE n.returnee_id = r.id),
        co.given_on, co.withdrawn_on
    FROM reintegration_returnee r
    JOIN communities_community c ON c.id = r.community_id
    LEFT JOIN accounts_user u ON u.id = r.case_manager_id
    LEFT JOIN reintegration_consent co ON co.returnee_id = r.id
    WHERE r.organization_id = {org}
    ORDER BY r.id
) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


class _Counter:
    """A sink that counts what is written to it and keeps nothing."""

    def __init__(self) -> None:
        self.bytes = 0
        self.lines = 0

    def write(self, data) -> int:
        self.bytes += len(data)
        self.lines += data.count(b"\n" if isinstance(data, bytes) else "\n")
        return len(data)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--returnees", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after a warm-up")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="reuse the benchmark database when it holds the same dataset, and keep it after",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one app run first")
    return parser.parse_args()


@functools.cache
def database() -> tuple[str, str]:
    # Cached: setup_django() points DATABASE_URL at the result.
    url, name = common.bench_database_url()
    own = name.removesuffix(common.BENCH_SUFFIX) + "_export" + common.BENCH_SUFFIX
    return url.rsplit("/", 1)[0] + "/" + own, own


def prepare_database(*, communities: int, returnees: int, seed: int, keepdb: bool) -> None:
    """Migrate and fill the database with community_dataset, or reuse it."""
    import os

    url, name = database()
    reuse = keepdb and common.database_exists(url, name)
    if not reuse:
        common.recreate_database(url, name)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    common.setup_django(url)
    common.fill_database(
        url, name, reuse=reuse, communities=communities, returnees=returnees, seed=seed
    )


def _manager():
    from accounts.models import Organization, Role, User
    from accounts.services import user_create

    organization = Organization.objects.get(name="Benchmark lead organization")
    user = User.objects.filter(username=USERNAME).first() or user_create(
        actor=None, username=USERNAME, organization=organization, roles=[Role.PROGRAMME_MANAGER]
    )
    return organization, user


def peak_memory(user, count: int) -> tuple[int, int]:
    """(rows, peak traced bytes) of exporting the user's first ``count`` returnees through
    exports.export_response, the function the view returns."""
    from reintegration import exports, selectors

    queryset = selectors.returnee_list(user=user)
    last = queryset.order_by("pk").values_list("pk", flat=True)[count - 1]
    response = exports.export_response(user, queryset.filter(pk__lte=last), "csv")
    sink = _Counter()
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            sink.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return sink.lines - 1, peak


def scenario(
    *,
    repeat: int,
    communities: int = 2_000,
    returnees: int = 200_000,
    seed: int = 42,
    keepdb: bool = False,
    profile: bool = False,
) -> list[Result]:
    prepare_database(communities=communities, returnees=returnees, seed=seed, keepdb=keepdb)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    organization, user = _manager()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("reintegration:export_returnees")

    def app() -> tuple[int, int]:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        sink = _Counter()
        for chunk in response.streaming_content:
            sink.write(chunk)
        return sink.lines, sink.bytes

    def floor() -> tuple[int, int]:
        connection.ensure_connection()
        sink = _Counter()
        with connection.connection.cursor() as cursor:
            cursor.copy_expert(FLOOR_SQL.format(org=int(organization.pk)), sink)
        return sink.lines, sink.bytes

    print(f"\nTiming: best of {repeat} after one warm-up.")
    if profile:
        import cProfile

        cProfile.runctx("app()", globals(), locals(), sort="cumulative")
    timed = common.best_of({"floor": floor, "app": app}, repeat)
    floor_seconds, (floor_lines, floor_bytes) = timed["floor"]
    app_seconds, (app_lines, app_bytes) = timed["app"]
    memory = [peak_memory(user, min(size, returnees)) for size in MEMORY_SIZES]
    ratio = app_seconds / floor_seconds
    notes = (
        f"{app_lines - 1:,} rows, {app_bytes / 2**20:.1f} MB (floor {floor_lines - 1:,} rows, "
        f"{floor_bytes / 2**20:.1f} MB); peak Python memory "
        + ", ".join(f"{peak / 2**20:.1f} MB at {rows // 1000}k" for rows, peak in memory)
    )
    return [
        Result(
            name=f"export {app_lines - 1:,} returnees to CSV",
            app_seconds=app_seconds,
            floor_seconds=floor_seconds,
            ratio=ratio,
            target=TARGET,
            met=ratio <= TARGET,
            notes=notes,
        )
    ]


def main() -> None:
    args = parse_args()
    results = scenario(
        repeat=args.repeat,
        communities=args.communities,
        returnees=args.returnees,
        seed=args.seed,
        keepdb=args.keepdb,
        profile=args.profile,
    )
    print()
    common.print_results(results)
    from django.db import connection

    connection.close()
    if not args.keepdb:
        url, name = database()
        common.drop_database(url, name)
        print(f"Dropped database {name} (pass --keepdb to keep and reuse it).")


if __name__ == "__main__":
    main()
