"""A background import whose worker is SIGKILLed is closed, not left hanging.

A real ``manage.py db_worker`` runs a large upload; the test kills it with
SIGKILL while it validates rows, or while it writes them (COPY on
PostgreSQL). Then, with no operator and no restart, the progress page polls
the job and must say 「取り込み処理が中断されました」; the job is failed with
that message, its django-tasks row is failed too, the upload is gone from
``VAR_DIR/imports/`` and the report holds exactly its earlier draft.

The worker and the helper scripts are separate processes: on SQLite they
share a migrated database file, on PostgreSQL the test database itself.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from reports.tests.builders import FY, valid_rows, write_csv_zip
from reports.tests.conftest import (
    ROOT,
    SETUP_SCRIPT,
    child_database_env,
    run_python,
    subprocess_env,
)

#: Puts argv[1] in the queue as a background import of kc-proc's report.
ENQUEUE = r"""
import sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from reports.background import start_import
from reports.models import AnnualReport
report = AnnualReport.objects.get(region__code="kc-proc", fiscal_year=2004)
with open(sys.argv[1], "rb") as handle:
    upload = SimpleUploadedFile("big.zip", handle.read())
print(start_import(upload, report, None).pk)
"""

#: Reads the job as stored, then the progress page (whose poll closes a dead
#: job), then the job, its task row, the report's rows and the upload file.
CHECK = r"""
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django_tasks_db.models import DBTaskResult
from accounts.models import User
from reports.models import ImportJob, PatentApplication
from tests.factories import make_user

setup_test_environment()
job = ImportJob.objects.select_related("report__region").get(pk=int(sys.argv[1]))
before = job.status
client = Client()
client.force_login(make_user(User.Role.OFFICER, username="kill-check"))
report = job.report
page = client.get(
    f"/reports/{report.region.code}/{report.fiscal_year}/imports/{job.pk}/"
)
job.refresh_from_db()
report.refresh_from_db()
print(json.dumps({
    "before": before,
    "page_status": page.status_code,
    "page": page.content.decode(),
    "status": job.status,
    "code": job.error_code,
    "message": (job.result or {}).get("errors", [{}])[0].get("message_ja", ""),
    "upload_exists": __import__("os").path.exists(job.path),
    "task": DBTaskResult.objects.get(id=job.task_id).status,
    "patents": PatentApplication.objects.filter(
        version=report.current_version
    ).count(),
    "lock_version": report.lock_version,
}, ensure_ascii=False))
"""

_JOB_SQL = "SELECT status, rows_done FROM reports_importjob WHERE id = %s"


def _start_worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Callable[[], bool], worker: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if condition():
            return
        assert worker.poll() is None, worker.stderr.read()  # type: ignore[union-attr]
        time.sleep(0.01)
    pytest.fail("the worker never reached the point where it is killed")


def _kill(worker: subprocess.Popen[str]) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    worker.stderr.close()  # type: ignore[union-attr]
    assert worker.returncode == -signal.SIGKILL


def _run_and_kill(
    env: dict[str, str],
    big: Path,
    job_row: Callable[[int], tuple[str, int]],
    writing: Callable[[int], bool],
    phase: str,
) -> dict[str, object]:
    job_id = int(run_python(["-c", ENQUEUE, str(big)], env).strip())
    worker = _start_worker(env)
    try:
        if phase == "validate":
            _wait_for(lambda: _validating(job_row(job_id)), worker)
        else:
            _wait_for(lambda: writing(job_id), worker)
        _kill(worker)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    return json.loads(run_python(["-c", CHECK, str(job_id)], env))


def _validating(row: tuple[str, int]) -> bool:
    status, rows_done = row
    return status == "running" and rows_done > 0


def _assert_closed(outcome: dict[str, object], var_dir: Path | None) -> None:
    assert outcome["before"] == "running"  # what the issue saw: left hanging
    assert outcome["page_status"] == 200
    page = str(outcome["page"])
    assert "取り込み処理が中断されました" in page
    assert "もう一度アップロードしてください" in page
    assert "hx-trigger" not in page  # the page stops polling
    assert outcome["status"] == "failed"
    assert outcome["code"] == "job.interrupted"
    assert "中断" in str(outcome["message"])
    assert outcome["task"] == "FAILED"
    assert outcome["upload_exists"] is False
    assert outcome["patents"] == 3  # the earlier draft, untouched
    if var_dir is not None:
        assert list((var_dir / "imports").iterdir()) == []


@pytest.mark.parametrize("phase", ["validate", "write"])
def test_it_closes_a_job_whose_worker_was_killed_on_sqlite(
    process_var_dir: Path, tmp_path: Path, phase: str
) -> None:
    env = subprocess_env(process_var_dir)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    run_python(["-c", SETUP_SCRIPT, str(draft)], env)
    database = process_var_dir / "chiiki.sqlite3"
    journal = Path(f"{database}-journal")

    def job_row(pk: int) -> tuple[str, int]:
        db = sqlite3.connect(database, timeout=30)
        try:
            found = db.execute(_JOB_SQL.replace("%s", "?"), [pk]).fetchone()
        finally:
            db.close()
        return found or ("", 0)

    def writing(job_id: int) -> bool:
        # once rows were read, the import's write transaction holds a rollback
        # journal for its whole length; a heartbeat's commit is far shorter
        if not journal.exists() or not _validating(job_row(job_id)):
            return False
        time.sleep(0.05)
        return journal.exists()

    big = write_csv_zip(tmp_path / "big.zip", valid_rows(_rows(phase)))
    outcome = _run_and_kill(env, big, job_row, writing, phase)

    _assert_closed(outcome, process_var_dir)
    db = sqlite3.connect(database)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the suite runs on SQLite; see the SQLite test",
)
@pytest.mark.parametrize("phase", ["validate", "write"])
def test_it_closes_a_job_whose_worker_was_killed_on_postgresql(
    transactional_db: None, tmp_path: Path, phase: str
) -> None:
    from reports.importing import import_report_file
    from tests.factories import make_region

    make_region(code="kc-proc", start_fy=2002)
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    assert import_report_file(draft, "kc-proc", FY).ok
    var_dir = tmp_path / "var"
    env = child_database_env(CHIIKI_VAR_DIR=str(var_dir))

    def job_row(pk: int) -> tuple[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(_JOB_SQL, [pk])
            return cursor.fetchone() or ("", 0)

    def writing(job_id: int) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE query LIKE 'COPY %%' AND state = 'active' "
                "AND datname = current_database()"
            )
            return cursor.fetchone()[0] > 0

    big = write_csv_zip(tmp_path / "big.zip", valid_rows(_rows(phase)))
    outcome = _run_and_kill(env, big, job_row, writing, phase)

    _assert_closed(outcome, var_dir)


def _rows(phase: str) -> int:
    """Rows per sheet: enough that the killed phase lasts well over a poll."""
    return 3_000 if phase == "validate" else 8_000
