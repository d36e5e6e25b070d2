"""Let the erasure of a person's data scrub the append-only logs, and nothing else.

Migration 0003 made the audit trail and the access log append-only with a trigger that
refuses every UPDATE and DELETE. Erasure (reintegration/services/privacy.py, SECURITY.md)
must also remove the person's data from those copies, so the trigger now lets one kind of
UPDATE through:

- the transaction has said ``SET LOCAL app.erasure = 'on'``, which only the erasure service
  does (``accounts.audit.erasure_scope``), and the setting ends with that transaction;
- only the columns named as the trigger's arguments change (``changes``, ``object_repr``
  and ``note`` of an audit event, ``fields`` of an access-log entry): who, when, which
  record and what action stay exactly as written.

DELETE stays refused. The erasure itself is recorded as an audit event. This guards against
bugs and casual rewrites; like the trigger itself, it does not stop a database superuser.
"""

from django.db import migrations, models

SCRUBBABLE = {
    "accounts_auditevent": ["changes", "object_repr", "note"],
    "accounts_accesslogentry": ["fields"],
}

FUNCTION_WITH_ERASURE = """
CREATE OR REPLACE FUNCTION refuse_log_rewrite() RETURNS trigger AS $$
BEGIN
    -- TG_ARGV names the columns an erasure may scrub; every other column must be unchanged.
    IF TG_OP = 'UPDATE'
       AND current_setting('app.erasure', true) = 'on'
       AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION refuse_log_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _recreate(schema_editor, function: str, *, with_arguments: bool) -> None:
    # params=None: the % in RAISE is PL/pgSQL's placeholder, not a query parameter.
    schema_editor.execute(function, params=None)
    for table, columns in SCRUBBABLE.items():
        arguments = ", ".join(f"'{c}'" for c in columns) if with_arguments else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_log_rewrite({arguments});"
        )


def allow_erasure(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _recreate(schema_editor, FUNCTION_WITH_ERASURE, with_arguments=True)


def refuse_everything(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _recreate(schema_editor, FUNCTION_BEFORE, with_arguments=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_append_only_logs")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Updated"),
                    ("delete", "Deleted"),
                    ("import", "Imported"),
                    ("export", "Exported"),
                    ("erase", "Erased"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(allow_erasure, refuse_everything),
    ]
