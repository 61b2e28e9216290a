"""Background imports whose worker died are found and closed, without an operator.

The worker running an import writes on the job who it is (host, process id
and the process's start time) and a heartbeat, which a thread of its own
refreshes every few seconds (:class:`Heartbeat`). A job is dead when

- its worker ran on this machine and that process is gone (read from
  ``/proc``: exact and immediate, a reused process id does not fool it);
- its worker cannot be checked from here (another machine, no ``/proc``)
  and its heartbeat is older than the lease (``REPORT_IMPORT_LEASE_SECONDS``,
  default 60 s);
- it is still queued but its task row says a worker claimed it longer than
  a lease ago, or finished it, without the job ever starting.

A dead job is marked failed with a message that says what happened and what
to do, its upload under ``VAR_DIR/imports/`` is removed and its django-tasks
row is marked failed. :func:`recover_stale_jobs` runs when the progress page
polls, when an upload starts and when a worker starts a task, and
``manage.py recover_imports`` runs it on demand.

Closing is a conditional UPDATE (still running, same heartbeat), and the
worker's write transaction begins by moving its own job from running to done
(reports.background): exactly one of the two wins. A job closed as dead never
commits rows afterwards, and a job whose rows committed is never closed as
dead.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.diff import sheet_counts
from reports.models import AnnualReport, ImportJob, ImportJobStatus

__all__ = [
    "LEASE_SECONDS",
    "Heartbeat",
    "failure",
    "is_dead",
    "recover_job",
    "recover_stale_jobs",
    "worker_identity",
]

log = logging.getLogger(__name__)

#: A job whose heartbeat is older than this (and whose worker cannot be
#: checked directly) is dead; settings.REPORT_IMPORT_LEASE_SECONDS overrides.
LEASE_SECONDS = 60

INTERRUPTED_JA = (
    "取り込み処理が中断されました（処理していたプロセスが停止しました）。"
    "何も取り込まれていません。もう一度アップロードしてください。"
)
INTERRUPTED_EN = (
    "The import was interrupted (the process running it stopped); nothing "
    "was imported. Upload the file again."
)

_OPEN = (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)


def lease() -> timedelta:
    return timedelta(
        seconds=getattr(settings, "REPORT_IMPORT_LEASE_SECONDS", LEASE_SECONDS)
    )


def failure(code: str, ja: str, en: str) -> dict[str, Any]:
    """A job result holding one file-level error (the error table's shape)."""
    error = {
        "sheet": None,
        "row": None,
        "column": None,
        "value": "",
        "code": code,
        "message_ja": ja,
        "message_en": en,
    }
    return {"status": "rejected", "error_count": 1, "errors": [error], "counts": {}}


# --- who runs a job, and is it still there ------------------------------------


def worker_identity() -> str:
    """``host pid start``: enough to tell later whether this process still runs."""
    pid = os.getpid()
    return f"{socket.gethostname()} {pid} {_start_ticks(pid) or ''}".strip()


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3 of proc(5)); starttime is field 22
    return None if fields[0] in ("Z", "X") else fields[19]


def _worker_alive(worker: str) -> bool | None:
    """True/False when the worker ran on this machine and /proc tells; else None."""
    parts = worker.split()
    if len(parts) != 3 or parts[0] != socket.gethostname():
        return None
    if not Path("/proc/self/stat").exists():
        return None
    return _start_ticks(int(parts[1])) == parts[2]


def is_dead(job: ImportJob, now: datetime | None = None) -> bool:
    """Whether ``job`` is open (or finishing) but nobody is working on it."""
    now = now or timezone.now()
    if job.status == ImportJobStatus.QUEUED:
        return _lost_in_queue(job, now)
    if job.status == ImportJobStatus.RUNNING or (
        job.status == ImportJobStatus.DONE and job.result is None
    ):
        alive = _worker_alive(job.worker)
        if alive is not None:
            return not alive
        beat = job.heartbeat or job.updated
        return beat < now - lease()
    return False


def _lost_in_queue(job: ImportJob, now: datetime) -> bool:
    """Queued, but the worker that claimed its task vanished (or the task ended)."""
    if not job.task_id:
        return False
    task = DBTaskResult.objects.filter(id=job.task_id).only("status", "started_at")
    found = task.first()
    if found is None:
        return False
    if found.status in ("SUCCESSFUL", "FAILED"):
        return True
    started = found.started_at
    return found.status == "RUNNING" and started is not None and started < now - lease()


# --- closing dead jobs ---------------------------------------------------------


def recover_stale_jobs(report: AnnualReport | None = None) -> int:
    """Close every dead job (of ``report``, or all); returns how many."""
    jobs = ImportJob.objects.filter(status__in=_OPEN) | ImportJob.objects.filter(
        status=ImportJobStatus.DONE, result__isnull=True
    )
    if report is not None:
        jobs = jobs.filter(report=report)
    now = timezone.now()
    return sum(recover_job(job, now) for job in jobs.select_related("report"))


def recover_job(job: ImportJob, now: datetime | None = None) -> bool:
    """Close ``job`` if it is dead; True if this call closed it."""
    if not is_dead(job, now):
        return False
    try:
        closed = _close(job)
    except OperationalError:
        # SQLite: the database is being written (by a live import): not dead.
        log.info("import job %s: database busy, not closed now", job.pk)
        return False
    if closed:
        log.warning("import job %s: its worker died; closed as interrupted", job.pk)
        Path(job.path).unlink(missing_ok=True)
        _fail_task(job)
    job.refresh_from_db()
    return closed


def _close(job: ImportJob) -> bool:
    """One conditional UPDATE: only if the job is exactly as judged dead."""
    with transaction.atomic():
        # PostgreSQL: a job whose write transaction is open is locked by it;
        # skip it rather than wait (it is alive, and the page must not hang).
        row = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job.pk, status=job.status, heartbeat=job.heartbeat)
            .first()
        )
        if row is None:
            return False
        if job.status == ImportJobStatus.DONE:
            values = {"result": _committed_result(job)}
        else:
            values = {
                "status": ImportJobStatus.FAILED,
                "result": failure("job.interrupted", INTERRUPTED_JA, INTERRUPTED_EN),
            }
        ImportJob.objects.filter(pk=job.pk).update(updated=timezone.now(), **values)
        return True


def _committed_result(job: ImportJob) -> dict[str, Any]:
    """The rows committed but the worker died before recording the result."""
    report = AnnualReport.objects.select_related("current_version").get(
        pk=job.report_id
    )
    version = report.current_version
    return {
        "status": "imported",
        "version": version.number if version else None,
        "counts": sheet_counts(version),
        "error_count": 0,
        "errors": [],
    }


def _fail_task(job: ImportJob) -> None:
    """The django-tasks row: failed too, not left running."""
    if not job.task_id:
        return
    DBTaskResult.objects.filter(id=job.task_id, status__in=("RUNNING", "READY")).update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="reports.job_recovery.WorkerLost",
        traceback=INTERRUPTED_EN,
    )


# --- the heartbeat ---------------------------------------------------------------


class Heartbeat:
    """Refreshes a running job's heartbeat from a thread with its own
    database connection, so the beat goes on while the importer is busy in
    one long statement. Writes that fail (a locked SQLite database, the job's
    row locked by its own write transaction) are skipped: the next beat
    tries again."""

    def __init__(self, job_id: int, interval: float | None = None) -> None:
        self.job_id = job_id
        self.interval = interval or max(1.0, lease().total_seconds() / 6)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"import-heartbeat-{job_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                beat(self.job_id)
        finally:
            connection.close()


def beat(job_id: int) -> None:
    """Record that the job's worker is alive (best effort)."""
    try:
        ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.RUNNING).update(
            heartbeat=timezone.now()
        )
    except DatabaseError:
        log.debug("import job %s: heartbeat skipped", job_id, exc_info=True)
