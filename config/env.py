"""Read the environment once, through these helpers, and fail loudly on bad values.

Settings call these at import time, so a bad value stops the process at start-up with
``ImproperlyConfigured`` instead of surfacing later as a 500.
"""

import base64
import hashlib
import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(
    name: str, *, default: int, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} must be at most {maximum}.")
    return value


_RATE_PERIODS = ("second", "minute", "hour", "day")


def env_rate(name: str, *, default: str) -> str:
    """A request rate as Django REST framework reads it: ``<count>/<second|minute|hour|day>``."""
    value = os.environ.get(name, "").strip() or default
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in _RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write <count>/<{'|'.join(_RATE_PERIODS)}>, "
            "e.g. 1000/hour."
        )
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, required: bool, dev_default: str) -> str:
    """A secret that must be set in production; ``dev_default`` only serves development."""
    value = os.environ.get(name, "").strip()
    if value:
        if required and len(value) < 50:
            raise ImproperlyConfigured(f"{name} must be at least 50 characters in production.")
        return value
    if required:
        raise ImproperlyConfigured(
            f"{name} is required when DEBUG is off: set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    return dev_default


def env_fernet_keys(name: str, *, required: bool, secret_key: str) -> list[str]:
    """Fernet keys, first one encrypting (config/encryption.py). Required in production;
    development derives one from SECRET_KEY so the embedded default needs no variable."""
    keys = env_list(name, default=[])
    if not keys:
        if required:
            raise ImproperlyConfigured(
                f"{name} is required when DEBUG is off: the sensitive returnee fields are "
                'encrypted with it. Make a key with python -c "from cryptography.fernet '
                'import Fernet; print(Fernet.generate_key().decode())" and keep it safe, '
                "apart from the database backups."
            )
        digest = hashlib.sha256(b"field-encryption:" + secret_key.encode()).digest()
        return [base64.urlsafe_b64encode(digest).decode()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 url-safe base64-encoded bytes)."
            ) from error
    return keys
