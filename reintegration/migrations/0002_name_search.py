"""Typo-tolerant name search on PostgreSQL: pg_trgm and a GIN trigram index on the
normalised name (accents are already stripped by the services, so no unaccent is needed).
SQLite, the embedded default, falls back to substring search and needs nothing here."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS returnee_name_trgm ON reintegration_returnee "
        "USING gin (name_normalized gin_trgm_ops);"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS returnee_name_trgm;")


class Migration(migrations.Migration):
    dependencies = [("reintegration", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
