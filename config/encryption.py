"""Encryption at rest for the few fields that could harm a person if a database dump leaked:
a returnee's mental-health condition, protection concern and confidential notes (issue:
security and data protection).

Built on ``cryptography``'s Fernet (AES-128-CBC with HMAC-SHA256, a timestamp and a random
IV per value) rather than on a field-encryption package: the ones people reach for
(django-cryptography, django-fernet-fields, django-encrypted-model-fields) are unmaintained.

Keys come from ``FIELD_ENCRYPTION_KEYS``: a comma-separated list of Fernet keys, the first
one encrypts, every one decrypts. Rotation (SECURITY.md): put a new key first, keep the old
ones after it, run ``manage.py rotate_field_encryption``, then drop the old keys. Production
refuses to start without the variable; development derives a key from SECRET_KEY so the
embedded default needs no variable.

What the database holds: an empty value stays empty (so "nothing recorded" needs no key to
answer); anything else is ``enc1:`` followed by the Fernet token. Ciphertext differs at every
save, so these fields cannot be searched, filtered or ordered on: the field refuses every
lookup but ``isnull`` and ``exact`` / ``in`` against the empty string, which is also what
keeps a ``?field=`` filter from probing a hidden value.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return _fernet(keys)


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        # A clear value means a row written before encryption and not yet migrated: the
        # migration encrypts them all, so this is a bug worth a loud error, not a leak.
        raise ValueError("An encrypted field holds a value that is not ciphertext.")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with any key in FIELD_ENCRYPTION_KEYS: was a "
            "key removed before `manage.py rotate_field_encryption` ran?"
        ) from error


def rotate(stored: str) -> str:
    """The same value re-encrypted with the first key (MultiFernet.rotate)."""
    if not stored:
        return ""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


ALLOWED_LOOKUPS = {"isnull", "exact", "in"}


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted; reads decrypt, writes encrypt."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            return None  # Django then raises FieldError: "Unsupported lookup"
        return super().get_lookup(lookup_name)

    def get_transform(self, name):
        return None
