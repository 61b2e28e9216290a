"""Dead background imports are told apart from live ones and closed.

The rules of reports.job_recovery on real job and task rows: a worker
process that is gone, a worker elsewhere whose heartbeat outlived the lease,
a task claimed but never started; and what must NOT be closed (a live worker
with a late heartbeat, a remote worker within its lease). The end-to-end
SIGKILL of a real db_worker is in test_worker_killed.py.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.background import JobAbandoned, _claim_write, run_import_job
from reports.import_lock import guarded_import
from reports.job_recovery import lease, recover_stale_jobs, worker_identity
from reports.models import AnnualReport, ImportJob, ImportJobStatus, PatentApplication
from reports.tests.builders import valid_rows, write_csv_zip
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


@pytest.fixture
def report(p: Personas) -> AnnualReport:
    return make_report(region=p.region, fiscal_year=2004)


#: Prints this process's identity as reports.job_recovery records it.
_IDENTITY = (
    "import os, socket; s = open('/proc/self/stat').read().rsplit(')', 1)[1]; "
    "print(socket.gethostname(), os.getpid(), s.split()[19])"
)


def _gone_worker() -> str:
    """The identity of a worker process of this machine that has exited."""
    child = subprocess.run(
        [sys.executable, "-c", _IDENTITY], capture_output=True, text=True, check=True
    )
    return child.stdout.strip()


def _job(report: AnnualReport, tmp_path: Path, **fields: object) -> ImportJob:
    upload = tmp_path / "upload.zip"
    write_csv_zip(upload, valid_rows(2))
    job = ImportJob.objects.create(
        report=report, source_name="upload.zip", path=str(upload)
    )
    task = run_import_job.enqueue(job.pk)
    fields.setdefault("task_id", str(task.id))
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", started_at=timezone.now()
    )
    return job


def _running(
    report: AnnualReport, tmp_path: Path, worker: str, age: float
) -> ImportJob:
    beat = timezone.now() - timedelta(seconds=age)
    return _job(
        report, tmp_path, status=ImportJobStatus.RUNNING, worker=worker, heartbeat=beat
    )


def test_it_closes_a_job_whose_worker_process_is_gone(
    report: AnnualReport, tmp_path: Path
) -> None:
    job = _running(report, tmp_path, _gone_worker(), age=0)

    assert recover_stale_jobs() == 1

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error_code == "job.interrupted"
    assert "もう一度アップロードしてください" in job.result["errors"][0]["message_ja"]
    assert not Path(job.path).exists()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "FAILED" and task.finished_at is not None
    assert recover_stale_jobs() == 0  # closed once


def test_it_leaves_a_live_worker_alone_however_late_its_heartbeat(
    report: AnnualReport, tmp_path: Path
) -> None:
    # e.g. a long SQLite write, during which heartbeats cannot be stored
    job = _running(report, tmp_path, worker_identity(), age=3600)

    assert recover_stale_jobs() == 0

    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and Path(job.path).exists()


def test_a_worker_on_another_machine_is_dead_once_its_lease_is_over(
    report: AnnualReport, tmp_path: Path
) -> None:
    fresh = _running(report, tmp_path, "another-host 12 34", age=1)
    assert recover_stale_jobs() == 0

    late = lease().total_seconds() + 5
    ImportJob.objects.filter(pk=fresh.pk).update(
        heartbeat=timezone.now() - timedelta(seconds=late)
    )
    assert recover_stale_jobs() == 1
    fresh.refresh_from_db()
    assert fresh.status == ImportJobStatus.FAILED


def test_it_closes_a_queued_job_whose_task_was_claimed_and_lost(
    report: AnnualReport, tmp_path: Path
) -> None:
    job = _job(report, tmp_path)
    long_ago = timezone.now() - lease() - timedelta(seconds=5)

    assert recover_stale_jobs() == 0  # claimed just now: the worker is starting
    DBTaskResult.objects.filter(id=job.task_id).update(started_at=long_ago)
    assert recover_stale_jobs() == 1

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_a_job_closed_as_dead_writes_nothing_afterwards(
    report: AnnualReport, tmp_path: Path
) -> None:
    """The worker was only slow: its write transaction finds the job closed."""
    job = _running(report, tmp_path, _gone_worker(), age=0)
    path = write_csv_zip(tmp_path / "late.zip", valid_rows(4))
    before = report.lock_version
    assert recover_stale_jobs() == 1

    with pytest.raises(JobAbandoned):
        guarded_import(
            path,
            report.region.code,
            report.fiscal_year,
            on_claim=lambda r: _claim_write(job),
        )

    report.refresh_from_db()
    assert report.lock_version == before
    assert PatentApplication.objects.count() == 0


def test_rows_committed_before_the_worker_died_are_reported_as_imported(
    report: AnnualReport, tmp_path: Path
) -> None:
    job = _running(report, tmp_path, _gone_worker(), age=0)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.DONE)

    assert recover_stale_jobs() == 1

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert job.result["status"] == "imported" and job.result["version"] == 1


def test_the_progress_page_closes_a_dead_job_and_says_what_to_do(
    p: Personas, report: AnnualReport, tmp_path: Path
) -> None:
    job = _running(report, tmp_path, _gone_worker(), age=0)
    client = Client()
    client.force_login(p.region_user)
    url = reverse(
        "reports:import_progress",
        kwargs={"code": report.region.code, "fy": report.fiscal_year, "job": job.pk},
    )

    page = client.get(url).content.decode()

    assert "取り込み処理が中断されました" in page
    assert "もう一度アップロードしてください" in page
    assert "hx-trigger" not in page and "このページを閉じても" not in page
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED


def test_recover_imports_closes_dead_jobs_on_demand(
    report: AnnualReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _running(report, tmp_path, _gone_worker(), age=0)
    _running(report, tmp_path, worker_identity(), age=0)

    call_command("recover_imports")

    assert "1件" in capsys.readouterr().out
    statuses = sorted(ImportJob.objects.values_list("status", flat=True))
    assert statuses == [ImportJobStatus.FAILED, ImportJobStatus.RUNNING]
