"""Make the ledger of financial support groups append-only in the database itself.

As for the audit trail (accounts migration 0003): on PostgreSQL a trigger refuses UPDATE and
DELETE of a ledger entry or a loan guarantee, so not even a bug or a raw query can rewrite
a group's books; a mistake is put right by a correction entry. On the SQLite embedded
default the tables are append-only by code only (the models refuse save() of an existing
row, delete() and queryset update/delete), because Django's test flush empties SQLite
tables with DELETE. (PostgreSQL's flush uses TRUNCATE, which row triggers do not see.)
"""

from django.db import migrations

TABLES = ["projects_ledgerentry", "projects_loanguarantor"]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION refuse_ledger_rewrite() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: record a correction instead', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql;
        """,
        params=None,  # the % in RAISE is PL/pgSQL's placeholder, not a query parameter
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_ledger_rewrite();")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
