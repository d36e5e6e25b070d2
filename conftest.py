"""Personas and browser fixtures shared by every app's tests (STYLE.md rule 10)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import translation

from accounts.models import Role
from accounts.tests.factories import OrganizationFactory, UserFactory
from config.celery import app as celery_app

PASSWORD = "correct-horse-battery-staple"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def load_catalogues() -> None:
    """What the data migrations load: role groups, the handbook's indicators and
    instruments with their translations, the sector catalogue."""
    from django.apps import apps

    from accounts.roles import sync_role_permissions
    from assessments.catalogues import load_instruments
    from assessments.text_translations import load_translation_files
    from communities.catalogues import load_catalogues as load_community_catalogues

    sync_role_permissions(apps)
    load_community_catalogues(apps)
    load_instruments(apps)
    load_translation_files(apps)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been emptied by the last transactional test of the
    previous run: reload the catalogues once per session."""
    with django_db_blocker.unblock():
        load_catalogues()


@pytest.fixture(autouse=True)
def _catalogues(request):
    """A transactional test (browser tests, on-commit tests, the worker tests) empties every
    table when it ends, including the catalogues. Reload them before each such test, so no
    test depends on the order it runs in. (serialized_rollback would do the same, but its
    reload trips over self-referencing rows on SQLite.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        load_catalogues()


@pytest.fixture(autouse=True)
def _language_reset():
    """LocaleMiddleware activates the request's language in the thread and leaves it there:
    after a request in French or Arabic (issue 11), the next test's direct service calls
    would speak it. Back to the default language after each test."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Unit tests run tasks in-process even when REDIS_URL is set; the one worker test
    (``test_celery_worker``) switches this off to go through a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Lead Organization")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Other Organization")


@pytest.fixture
def partner_organization(db):
    return OrganizationFactory(name="Partner NGO", kind="implementing_partner")


@pytest.fixture
def supervisor(organization):
    return UserFactory(username="supervisor", organization=organization, roles=[Role.SUPERVISOR])


@pytest.fixture
def case_manager(organization, supervisor):
    return UserFactory(
        username="case-manager",
        organization=organization,
        supervisor=supervisor,
        roles=[Role.CASE_MANAGER],
    )


@pytest.fixture
def colleague(organization, supervisor):
    """A case manager of the same organization who is not assigned the record."""
    return UserFactory(
        username="colleague",
        organization=organization,
        supervisor=supervisor,
        roles=[Role.CASE_MANAGER],
    )


@pytest.fixture
def outsider(other_organization):
    """A case manager of another organization."""
    return UserFactory(
        username="outsider", organization=other_organization, roles=[Role.CASE_MANAGER]
    )


@pytest.fixture
def programme_manager(organization):
    return UserFactory(
        username="programme-manager", organization=organization, roles=[Role.PROGRAMME_MANAGER]
    )


@pytest.fixture
def partner(partner_organization):
    return UserFactory(username="partner", organization=partner_organization, roles=[Role.PARTNER])


@pytest.fixture
def administrator(organization):
    return UserFactory(username="administrator", organization=organization, roles=[Role.ADMIN])


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI never skips the browser tests)")
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every browser journey doubles as a check of the Content-Security-Policy: a blocked
    # inline script or style sheet fails the test that met it (config/middleware.py).
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def login_page(page):
    """``login_page(username)``: log in through the real login form."""

    def login(username, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_selector("[data-testid=home-heading]")
        return page

    return login


def launch_celery_worker(log: Path, *, app: str = "config", env: dict | None = None):
    """Start a real Celery worker process against Redis on the test database and wait until
    it answers a ping; returns the process. The caller stops it."""
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL so the worker tests run")
        pytest.skip("needs REDIS_URL: the embedded default has no broker")
    worker_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **(env or {})}
    if connection.vendor == "postgresql":
        # Point the worker at the test database rather than the real one.
        db = connection.settings_dict
        worker_env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    celery_app.conf.task_always_eager = False
    with log.open("a") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--hostname=test-worker-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=Path(__file__).resolve().parent,
            env=worker_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    # A worker on another broker than this process's cannot be pinged: read its log.
    own_broker = "REDIS_URL" not in (env or {})
    while not (celery_app.control.ping(timeout=1.0) if own_broker else _logged_ready(log)):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail("worker did not start:\n" + log.read_text())
        if not own_broker:
            time.sleep(0.2)
    return worker


def _logged_ready(log: Path) -> bool:
    return " ready." in log.read_text()


@pytest.fixture
def real_celery_worker(tmp_path):
    """A real Celery worker process against Redis, using the test database; yields its log.

    Tests that hand it data must be transactional so the worker, another process, sees it.
    """
    log = tmp_path / "worker.log"
    worker = launch_celery_worker(log)
    try:
        yield log
    finally:
        worker.terminate()
        worker.wait(timeout=30)
