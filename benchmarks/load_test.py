"""Load test (issue: reliability and performance): gunicorn with 3 workers and a Celery
worker, 50 concurrent simulated users for 60 seconds mixing caseload pages, returnee edits,
referrals and partner API reads, on loopback only. Prints the requests, errors and p50/p95
per route; exits 1 when any request failed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegration_bench \\
    REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python benchmarks/load_test.py [--users 50 --seconds 60 --workers 3]

It builds its own database (``<name>_load``, the demo data of ``seed_demo``), dropped at the
end unless ``--keepdb``.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

PASSWORD = "demo-reintegration-2026"
CASE_MANAGER = "demo-case-manager"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keepdb", action="store_true")
    return parser.parse_args()


class User:
    """One simulated user: its own cookies, CSRF token and timings."""

    def __init__(self, base: str, timings, errors):
        self.base, self.timings, self.errors = base, timings, errors
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def call(self, route: str, path: str, *, data=None, headers=None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # The base URL is ours (loopback), never user input.
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        if body is not None:
            request.add_header("X-CSRFToken", self.csrf())
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as error:
            text, status = error.read().decode(errors="replace"), error.code
        except OSError as error:
            text, status = str(error), 0
        self.timings[route].append(time.perf_counter() - started)
        if status >= 400 or status == 0:
            self.errors[route].append(f"{status} {path}")
        return text

    def login(self, username: str) -> None:
        self.call("login page", "/accounts/login/")
        self.call(
            "login",
            "/accounts/login/",
            data={"username": username, "password": PASSWORD},
        )


def returnee_ids(page: str) -> list[str]:
    return sorted(set(re.findall(r'href="/returnees/(\d+)/"', page)))


def edit_form_fields(page: str) -> dict[str, str]:
    """The edit form's current values, to send back with one change."""
    fields: dict[str, str] = {}
    for match in re.finditer(r"<input([^>]*)>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if "checked" in match.group(1):
                fields[name] = attrs.get("value", "on")
            continue
        fields[name] = attrs.get("value", "")
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        fields[match.group(1)] = selected.group(1) if selected else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[match.group(1)] = match.group(2).strip()
    return fields


def case_manager_loop(user: User, stop: float, index: int) -> None:
    user.login(CASE_MANAGER)
    ids = returnee_ids(user.call("returnee list", "/returnees/"))
    turn = index
    while time.monotonic() < stop:
        turn += 1
        user.call("caseload", "/returnees/caseload/")
        if not ids:
            continue
        pk = ids[turn % len(ids)]
        user.call("returnee page", f"/returnees/{pk}/")
        if turn % 3 == 0:
            form = edit_form_fields(user.call("returnee edit form", f"/returnees/{pk}/edit/"))
            form["life_plans"] = f"Plan revised under load ({turn})"
            page = user.call("returnee edit save", f"/returnees/{pk}/edit/", data=form)
            if "Someone else saved this returnee" in page:
                # Optimistic locking refused a concurrent edit, as designed: not an error.
                user.timings["returnee edit conflict (refused, as designed)"].append(0.0)
            elif "is-invalid" in page:
                user.errors["returnee edit save"].append(f"form refused for returnee {pk}")
        user.call("referrals", "/returnees/referrals/")
        user.call("returnee search", f"/returnees/?q=a{turn % 7}")


def partner_loop(user: User, stop: float, token: str) -> None:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    while time.monotonic() < stop:
        user.call("API communities", "/api/v1/communities/?page_size=100", headers=headers)
        user.call("API returnees", "/api/v1/returnees/", headers=headers)
        user.call("API referrals", "/api/v1/referrals/", headers=headers)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    args = parse_args()
    url, name = common.bench_database_url()
    load_name = name.removesuffix(common.BENCH_SUFFIX) + "_load"
    load_url = url.rsplit("/", 1)[0] + "/" + load_name
    redis_url = os.environ.get("REDIS_URL") or common.refuse("set REDIS_URL (a spare Redis db)")
    env = {
        **os.environ,
        "DATABASE_URL": load_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", common.BENCH_SECRET_KEY),
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS", common.BENCH_FIELD_KEY),
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        # The simulated users all sign in from 127.0.0.1: do not lock the address out.
        "AXES_FAILURE_LIMIT": "1000",
    }
    manage = [sys.executable, str(common.ROOT / "manage.py")]
    print(f"Database {load_name}: migrate and seed the demo data")
    common.recreate_database(url, load_name)
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    token = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from accounts.models import User; from accounts.services import api_token_create;"
                "print(api_token_create(actor=None, user=User.objects.get(username='demo-partner'),"
                " name='load test')[1])",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    base = f"http://127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
            "--timeout", "60", "--log-level", "warning",
        ],
        cwd=common.ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
         "--concurrency=1", "--without-gossip", "--without-mingle"],
        cwd=common.ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health/", timeout=2):  # noqa: S310
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    common.refuse("gunicorn did not start")
                time.sleep(0.3)

        timings: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        stop = time.monotonic() + args.seconds
        partners = max(1, args.users // 5)
        threads = []
        for index in range(args.users):
            user = User(base, timings, errors)
            if index < partners:
                target, extra = partner_loop, (token,)
            else:
                target, extra = case_manager_loop, (index,)
            threads.append(threading.Thread(target=target, args=(user, stop, *extra)))
        print(
            f"{args.users} users ({partners} partner API clients, {args.users - partners} case "
            f"managers) for {args.seconds} s against gunicorn with {args.workers} workers"
        )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        gunicorn.terminate()
        worker.terminate()
        gunicorn.wait(timeout=30)
        worker.wait(timeout=30)
        if not args.keepdb:
            common.drop_database(url, load_name)

    rows = []
    for route in sorted(timings):
        values = timings[route]
        real = [v for v in values if v > 0]
        rows.append(
            [
                route,
                str(len(values)),
                str(len(errors.get(route, []))),
                f"{statistics.median(real) * 1000:.0f}" if real else "-",
                f"{percentile(real, 0.95) * 1000:.0f}" if real else "-",
            ]
        )
    total = sum(len(v) for v in timings.values())
    failed = sum(len(v) for v in errors.values())
    common.print_table(["route", "requests", "errors", "p50 ms", "p95 ms"], rows)
    print(f"\n{total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s), {failed} error(s).")
    for route, found in errors.items():
        print(f"  {route}: {found[:3]}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
