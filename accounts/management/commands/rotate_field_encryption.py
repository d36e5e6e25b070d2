"""Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS.

Rotation (SECURITY.md): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones
after it, deploy, run this command, then remove the old keys. Values are rewritten with raw
SQL in batches, each batch in its own transaction, so the command can be stopped and rerun.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from config.encryption import EncryptedTextField, rotate

BATCH = 1000


class Command(BaseCommand):
    help = "Re-encrypt the encrypted fields with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            columns = [quote(f.column) for f in fields]
            done, last = 0, None
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = "" if last is None else f"WHERE {pk} > %s"
                    # Identifiers come from the models' meta, quoted; values are parameters.
                    select = f"SELECT {pk}, {', '.join(columns)} FROM {table}"  # noqa: S608
                    cursor.execute(
                        f"{select} {where} ORDER BY {pk} LIMIT {BATCH}",
                        [] if last is None else [last],
                    )
                    rows = cursor.fetchall()
                    for row_pk, *values in rows:
                        sets = ", ".join(f"{c} = %s" for c in columns)
                        cursor.execute(
                            f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                            [*(rotate(v) for v in values), row_pk],
                        )
                if not rows:
                    break
                done += len(rows)
                last = rows[-1][0]
                self.stdout.write(f"\r  {model._meta.label}: {done} rows", ending="")
            self.stdout.write(f"\r  {model._meta.label}: {done} rows re-encrypted.")
