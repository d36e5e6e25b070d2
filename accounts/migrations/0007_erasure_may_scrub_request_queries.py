"""Let an erasure also scrub the query string of a logged API request.

Migration 0005 made the access log record API requests with their path and query (issue 8:
"each request is logged"). A search such as ``/api/v1/returnees/?q=<name>`` then copies a
person's name or phone into the append-only log, and erasing that person must remove it
(issue 9). The trigger of migration 0004 is recreated for the access log with ``path`` among
the columns an erasure may rewrite; ``accounts.audit.access_log_scrub_queries`` only ever
replaces the query (after the ``?``) with ``[erased]``, keeping method, path, who and when.
Every other rule of 0004 stands: only inside ``erasure_scope``, never a DELETE.
"""

from django.db import migrations

TABLE = "accounts_accesslogentry"


def _recreate(schema_editor, columns: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    arguments = ", ".join(f"'{c}'" for c in columns)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION refuse_log_rewrite({arguments});"
    )


def allow_path(apps, schema_editor):
    _recreate(schema_editor, ["fields", "path"])


def fields_only(apps, schema_editor):
    _recreate(schema_editor, ["fields"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_user_language_and_translatable_labels")]

    operations = [migrations.RunPython(allow_path, fields_only)]
