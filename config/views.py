"""Site-wide views that belong to no app: the health check."""

import sys

import redis
from django import db
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

OK, DOWN, NOT_CONFIGURED, DEGRADED = "ok", "down", "not configured", "degraded"
# Short timeouts: a health check must answer, never hang on a dead dependency.
TIMEOUT_SECONDS = 1.0


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return DOWN
    return OK


def _redis() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
        )
        client.ping()
        client.close()
    except redis.RedisError:
        return DOWN
    return OK


def _celery_worker(redis_state: str) -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED  # tasks run eagerly in the web process
    if redis_state != OK:
        return DOWN  # no broker, so no worker can be reached
    try:
        replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS)
    except Exception:
        return DOWN
    return OK if replies else DOWN


@never_cache
@require_GET
@login_not_required
def health(request):
    redis_state = _redis()
    checks = {
        "database": _database(),
        "redis": redis_state,
        "celery_worker": _celery_worker(redis_state),
    }
    if checks["database"] != OK:
        status = DOWN  # nothing can be served: take this instance out of rotation
    elif all(state in (OK, NOT_CONFIGURED) for state in checks.values()):
        status = OK
    else:
        # Pages are served (the cache degrades to misses, jobs wait or are retried by the
        # nightly run), so the instance stays in rotation; monitoring sees "degraded".
        status = DEGRADED
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == DOWN else 200)


DATABASE_ERRORS = (db.OperationalError, db.InterfaceError)


def server_error(request):
    """handler500: a generic page, never the error's details; a database that cannot be
    reached gets its own message and a 503, so people know nothing was half-saved (every
    write is one transaction) and that retrying later is the fix."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        status, title, message = (
            503,
            gettext("The database cannot be reached"),
            gettext(
                "Nothing was saved: what you were doing was undone as a whole. The application "
                "reconnects by itself; try again in a minute."
            ),
        )
    else:
        status, title, message = (
            500,
            gettext("Something went wrong"),
            gettext("The error has been logged for the administrators. Nothing was half-saved."),
        )
    html = render_to_string("error.html", {"title": title, "message": message})
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response
