"""Let the erasure of a person's data scrub the free text of their ledger entries.

Migration 0002 made the ledger append-only with a trigger refusing every UPDATE and DELETE.
A loan's purpose or a correction's note can name or describe a member, and erasing a
returnee (issue 9, ``projects.personal_data``) must remove it. As for the audit trail
(accounts migration 0004), the ledger's trigger now lets one kind of UPDATE through: inside
``accounts.audit.erasure_scope`` (``SET LOCAL app.erasure = 'on'``) and only when nothing
but ``purpose`` and ``note`` changes. Amounts, dates, kinds and members stay exactly as
written; DELETE stays refused; loan guarantees keep the trigger of 0002 unchanged.
"""

from django.db import migrations

TABLE = "projects_ledgerentry"

FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_ledger_rewrite_but_erasure() RETURNS trigger AS $$
BEGIN
    -- TG_ARGV names the columns an erasure may scrub; every other column must be unchanged.
    IF TG_OP = 'UPDATE'
       AND current_setting('app.erasure', true) = 'on'
       AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: record a correction instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def allow_erasure(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: the % in RAISE is PL/pgSQL's placeholder, not a query parameter.
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} FOR EACH ROW "
        "EXECUTE FUNCTION refuse_ledger_rewrite_but_erasure('purpose', 'note');"
    )


def refuse_everything(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_ledger_rewrite_but_erasure();")


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_finance_append_only")]

    operations = [migrations.RunPython(allow_erasure, refuse_everything)]
