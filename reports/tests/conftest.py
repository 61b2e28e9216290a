"""Fixtures for tests that run manage.py in a real subprocess.

Such a process cannot see the test database (SQLite tests run in memory), so
these tests get a SQLite file of their own: migrated once per session, then
copied for each test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Creates the region "kc-proc" and a draft FY2004 report with a few rows.
SETUP_SCRIPT = r"""
import sys
import django
django.setup()
from geo.models import Prefecture
from programmes.models import Programme, Region, Subsidy
from reports.importing import import_report_file
subsidy = Subsidy.objects.create(name_ja="試験用補助金", start_fy=2002)
programme = Programme.objects.create(
    subsidy=subsidy, code="PX", name_ja="試験用事業", start_fy=2002,
    annual_amount_per_region_yen=1, duration_years=5,
)
region = Region.objects.create(
    code="kc-proc", programme=programme, name_ja="試験地域",
    main_prefecture=Prefecture.objects.get(code="13"), start_fy=2002,
    planned_end_fy=2006,
)
if len(sys.argv) > 1:
    assert import_report_file(sys.argv[1], "kc-proc", 2004).ok
"""


def subprocess_env(var_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """The test run's environment for a child process, SQLite under var_dir."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if var_dir is not None:
        env["CHIIKI_VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def child_database_env(**extra: str) -> dict[str, str]:
    """The environment for a child process that uses this test run's
    PostgreSQL database (committed data only: use ``transactional_db``)."""
    from django.db import connection

    settings = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
        USER=settings["USER"] or "postgres",
        HOST=settings["HOST"] or "127.0.0.1",
        PORT=settings["PORT"] or 5432,
        NAME=settings["NAME"],
    )
    env = subprocess_env(DATABASE_URL=url, **extra)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def run_python(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database file, made once per session (and worker)."""
    var_dir = tmp_path_factory.mktemp("migrated")
    run_python(["manage.py", "migrate", "-v0"], subprocess_env(var_dir), timeout=300)
    return var_dir / "chiiki.sqlite3"


@pytest.fixture
def process_var_dir(migrated_sqlite: Path, tmp_path: Path) -> Path:
    """A CHIIKI_VAR_DIR with its own copy of the migrated database."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    shutil.copy(migrated_sqlite, var_dir / "chiiki.sqlite3")
    return var_dir
