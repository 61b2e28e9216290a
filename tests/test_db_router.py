"""The read-replica router, with two real PostgreSQL databases.

The test creates a "primary" and a "replica" database and runs Chiiki in a
subprocess with ``DATABASE_URL`` and ``DATABASE_REPLICA_URL`` pointing at them,
exactly as an app server is configured. Nothing replicates between the two,
which is what makes the routing visible: a row written through the ORM must
land in the primary only, and a plain ORM read must answer from the replica.

Skipped when PostgreSQL is unreachable, except on CI (``CI=true``), where the
PostgreSQL run is mandatory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

# Runs inside the subprocess: the schema of one plain table on both databases,
# then writes and reads through the ORM; prints what each read answered.
SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connections, router, transaction
from programmes.models import Theme

for alias in ("default", "replica"):
    with connections[alias].schema_editor() as editor:
        editor.create_model(Theme)
# What replication would have copied: one row that exists on both sides.
# bulk_create: routed like every write, without the audit signals (whose
# tables this two-table schema does not have).
for alias in ("default", "replica"):
    Theme.objects.using(alias).bulk_create(
        [Theme(code="both", name_ja="共通", name_en="both")]
    )

Theme.objects.bulk_create([Theme(code="written", name_ja="書込", name_en="written")])
seen = {
    "routers": settings.DATABASE_ROUTERS,
    "read_alias": router.db_for_read(Theme),
    "write_alias": router.db_for_write(Theme),
    "plain_read": sorted(Theme.objects.values_list("code", flat=True)),
    "get_written_exists": Theme.objects.filter(code="written").exists(),
}
with transaction.atomic():
    seen["read_in_transaction"] = sorted(Theme.objects.values_list("code", flat=True))
seen["migrate_replica"] = router.allow_migrate("replica", "programmes")
seen["migrate_default"] = router.allow_migrate("default", "programmes")
print(json.dumps(seen))
"""


def _admin_connection():  # type: ignore[no-untyped-def]
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(
            dbname="postgres", connect_timeout=3, autocommit=True, **SERVER
        )
    except psycopg.OperationalError as error:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"PostgreSQL unreachable: {error}")


@pytest.fixture
def two_databases() -> Iterator[tuple[str, str]]:
    admin = _admin_connection()
    suffix = uuid.uuid4().hex[:8]
    names = (f"chiiki_router_{suffix}_primary", f"chiiki_router_{suffix}_replica")
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield names
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _url(name: str) -> str:
    return f"postgres://{SERVER['user']}@{SERVER['host']}:{SERVER['port']}/{name}"


def _rows(name: str) -> list[str]:
    import psycopg

    with psycopg.connect(dbname=name, **SERVER) as conn:
        rows = conn.execute("SELECT code FROM programmes_theme ORDER BY code")
        return [code for (code,) in rows]


def test_reads_go_to_the_replica_and_writes_to_the_primary(
    two_databases: tuple[str, str],
) -> None:
    primary, replica = two_databases
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIIKI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="chiiki.settings",
        DATABASE_URL=_url(primary),
        DATABASE_REPLICA_URL=_url(replica),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert seen["routers"] == ["chiiki.db_router.ReplicaRouter"]
    assert (seen["read_alias"], seen["write_alias"]) == ("replica", "default")
    # The write landed in the primary only ...
    assert _rows(primary) == ["both", "written"]
    assert _rows(replica) == ["both"]
    # ... so a plain read, answered by the replica, does not see it yet,
    assert seen["plain_read"] == ["both"]
    assert seen["get_written_exists"] is False
    # while a read inside a write transaction sees its own writes.
    assert seen["read_in_transaction"] == ["both", "written"]
    # Migrations run on the primary only; the replica gets them by replication.
    assert (seen["migrate_default"], seen["migrate_replica"]) == (True, False)


def test_without_a_replica_url_there_is_no_router() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIIKI_")}
    env.pop("DATABASE_REPLICA_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "chiiki.settings"
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.DATABASE_ROUTERS, sorted(settings.DATABASES)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [[], ["default"]]
