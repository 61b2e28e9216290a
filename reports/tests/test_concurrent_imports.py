"""Two imports into one report at the same time: one lands, one is refused.

Two processes import different files into the same report through the
service the CLI, the API and the web share (reports.import_lock). A barrier
in their progress callbacks makes sure both have read the report's version
before either writes, which is the race the issue reproduced: both answered
「取り込みました version 1」 and the earlier file's rows were gone. Now the
second waits for the first's write, is refused (409 in the API) with a
message naming the first file, and the report holds exactly the first
file's rows with ``lock_version`` bumped once.

On SQLite the processes share a migrated database file; on PostgreSQL they
use the test database itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reports.tests.builders import FY, valid_rows, write_csv_zip
from reports.tests.conftest import (
    ROOT,
    SETUP_SCRIPT,
    child_database_env,
    run_python,
    subprocess_env,
)

#: Imports argv[1] into kc-proc's FY2004 report once argv[3] exists too
#: (argv[2] is this process's own mark); prints the outcome as JSON.
DRIVER = r"""
import json, sys, time
from pathlib import Path
import django
django.setup()
from reports.import_lock import ImportConflict, guarded_import
from reports.models import AnnualReport

mine, other = Path(sys.argv[2]), Path(sys.argv[3])

def barrier(sheet, done, phase):
    if not mine.exists():
        mine.touch()
        deadline = time.monotonic() + 120
        while not other.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

try:
    result = guarded_import(sys.argv[1], "kc-proc", 2004, progress=barrier)
except ImportConflict as exc:
    out = {"status": "conflict", "message": exc.message_ja}
else:
    out = {"status": result.status, "version": result.version_number,
           "counts": result.counts}
report = AnnualReport.objects.get(region__code="kc-proc", fiscal_year=2004)
out["lock_version"] = report.lock_version
print(json.dumps(out, ensure_ascii=False))
"""


def _race(env: dict[str, str], tmp_path: Path) -> tuple[dict, dict, dict, dict]:
    """Run both imports at once; (outcome, counts) for file a, then b."""
    a_rows, b_rows = valid_rows(40), valid_rows(70)
    a = write_csv_zip(tmp_path / "a.zip", a_rows)
    b = write_csv_zip(tmp_path / "b.zip", b_rows)
    marks = tmp_path / "mark-a", tmp_path / "mark-b"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(path), str(mine), str(other)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, mine, other in ((a, *marks), (b, *reversed(marks)))
    ]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err[-3000:]
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    counts = [{k: len(v) for k, v in rows.items()} for rows in (a_rows, b_rows)]
    return outputs[0], outputs[1], counts[0], counts[1]


def _sqlite_counts(database: Path) -> dict[str, int]:
    import sqlite3

    from reports.sheets import SHEETS

    db = sqlite3.connect(database)
    try:
        version = db.execute(
            "SELECT current_version_id FROM reports_annualreport"
        ).fetchone()[0]
        return {
            s.key: db.execute(
                f"SELECT count(*) FROM {s.model._meta.db_table} "  # noqa: S608
                "WHERE version_id = ?",
                [version],
            ).fetchone()[0]
            for s in SHEETS
        }
    finally:
        db.close()


#: The draft's import goes through the guard too, so lock_version is 1.
_GUARDED_SETUP = SETUP_SCRIPT.replace(
    "from reports.importing import import_report_file",
    "from reports.import_lock import guarded_import as import_report_file",
)


def test_it_lets_one_of_two_concurrent_imports_land_on_sqlite(
    process_var_dir: Path, tmp_path: Path
) -> None:
    env = subprocess_env(process_var_dir)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    run_python(["-c", _GUARDED_SETUP, str(draft)], env)

    out_dir = tmp_path / "race"
    out_dir.mkdir()
    database = process_var_dir / "chiiki.sqlite3"
    _check_with_store(env, out_dir, lambda: _sqlite_counts(database))


def _check_with_store(
    env: dict[str, str], tmp_path: Path, stored: Callable[[], dict[str, int]]
) -> None:
    out_a, out_b, counts_a, counts_b = _race(env, tmp_path)
    outcomes = sorted([out_a["status"], out_b["status"]])
    assert outcomes == ["conflict", "imported"], (out_a, out_b)
    a_won = out_a["status"] == "imported"
    winner, loser = (out_a, out_b) if a_won else (out_b, out_a)
    winner_file, loser_file = ("a.zip", "b.zip") if a_won else ("b.zip", "a.zip")
    # the refusal names the import that landed, and says this file was not
    assert f"「{winner_file}」" in loser["message"]
    assert f"ファイル「{loser_file}」は取り込んでいません" in loser["message"]
    assert winner["counts"] == (counts_a if a_won else counts_b)
    # the draft's import made lock_version 1; exactly one more import landed
    assert winner["lock_version"] == loser["lock_version"] == 2
    assert stored() == winner["counts"]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the suite runs on SQLite; see the SQLite test",
)
def test_it_lets_one_of_two_concurrent_imports_land_on_postgresql(
    transactional_db: None, tmp_path: Path
) -> None:
    from reports.import_lock import guarded_import
    from reports.models import AnnualReport
    from reports.sheets import SHEETS
    from tests.factories import make_region

    make_region(code="kc-proc", start_fy=2002)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    assert guarded_import(draft, "kc-proc", FY).ok

    def stored() -> dict[str, int]:
        report = AnnualReport.objects.get(region__code="kc-proc", fiscal_year=FY)
        version = report.current_version_id
        return {
            s.key: s.model.objects.filter(version_id=version).count() for s in SHEETS
        }

    _check_with_store(child_database_env(), tmp_path, stored)
