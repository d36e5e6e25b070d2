"""Scenario: import 100,000 returnees from a CSV file, validated, as a case manager uploads it.

Target: the import service (reintegration/services/imports.py, what the upload view calls)
within 3x the time of psycopg2 ``COPY ... FROM STDIN`` of the same rows into the same tables
(returnees, their skills and needs, consents), both measured in the same run on PostgreSQL;
peak Python memory (tracemalloc) the same for files of 25,000, 50,000 and 100,000 rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python benchmarks/import_returnees.py [--rows 100000 --communities 2000 \\
        --repeat 3 --seed 42 --keepdb]

The communities come from benchmarks/community_dataset.py (no returnee), in their own
database (the benchmark database's name with ``_import`` before ``_bench``). The file is
generated from ``random.Random(seed)`` with every template column filled. Each run (app and
floor) happens in a transaction that is rolled back, so every run imports into the same
state; the floor's rows are the ones the app wrote in its warm-up run, copied out with COPY
TO before that rollback. Exit code 0 whether the target is met or not; 2 when refused.
"""

import argparse
import csv
import datetime
import functools
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402
from benchmarks.common import Result  # noqa: E402

TARGET = 3.0
MEMORY_SIZES = (25_000, 50_000, 100_000)
USERNAME = "bench-import-case-manager"
# What the floor copies, in an order the foreign keys accept.
TABLES = [
    "reintegration_returnee",
    "reintegration_returneeskill",
    "reintegration_returneeneed",
    "reintegration_consent",
]


class _Rollback(Exception):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--communities", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after a warm-up")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keepdb", action="store_true", help="reuse and keep the database")
    parser.add_argument(
        "--memory-sizes",
        default=",".join(map(str, MEMORY_SIZES)),
        help="file sizes (rows, comma-separated) whose peak memory is measured",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one app run first")
    return parser.parse_args()


@functools.cache
def database() -> tuple[str, str]:
    # Cached: setup_django() points DATABASE_URL at the result.
    url, name = common.bench_database_url()
    own = name.removesuffix(common.BENCH_SUFFIX) + "_import" + common.BENCH_SUFFIX
    return url.rsplit("/", 1)[0] + "/" + own, own


def prepare_database(*, communities: int, seed: int, keepdb: bool) -> None:
    url, name = database()
    reuse = keepdb and common.database_exists(url, name)
    if not reuse:
        common.recreate_database(url, name)
    common.setup_django(url)
    common.fill_database(url, name, reuse=reuse, communities=communities, returnees=0, seed=seed)


def write_file(path: Path, *, rows: int, seed: int) -> int:
    """A CSV of ``rows`` distinct returnees in the template's columns; returns its size."""
    from benchmarks.community_dataset import FIRST_NAMES, LAST_NAMES
    from communities.models import Community, Sector
    from reintegration.import_format import COLUMN_NAMES
    from reintegration.models import Returnee, ReturneeNeed, SkillLevel

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    pcodes = list(Community.objects.order_by("pk").values_list("pcode", flat=True))
    trades = list(
        Sector.objects.filter(parent__isnull=False).order_by("code").values_list("code", flat=True)
    )
    today = datetime.date.today()
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMN_NAMES)
        for n in range(rows):
            known_birth = rng.random() < 0.9
            returned = today - datetime.timedelta(days=rng.randrange(0, 730))
            skills = rng.sample(trades, rng.choice([0, 0, 1, 1, 2]))
            values = {
                # A number in the family name keeps every row a different person.
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": f"{rng.choice(LAST_NAMES)} {n}",
                "sex": rng.choice(["female", "male"]),
                "gender": rng.choice(["", "woman", "man"]),
                "date_of_birth": (
                    datetime.date(rng.randrange(1960, 2005), rng.randrange(1, 13), 1).isoformat()
                    if known_birth
                    else ""
                ),
                "estimated_age": "" if known_birth else str(rng.randrange(18, 60)),
                "nationality": "GIN",
                "languages": rng.choice(["Pular;French", "Malinké", "Soussou;French", ""]),
                "phone": f"+224 62{n:07d}" if rng.random() < 0.7 else "",
                "community_pcode": rng.choice(pcodes),
                "return_date": returned.isoformat(),
                "countries_lived": rng.choice(["LBY;NER", "MAR", "DZA;MLI", ""]),
                "months_abroad": str(rng.randrange(1, 60)),
                "return_kind": rng.choice(Returnee.ReturnKind.values),
                "education_level": rng.choice(["", *Returnee.Education.values]),
                "occupation_before": rng.choice(["Farmer", "Trader", "Student", ""]),
                "occupation_abroad": rng.choice(["Construction", "Domestic work", ""]),
                "vulnerabilities": rng.choice(["", "", Returnee.Vulnerability.values[0]]),
                "interested_in_collective_projects": rng.choice(["yes", "no", ""]),
                "life_plans": rng.choice(["Open a shop", "Farming with relatives", ""]),
                "skills": ";".join(
                    f"{code}:{rng.choice(SkillLevel.values)}:{rng.randrange(0, 15)}"
                    for code in skills
                ),
                "needs": rng.choice(["", "", f"{ReturneeNeed.Level.values[0]}:Start-up capital"]),
                "consent_given_on": returned.isoformat() if rng.random() < 0.9 else "",
            }
            writer.writerow([values[c] for c in COLUMN_NAMES])
    return path.stat().st_size


def _in_rollback(function):
    """Run ``function`` in a transaction that is then rolled back; returns its result."""
    from django.db import transaction

    result = None
    try:
        with transaction.atomic():
            result = function()
            raise _Rollback
    except _Rollback:
        pass
    return result


def scenario(
    *,
    repeat: int,
    rows: int = 100_000,
    communities: int = 2_000,
    seed: int = 42,
    keepdb: bool = False,
    profile: bool = False,
    memory_sizes: tuple[int, ...] = MEMORY_SIZES,
) -> list[Result]:
    prepare_database(communities=communities, seed=seed, keepdb=keepdb)
    from django.db import connection

    from accounts.models import Organization, Role, User
    from accounts.services import user_create
    from reintegration.services import returnee_import

    organization = Organization.objects.get(name="Benchmark lead organization")
    actor = User.objects.filter(username=USERNAME).first() or user_create(
        actor=None, username=USERNAME, organization=organization, roles=[Role.CASE_MANAGER]
    )
    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    sizes = sorted({*[min(s, rows) for s in memory_sizes], rows})
    files = {}
    for size in sizes:
        files[size] = folder / f"returnees-{size}.csv"
        megabytes = write_file(files[size], rows=size, seed=seed) / 2**20
        print(f"  file of {size:,} rows: {megabytes:.1f} MB")

    def run_import(size: int):
        with files[size].open("rb") as file:
            report = returnee_import(actor=actor, file=file, filename=files[size].name)
        assert report.ok, report.errors[:5]
        return report.count

    def app() -> int:
        return _in_rollback(lambda: run_import(rows))

    # The floor's rows: what the app writes, copied out before the rollback.
    dumps = {table: folder / f"{table}.copy" for table in TABLES}

    def import_and_dump() -> int:
        count = run_import(rows)
        with connection.connection.cursor() as cursor:
            for table, path in dumps.items():
                with path.open("wb") as sink:
                    cursor.copy_expert(f"COPY {table} TO STDOUT", sink)
        return count

    def floor() -> int:
        def copy() -> int:
            with connection.connection.cursor() as cursor:
                for table, path in dumps.items():
                    with path.open("rb") as source:
                        cursor.copy_expert(f"COPY {table} FROM STDIN", source)
                cursor.execute("SELECT count(*) FROM reintegration_returnee")
                return cursor.fetchone()[0]

        return _in_rollback(copy)

    connection.ensure_connection()
    if profile:
        import cProfile

        cProfile.runctx("app()", globals(), locals(), sort="tottime")
    # The warm-up is the run that writes the floor's rows (an import of 100,000 rows takes
    # minutes: common.best_of's extra warm-up run of each would double the scenario).
    print(f"\nTiming: best of {repeat} after one warm-up.")
    _in_rollback(import_and_dump)
    best = {"floor": float("inf"), "app": float("inf")}
    counts = {}
    for _ in range(repeat):
        for name, function in (("floor", floor), ("app", app)):
            started = time.perf_counter()
            counts[name] = function()
            best[name] = min(best[name], time.perf_counter() - started)
    floor_seconds, floor_count = best["floor"], counts["floor"]
    app_seconds, app_count = best["app"], counts["app"]
    print(f"  app {app_seconds:.1f} s, floor {floor_seconds:.2f} s")

    memory = []
    for size in sizes:
        tracemalloc.start()
        try:
            _in_rollback(lambda size=size: run_import(size))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        memory.append((size, peak))
        print(f"  peak Python memory importing {size:,} rows: {peak / 2**20:.1f} MB")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()

    ratio = app_seconds / floor_seconds
    notes = f"{app_count:,} rows imported (floor {floor_count:,}); peak Python memory " + ", ".join(
        f"{peak / 2**20:.1f} MB at {size // 1000}k" for size, peak in memory
    )
    return [
        Result(
            name=f"import {rows:,} returnees from CSV",
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
    started = time.perf_counter()
    results = scenario(
        repeat=args.repeat,
        rows=args.rows,
        communities=args.communities,
        seed=args.seed,
        keepdb=args.keepdb,
        profile=args.profile,
        memory_sizes=tuple(int(size) for size in args.memory_sizes.split(",")),
    )
    print()
    common.print_results(results)
    print(f"({time.perf_counter() - started:.0f} s in all)")
    from django.db import connection

    connection.close()
    if not args.keepdb:
        url, name = database()
        common.drop_database(url, name)
        print(f"Dropped database {name} (pass --keepdb to keep and reuse it).")


if __name__ == "__main__":
    main()
