"""An import killed with SIGKILL mid-write leaves no partial rows.

The child process imports a large file and reports its progress; when it has
written the first batch of rows (inside the transaction) it pauses and the
test kills it. The database must then hold exactly what it held before: the
earlier draft, untouched.

On SQLite the child uses a migrated database file of its own. On PostgreSQL
(when the suite runs there) it connects to the test database itself, whose
committed state the test sets up with ``transactional_db``.
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from reports.sheets import SHEETS
from reports.tests.builders import FY, row_counts, valid_rows, write_csv_zip
from reports.tests.conftest import ROOT, SETUP_SCRIPT, run_python, subprocess_env

#: Imports argv[1] into kc-proc; pauses (to be killed) once rows are written.
DRIVER = r"""
import sys, time
import django
django.setup()
from reports.importing import import_report_file

def progress(sheet, done, phase):
    if phase == "write" and done:
        print(f"written {sheet} {done}", flush=True)
        time.sleep(120)

import_report_file(sys.argv[1], "kc-proc", 2004, progress=progress)
print("finished", flush=True)
"""

_TABLES = [sheet.model._meta.db_table for sheet in SHEETS] + [
    "reports_annualreport",
    "reports_reportversion",
]


def _kill_when_writing(path: Path, env: dict[str, str]) -> str:
    """Run the driver, SIGKILL it once it says it has written rows."""
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    line = ""
    try:
        while time.monotonic() < deadline and not line.startswith("written"):
            ready, _, _ = select.select([child.stdout], [], [], 1)
            if ready:
                line = child.stdout.readline()  # type: ignore[union-attr]
                if not line:
                    break
        assert line.startswith("written"), child.stderr.read()  # type: ignore[union-attr]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    return line


def _sqlite_counts(database: Path) -> dict[str, int]:
    db = sqlite3.connect(database)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in _TABLES
        }
    finally:
        db.close()


def test_it_leaves_no_partial_rows_on_sqlite(
    process_var_dir: Path, tmp_path: Path
) -> None:
    env = subprocess_env(process_var_dir)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    run_python(["-c", SETUP_SCRIPT, str(draft)], env)
    database = process_var_dir / "chiiki.sqlite3"
    before = _sqlite_counts(database)
    assert before["reports_patentapplication"] == 3

    big = write_csv_zip(tmp_path / "big.zip", valid_rows(6_000))
    line = _kill_when_writing(big, env)

    assert line.startswith("written patent_applications")
    assert _sqlite_counts(database) == before


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the suite runs on SQLite; see the SQLite test",
)
def test_it_leaves_no_partial_rows_on_postgresql(
    transactional_db: None, tmp_path: Path
) -> None:
    from reports.importing import import_report_file
    from tests.factories import make_region

    make_region(code="kc-proc", start_fy=2002)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    assert import_report_file(draft, "kc-proc", FY).ok
    before = row_counts()

    settings = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
        USER=settings["USER"] or "postgres",
        HOST=settings["HOST"] or "127.0.0.1",
        PORT=settings["PORT"] or 5432,
        NAME=settings["NAME"],
    )
    env = subprocess_env(DATABASE_URL=url)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    big = write_csv_zip(tmp_path / "big.zip", valid_rows(6_000))
    _kill_when_writing(big, env)

    assert row_counts() == before
