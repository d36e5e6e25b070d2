"""Sensitive fields are ciphertext in the database, readable with any listed key, and
re-encrypted by the rotation command (issue: security and data protection, acceptance 4)."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from config.encryption import PREFIX
from reintegration.models import Returnee
from reintegration.tests.factories import ReturneeFactory

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
SECRET = "Post-traumatic stress after detention"


def stored(returnee, column="mental_health_condition"):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM reintegration_returnee WHERE id = %s",  # noqa: S608
            [returnee.pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_database_holds_ciphertext_and_the_model_reads_clear_text(case_manager):
    returnee = ReturneeFactory(
        case_manager=case_manager, mental_health_condition=SECRET, protection_concern=""
    )
    raw = stored(returnee)
    assert raw.startswith(PREFIX)
    assert SECRET not in raw
    assert stored(returnee, "protection_concern") == ""  # nothing recorded stays empty
    assert Returnee.objects.get(pk=returnee.pk).mental_health_condition == SECRET
    assert (
        Returnee.objects.values_list("mental_health_condition", flat=True).get(pk=returnee.pk)
        == SECRET
    )
    # The same text encrypts differently every time: equal values cannot be spotted.
    other = ReturneeFactory(case_manager=case_manager, mental_health_condition=SECRET)
    assert stored(other) != raw


@pytest.mark.django_db
def test_encrypted_fields_cannot_be_searched_or_compared(case_manager):
    ReturneeFactory(case_manager=case_manager, mental_health_condition=SECRET)
    for lookup in ("icontains", "startswith", "gt", "regex"):
        with pytest.raises(FieldError):
            Returnee.objects.filter(**{f"mental_health_condition__{lookup}": "Post"}).count()
    # Exact matches find nothing but emptiness: the ciphertext differs at every save.
    assert Returnee.objects.filter(mental_health_condition=SECRET).count() == 0
    assert Returnee.objects.filter(mental_health_condition="").count() == 0


@pytest.mark.django_db
def test_rotation_keeps_old_rows_readable_then_moves_them_to_the_new_key(case_manager):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        returnee = ReturneeFactory(
            case_manager=case_manager, mental_health_condition=SECRET, confidential_notes="n1"
        )
    before = stored(returnee)
    Fernet(OLD_KEY.encode()).decrypt(before[len(PREFIX) :].encode())  # old key wrote it

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        # After the key change, before the rotation: old rows still read.
        assert Returnee.objects.get(pk=returnee.pk).mental_health_condition == SECRET
        call_command("rotate_field_encryption", stdout=io.StringIO())
        after = stored(returnee)
        assert after != before
        token = after[len(PREFIX) :].encode()
        assert Fernet(NEW_KEY.encode()).decrypt(token).decode() == SECRET
        with pytest.raises(InvalidToken):
            Fernet(OLD_KEY.encode()).decrypt(token)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key is gone
        fresh = Returnee.objects.get(pk=returnee.pk)
        assert (fresh.mental_health_condition, fresh.confidential_notes) == (SECRET, "n1")
