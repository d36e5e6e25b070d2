"""Redis restarted and PostgreSQL unreachable while the app serves (issue: reliability,
faults). The app runs under gunicorn against its own Redis and, for the database test,
reaches PostgreSQL through a proxy the test can cut, so nothing shared is disturbed.

- Redis down: pages are still served, health says degraded, a rescore that cannot be queued
  says so; a job queued before the restart runs once Redis and a worker are back.
- Database unreachable: a clear 503 page, nothing written; the app recovers by itself.
"""

import os
import re
import time

import pytest
from django.db import connection
from django.test import Client

from assessments.models import CommunityScore
from communities.tests.factories import CommunityFactory
from conftest import launch_celery_worker
from reintegration.models import CaseNote
from reintegration.tests.factories import ReturneeFactory
from tests.faults.servers import AppServer, RedisServer, TcpProxy, wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the app server and the worker need a database server they can share",
    ),
]
CSRF = "f" * 32  # a well-formed CSRF secret, sent both as cookie and header


def database_url(host="127.0.0.1", port=None) -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port or db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def session_cookies(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def post(app, path, cookies):
    return app.request(
        path,
        method="POST",
        data=b"",
        cookies=cookies,
        headers={"X-CSRFToken": CSRF, "Content-Type": "application/x-www-form-urlencoded"},
    )


def test_redis_restart_pages_keep_serving_and_queued_work_resumes(
    tmp_path, programme_manager, case_manager
):
    community = CommunityFactory()
    ReturneeFactory(community=community, case_manager=case_manager)
    redis = RedisServer(tmp_path).start()
    app = AppServer(
        tmp_path / "app.log", {"DATABASE_URL": database_url(), "REDIS_URL": redis.url}
    ).start()
    worker = None
    try:
        cookies = session_cookies(programme_manager)
        status, body, _ = app.get("/health/")
        assert (status, re.search(r'"redis": "(\w+)"', body).group(1)) == (200, "ok")

        # Queued while no worker runs: the job waits in Redis.
        status, _, headers = post(app, f"/assessments/communities/{community.pk}/rescore/", cookies)
        assert status == 302 and "?task=" in headers["Location"]

        redis.stop()
        for path in ("/", "/returnees/", f"/communities/{community.pk}/"):
            assert app.get(path, cookies=cookies)[0] == 200, path
        status, body, _ = app.get("/health/")
        assert status == 200
        assert '"status": "degraded"' in body and '"redis": "down"' in body
        started = time.monotonic()
        status, _, headers = post(app, f"/assessments/communities/{community.pk}/rescore/", cookies)
        assert time.monotonic() - started < 10  # gives up quickly, does not hang
        assert (status, headers["Location"]) == (302, f"/assessments/communities/{community.pk}/")
        # The message travels in the messages cookie set on the redirect.
        message_cookie = re.search(r"messages=([^;]+)", headers.get("Set-Cookie", ""))
        if message_cookie:
            cookies = {**cookies, "messages": message_cookie.group(1)}
        page = app.get(headers["Location"], cookies=cookies)[1]
        assert "The job queue cannot be reached right now" in page
        assert CommunityScore.objects.count() == 0

        redis.start()  # same port and folder: the append-only file brings the job back
        worker = launch_celery_worker(
            tmp_path / "worker.log",
            env={"REDIS_URL": redis.url, "DATABASE_URL": database_url()},
        )
        wait_until(
            lambda: CommunityScore.objects.filter(community=community).exists(),
            timeout=60,
            what="the job queued before the restart",
        )
        assert CommunityScore.objects.count() == 1
        assert '"redis": "ok"' in app.get("/health/")[1]
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=30)
        app.stop()
        redis.stop()


def test_database_unreachable_gives_a_clear_page_writes_nothing_and_recovers(
    tmp_path, case_manager
):
    returnee = ReturneeFactory(case_manager=case_manager)
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))).restore()
    app = AppServer(
        tmp_path / "app.log",
        {"DATABASE_URL": database_url(port=proxy.port), "REDIS_URL": os.environ["REDIS_URL"]},
    ).start()
    try:
        cookies = session_cookies(case_manager)
        detail = f"/returnees/{returnee.pk}/"
        assert app.get(detail, cookies=cookies)[0] == 200

        proxy.cut()
        status, body, headers = app.get(detail, cookies=cookies)
        assert status == 503
        assert "The database cannot be reached" in body
        assert "Nothing was saved" in body
        assert headers["Retry-After"] == "60"
        assert "Traceback" not in body and "OperationalError" not in body
        status, _, _ = post(app, f"/returnees/{returnee.pk}/notes/new/", cookies)
        assert status == 503
        status, body, _ = app.get("/health/")
        assert status == 503 and '"database": "down"' in body

        proxy.restore()  # the database is back: no restart of the app needed
        wait_until(lambda: app.get(detail, cookies=cookies)[0] == 200, what="recovery")
        assert CaseNote.objects.count() == 0
    finally:
        app.stop()
        proxy.cut()
