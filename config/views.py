"""Site-wide views that belong to no app: the health check."""

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

OK, DOWN, NOT_CONFIGURED = "ok", "down", "not configured"
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
    healthy = all(state in (OK, NOT_CONFIGURED) for state in checks.values())
    return JsonResponse(
        {"status": OK if healthy else DOWN, "checks": checks}, status=200 if healthy else 503
    )
