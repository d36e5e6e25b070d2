"""What every benchmark scenario shares: its own PostgreSQL database, Django set up against
it, best-of-N timing and the results table (STYLE.md 14: a ratio against a baseline measured
in the same run)."""

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_SUFFIX = "_bench"
# DATABASE_URL as given: setup_django() points the variable at a benchmark database, and the
# next scenario of the suite must derive its own database from the original, not from that.
_SOURCE_URL = os.environ.get("DATABASE_URL", "")
# Only for the throw-away benchmark database; settings require a secret once DATABASE_URL
# is set, and a benchmark must not need the production one.
BENCH_SECRET_KEY = "benchmark-only-secret-key-never-used-by-a-deployment-0123456789abcdef"
BENCH_FIELD_KEY = "5palvQEN1a4lBmXs29YJy5z1u731mqSpKE8C8mQi4PA="  # benchmark-only


def refuse(message: str) -> None:
    print(f"benchmark refused: {message}", file=sys.stderr)
    sys.exit(2)


def bench_database_url() -> tuple[str, str]:
    """(url, database name) of the benchmark database derived from DATABASE_URL: a name that
    already ends in ``_bench`` is used as given, any other gets ``_bench`` appended, so the
    application's own database is never touched."""
    url = (_SOURCE_URL or os.environ.get("DATABASE_URL", "")).strip()
    if not url:
        refuse(
            "DATABASE_URL is not set. Benchmarks measure PostgreSQL, not the embedded SQLite "
            "default: DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        refuse(
            f"DATABASE_URL is {parts.scheme}://, not postgres://. The targets are stated for "
            "PostgreSQL; a SQLite figure would say nothing about production."
        )
    name = parts.path.lstrip("/") or "reintegration"
    if not name.endswith(BENCH_SUFFIX):
        name += BENCH_SUFFIX
    return urlunsplit(parts._replace(path="/" + name)), name


def _maintenance_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=parts.username or None,
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    return connection


def database_exists(url: str, name: str) -> bool:
    connection = _maintenance_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def recreate_database(url: str, name: str) -> None:
    from psycopg2 import sql

    connection = _maintenance_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def drop_database(url: str, name: str) -> None:
    from psycopg2 import sql

    connection = _maintenance_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        connection.close()


# The suite (``python -m benchmarks``) runs several scenarios in one process: a database
# built earlier in the run is reused by the next scenario that wants the same one, and every
# database built is dropped at the end unless --keepdb (BENCH_KEEPDB=1) was given.
KEEPDB_VARIABLE = "BENCH_KEEPDB"
_built_this_run: dict[str, str] = {}


def keepdb() -> bool:
    return os.environ.get(KEEPDB_VARIABLE) == "1"


def may_reuse(url: str, name: str) -> bool:
    """Whether an existing database may be reused rather than rebuilt."""
    return (keepdb() or name in _built_this_run) and database_exists(url, name)


def mark_built(url: str, name: str) -> None:
    _built_this_run[name] = url


def drop_built_databases() -> None:
    """Drop what this run built, unless --keepdb."""
    if keepdb():
        return
    from django.db import connection

    connection.close()
    for name, url in _built_this_run.items():
        drop_database(url, name)
        print(f"Dropped database {name} (pass --keepdb to keep and reuse it).")
    _built_this_run.clear()


def setup_django(url: str) -> None:
    """Point the settings at the benchmark database and set Django up. DEBUG stays off so
    Django does not keep every query in memory while it is being timed. Called again in the
    same process (the suite), it only switches the connection to the other database."""
    from django.apps import apps

    if apps.ready:
        from django.db import connection

        connection.close()
        connection.settings_dict["NAME"] = urlsplit(url).path.lstrip("/")
        os.environ["DATABASE_URL"] = url
        return
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET_KEY)
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FIELD_KEY)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def vacuum_analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give in production."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = True
    try:
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        raw.autocommit = previous


def run_sql(statement: str, params=None) -> None:
    """One statement on Django's connection (after setup_django)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def table_exists(name: str) -> bool:
    """Whether the table exists: the dataset modules mark a finished build with one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [name])
        return cursor.fetchone()[0] is not None


def fill_database(
    url: str,
    name: str,
    *,
    reuse: bool,
    communities: int,
    returnees: int,
    seed: int,
    extras: tuple = (),
):
    """After setup_django(url): reuse the database when its markers say it holds this dataset
    (migrated first, so a kept database follows the schema), or rebuild it with
    community_dataset and each extra dataset module (``read_marker()``, ``build(seed=,
    today=)``). Returns the day the data was built for."""
    import datetime

    from django.core.management import call_command
    from django.db import connection

    from benchmarks import community_dataset

    if reuse:
        marker = community_dataset.read_marker()
        wanted = (communities, returnees, seed)
        if (
            marker
            and (marker["communities"], marker["returnees"], marker["seed"]) == wanted
            and all(extra.read_marker() for extra in extras)
        ):
            call_command("migrate", verbosity=0)
            print(f"Reusing database {name} built on {marker['built_on']} (--keepdb).")
            return marker["built_on"]
        connection.close()  # our own session would keep the database from being dropped
        recreate_database(url, name)
    print(
        f"Building database {name}: {communities:,} communities, {returnees:,} returnees "
        f"(seed {seed})."
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    today = datetime.date.today()
    counts = community_dataset.build(
        communities=communities, returnees=returnees, seed=seed, today=today
    )
    for extra in extras:
        counts.update(extra.build(seed=seed, today=today))
    vacuum_analyze()
    print(f"  built {counts} and analysed in {time.perf_counter() - start:.1f} s")
    return today


def best_of(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple]:
    """{name: (fastest seconds, last result)} over ``repeat`` rounds after one untimed
    warm-up. The functions take turns within each round, so load from other processes on
    the machine falls on the application and its baseline alike."""
    results = {name: function() for name, function in functions.items()}
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: (best[name], results[name]) for name in functions}


class Progress:
    """A one-line progress counter, rewritten in place."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.start = label, total, time.perf_counter()

    def update(self, done: int) -> None:
        print(f"\r  {self.label}: {done:,}/{self.total:,}", end="", flush=True)

    def finish(self) -> float:
        elapsed = time.perf_counter() - self.start
        print(f"\r  {self.label}: {self.total:,} in {elapsed:.1f} s" + " " * 10, flush=True)
        return elapsed


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*map(str, row)))


@dataclass
class Result:
    """One row of the suite's table (``python -m benchmarks``). Every scenario module
    ``benchmarks/<name>.py`` exposes ``scenario(*, repeat: int) -> list[Result]``: it builds or
    reuses its dataset, times the application's path and its floor in the same run, and
    returns one row per target (information rows have ``target`` 0 and ``met`` True)."""

    name: str
    app_seconds: float
    floor_seconds: float
    ratio: float
    target: float
    met: bool
    notes: str = ""


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.5 the median) of timings in seconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def interleaved(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list]:
    """{name: [seconds of each run]} over ``repeat`` rounds after one untimed warm-up, the
    functions taking turns in every round (as best_of), for medians and percentiles."""
    for function in functions.values():
        function()
    samples: dict[str, list] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    return samples


def print_results(results: list["Result"]) -> None:
    """The suite's table: scenario, app p50, floor p50, ratio, target, met."""
    print_table(
        ["scenario", "app p50 s", "floor p50 s", "ratio", "target", "met?", "notes"],
        [
            [
                r.name,
                f"{r.app_seconds:.4f}",
                f"{r.floor_seconds:.4f}",
                f"{r.ratio:.2f}x",
                f"<= {r.target}x" if r.target else "-",
                ("yes" if r.met else "NO") if r.target else "info",
                r.notes,
            ]
            for r in results
        ],
    )
