"""A GIN trigram index on the phone number, so a substring search by phone does not scan
the registry (PostgreSQL only; SQLite needs nothing)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS returnee_phone_trgm ON reintegration_returnee "
            "USING gin (phone gin_trgm_ops);"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS returnee_phone_trgm;")


class Migration(migrations.Migration):
    dependencies = [("reintegration", "0002_name_search")]

    operations = [migrations.RunPython(forwards, backwards)]
