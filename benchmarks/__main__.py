"""Run every benchmark scenario and print one table (issue 10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
        .venv/bin/python -m benchmarks [--repeat 30] [--keepdb] [--only name_search ...]

Each scenario is a module ``benchmarks/<name>.py`` with ``scenario(*, repeat: int) ->
list[common.Result]``: it builds (or, with --keepdb, reuses) its own database, times the
application's path and its floor in the same run and returns its rows. A module not on this
branch is listed as missing rather than failing the run. Exit code 0 whether targets are met
or not (a measurement), 1 when a scenario raised, 2 when the suite refuses to run.
"""

import argparse
import importlib
import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

SCENARIOS = [
    "partner_api",
    "deep_page",
    "name_search",
    "dashboard_overview",
    "score_communities",
    "import_returnees",
    "export_returnees",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=30,
        help="timed rounds after a warm-up (the scoring and dashboard scenarios take at most 5)",
    )
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="reuse benchmark databases holding the same dataset, and keep them after",
    )
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="run only these")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    common.bench_database_url()  # refuses early without a PostgreSQL DATABASE_URL
    if args.keepdb:
        os.environ[common.KEEPDB_VARIABLE] = "1"
    # Scenarios request pages through Django's test client: plain HTTP, no static manifest.
    # Set before the first scenario sets Django up, since settings are read once.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    results: list[common.Result] = []
    missing, failed = [], []
    started = time.perf_counter()
    for name in args.only or SCENARIOS:
        if importlib.util.find_spec(f"benchmarks.{name}") is None:
            missing.append(name)
            continue
        print(f"\n=== {name} ===", flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows = module.scenario(repeat=args.repeat)
        except Exception:  # noqa: BLE001 - one broken scenario must not hide the others
            traceback.print_exc()
            failed.append(name)
            continue
        common.print_results(rows)
        results.extend(rows)
    common.drop_built_databases()
    print(f"\nAll scenarios ({time.perf_counter() - started:.0f} s, --repeat {args.repeat}):")
    common.print_results(results)
    for name in missing:
        print(f"{name}: not on this branch (benchmarks/{name}.py missing)")
    for name in failed:
        print(f"{name}: FAILED, see the traceback above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
