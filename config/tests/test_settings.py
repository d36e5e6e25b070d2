"""Settings read the environment once and refuse bad values at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_KEY = "k7Gq2-production-like-secret-for-tests-9XvR4mTz8LwP1sNc6YbH3"
FIELD_KEY = "wYhTq0Jm1pVvB8c9d2e3f4g5h6i7j8k9l0m1n2o3p4Q="
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'debug': s.DEBUG, "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, "
    "'cache': s.CACHES['default']['BACKEND'], 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
    "'hsts': s.SECURE_HSTS_SECONDS, 'session_secure': s.SESSION_COOKIE_SECURE}))"
)


def run_python(env_overrides: dict[str, str], code: str = PROBE, args=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "FIELD_ENCRYPTION_KEYS",
            "DEBUG",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    command = args or [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_embedded_default_needs_no_variable():
    result = run_python({})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "debug": True,
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "ssl_redirect": False,
        "hsts": 0,
        "session_secure": False,
    }


def test_production_like_settings_from_environment():
    result = run_python(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/app",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "SECRET_KEY": PROD_KEY,
            "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
        }
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.postgresql",
        "debug": False,
        "eager": False,
        "broker": "redis://127.0.0.1:6379/0",
        "cache": "config.cache.ResilientRedisCache",
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "session_secure": True,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1/app"}, "SECRET_KEY is required"),
        ({"DEBUG": "false"}, "SECRET_KEY is required"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "at least 50 characters"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        (
            {
                "DATABASE_URL": "mysql://root@localhost/app",
                "SECRET_KEY": PROD_KEY,
                "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
            },
            "postgres://",
        ),
        ({"TRUSTED_PROXY_COUNT": "two"}, "TRUSTED_PROXY_COUNT='two' is not a whole number"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "must be at least 0"),
        (
            {"DATABASE_URL": "postgres://postgres@127.0.0.1/app", "SECRET_KEY": PROD_KEY},
            "FIELD_ENCRYPTION_KEYS is required when DEBUG is off",
        ),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": PROD_KEY,
                "FIELD_ENCRYPTION_KEYS": f"{FIELD_KEY},oops",
            },
            "FIELD_ENCRYPTION_KEYS: key 2 is not a Fernet key",
        ),
    ],
)
def test_bad_environment_refuses_to_start(env, message):
    result = run_python(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run_python(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/app",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "SECRET_KEY": PROD_KEY,
            "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
            "ALLOWED_HOSTS": "reintegration.example.org",
        },
        args=[sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
