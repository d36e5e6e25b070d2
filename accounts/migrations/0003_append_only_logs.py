"""Make the audit trail and the access log append-only in the database itself.

On PostgreSQL (every real deployment) a trigger refuses UPDATE and DELETE on both tables, so
not even a bug or a raw query can rewrite history. The SQLite embedded default is for a first
look and development only: there the tables are append-only by code (no service, admin or API
edits them) but not by trigger, because Django's test flush empties SQLite tables with DELETE.
"""

from django.db import migrations

TABLES = ["accounts_auditevent", "accounts_accesslogentry"]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION refuse_log_rewrite() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql;
        """,
        params=None,  # the % in RAISE is PL/pgSQL's placeholder, not a query parameter
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_log_rewrite();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_log_rewrite();")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
