"""Backup and restore (issue: reliability): the documented pg_dump / pg_restore procedure
(README, "Backup and restore") restores every record and every audit entry into a new
database, with the audit trail still append-only there."""

import datetime
import shutil
import subprocess

import psycopg2
import pytest
from django.db import connection

from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"),
        reason="needs PostgreSQL and its client tools",
    ),
]


def counts(dsn: dict) -> dict[str, int]:
    with psycopg2.connect(**dsn) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - catalogue names
            result[table] = cursor.fetchone()[0]
    conn.close()
    return result


def test_dump_and_restore_into_a_new_database_keeps_everything(tmp_path, case_manager):
    community = CommunityFactory(country="GIN")
    returnee = services.returnee_register(
        actor=case_manager,
        fields={
            "first_name": "Fatou",
            "last_name": "Sylla",
            "sex": "female",
            "date_of_birth": datetime.date(1990, 2, 3),
            "nationality": "GIN",
            "community": community,
            "return_date": datetime.date.today(),
            "return_kind": "assisted_voluntary",
            "mental_health_condition": "Anxiety",
        },
        consent={"given_on": datetime.date.today()},
    )
    services.referral_create(
        actor=case_manager,
        returnee=returnee,
        target=ServiceFactory(community=community),
        reason="Health check",
    )
    db = connection.settings_dict
    source = {
        "dbname": db["NAME"],
        "user": db["USER"],
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }
    restored_name = f"{db['NAME']}_restored"
    target = {**source, "dbname": restored_name}
    common = ["-h", str(source["host"]), "-p", str(source["port"]), "-U", source["user"]]
    dump = tmp_path / "backup.dump"
    subprocess.run(["pg_dump", *common, "-Fc", "-f", str(dump), source["dbname"]], check=True)
    subprocess.run(["dropdb", *common, "--if-exists", restored_name], check=True)
    subprocess.run(["createdb", *common, restored_name], check=True)
    try:
        subprocess.run(
            [
                "pg_restore",
                *common,
                "--no-owner",
                "--exit-on-error",
                "-d",
                restored_name,
                str(dump),
            ],
            check=True,
        )
        before, after = counts(source), counts(target)
        assert after == before
        assert after["reintegration_returnee"] == 1
        assert after["reintegration_referral"] == 1
        assert after["accounts_auditevent"] >= 3  # returnee, consent, referral at least
        # The audit trail is still append-only in the restored database.
        conn = psycopg2.connect(**target)
        try:
            with conn.cursor() as cursor, pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute("DELETE FROM accounts_auditevent")
        finally:
            conn.close()
    finally:
        subprocess.run(["dropdb", *common, "--if-exists", restored_name], check=True)
