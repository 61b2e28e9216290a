"""Large uploads are imported by a background worker, with progress.

The web upload stores the file under ``VAR_DIR/imports/``, creates an
:class:`~reports.models.ImportJob` and enqueues :func:`run_import_job`
(django-tasks; ``manage.py db_worker`` runs it). The importer reports
progress through the same callback the CLI's progress bar uses; here it is
written to the job row, which the report page polls every second (htmx) to
show "rows read / total" and, at the end, the error table or the counts.

Files up to :data:`BACKGROUND_MIN_BYTES` (setting
``REPORT_IMPORT_BACKGROUND_BYTES``) are still imported within the request:
they take a second or two, and the page answers at once.

A worker that dies mid-job (SIGKILL, out of memory, a lost machine) leaves a
job that reports.job_recovery finds and closes. The job lands on the report
version the uploader saw, or not at all (reports.import_lock); an upload
while another import of the same report is open is refused at once, naming
that import.
"""

from __future__ import annotations

import logging
import time
import uuid
import zipfile
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_tasks import task

from lib.tables import check_zip
from reports.import_lock import ImportConflict, guarded_import
from reports.importing import ImportUsageError
from reports.job_recovery import (
    Heartbeat,
    failure,
    recover_job,
    recover_stale_jobs,
    worker_identity,
)
from reports.models import AnnualReport, ImportJob, ImportJobStatus

__all__ = [
    "BACKGROUND_MIN_BYTES",
    "JobAbandoned",
    "Progress",
    "estimate_rows",
    "poll_job",
    "refuse_if_importing",
    "run_import_job",
    "start_import",
    "wants_background",
]

log = logging.getLogger(__name__)

#: Uploads larger than this (about 5,000 xlsx rows) run in the background,
#: unless settings.REPORT_IMPORT_BACKGROUND_BYTES says otherwise.
BACKGROUND_MIN_BYTES = 1 << 20
#: The job row is updated at most this often (seconds) while rows are read.
_SAVE_EVERY = 0.5


class JobAbandoned(Exception):
    """The job was closed as dead before its write began: write nothing."""


def wants_background(upload: UploadedFile) -> bool:
    limit = getattr(settings, "REPORT_IMPORT_BACKGROUND_BYTES", BACKGROUND_MIN_BYTES)
    return (upload.size or 0) > limit


def refuse_if_importing(report: AnnualReport, source_name: str) -> None:
    """Raise :class:`ImportConflict` naming the open import of ``report``, if any.

    Dead jobs are closed first, so a worker that died never blocks uploads.
    """
    recover_stale_jobs(report)
    other = (
        report.import_jobs.filter(
            status__in=(ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)
        )
        .select_related("user")
        .first()
    )
    if other is None:
        return
    who = other.user.get_username() if other.user else "—"
    when = timezone.localtime(other.created).strftime("%Y-%m-%d %H:%M:%S")
    ja = (
        f"この報告には別の取り込み（「{other.source_name}」、{who}、{when}受付）が"
        f"進行中です。ファイル「{source_name}」は取り込んでいません。"
        "その取り込みが終わってから、内容を確認してもう一度取り込んでください。"
    )
    en = (
        f"Another import of this report ({other.source_name!r} by {who}, "
        f"received {when}) is still running; {source_name!r} was not imported. "
        "Wait for it to finish, check the report, then import again."
    )
    raise ImportConflict(report, None, report.lock_version, ja, en)


def start_import(
    upload: UploadedFile,
    report: AnnualReport,
    user: Any,
    *,
    expected_version: int | None = None,
) -> ImportJob:
    """Store ``upload`` and enqueue its import; the job tells how it goes.

    The job lands on ``expected_version`` (the version the page showed;
    default: the report's version now) or is refused.
    """
    source = PurePath(upload.name or "upload").name[:255]
    refuse_if_importing(report, source)
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = PurePath(upload.name or "").suffix.lower()[:10]
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        report=report,
        user=user if getattr(user, "pk", None) else None,
        source_name=source,
        path=str(path),
        expected_version=(
            report.lock_version if expected_version is None else expected_version
        ),
    )
    enqueued = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(enqueued.id))
    return job


@task()
def run_import_job(job_id: int) -> str:
    """Import the job's file into its report, recording progress and result."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED)
    if not claimed.update(
        status=ImportJobStatus.RUNNING,
        worker=worker_identity(),
        heartbeat=timezone.now(),
        updated=timezone.now(),
    ):
        found = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True)
        return found.first() or "missing"
    recover_stale_jobs()  # a worker that starts a task closes its dead peers' jobs
    job = ImportJob.objects.select_related("report__region", "user").get(pk=job_id)
    path = Path(job.path)
    with Heartbeat(job.pk):
        job.rows_total = estimate_rows(path)
        job.save(update_fields=["rows_total", "updated"])
        progress = Progress(job)
        outcome = _run(job, path, progress)
    if outcome is None:
        return ImportJobStatus.FAILED
    status, result = outcome
    # the estimate was only for the bar: at the end, the rows actually read
    finished = ImportJob.objects.filter(
        pk=job.pk,
        status__in=(ImportJobStatus.RUNNING, ImportJobStatus.DONE),
        result__isnull=True,
    )
    finished.update(
        status=status,
        result=result,
        rows_done=progress.rows,
        rows_total=progress.rows,
        updated=timezone.now(),
    )
    return status


def _run(
    job: ImportJob, path: Path, progress: Progress
) -> tuple[str, dict[str, Any]] | None:
    """The import itself: (status, result), or None if the job was abandoned."""
    try:
        result = guarded_import(
            path,
            job.report.region.code,
            job.report.fiscal_year,
            user=job.user,
            progress=progress,
            source_name=job.source_name,
            expected_version=job.expected_version,
            on_claim=lambda report: _claim_write(job),
        )
        return ImportJobStatus.DONE, result.as_dict()
    except JobAbandoned:
        return None
    except ImportConflict as exc:
        return ImportJobStatus.FAILED, failure(
            "import.conflict", exc.message_ja, exc.message_en
        )
    except ImportUsageError as exc:
        return ImportJobStatus.FAILED, failure(exc.code, exc.message_ja, exc.message_en)
    except Exception:
        log.exception("import job %s failed", job.pk)
        return ImportJobStatus.FAILED, failure(
            "job.failed",
            "取り込み処理が異常終了しました。何も取り込まれていません。"
            "もう一度アップロードしてください。",
            "The import stopped unexpectedly; nothing was imported. Upload again.",
        )
    finally:
        path.unlink(missing_ok=True)


def _claim_write(job: ImportJob) -> None:
    """Inside the write transaction: running → done, or give up.

    Committed together with the rows, so a job is ``done`` exactly when its
    rows are stored; a job closed as dead meanwhile writes nothing.
    """
    moved = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
        status=ImportJobStatus.DONE
    )
    if not moved:
        raise JobAbandoned


def poll_job(job: ImportJob) -> ImportJob:
    """The job as the progress page shows it: closed first if its worker died."""
    if not job.settled:
        recover_job(job)
    return job


class Progress:
    """The importer's progress callback, writing to the job row now and then
    (at most every ``interval`` seconds).

    Only the validation pass is recorded: the write pass runs inside the
    import's transaction, where an update would not be seen before the end.
    """

    def __init__(self, job: ImportJob, interval: float = _SAVE_EVERY) -> None:
        self.job = job
        self.interval = interval
        self.done: dict[str, int] = {}
        self.saved: float | None = None

    @property
    def rows(self) -> int:
        return sum(self.done.values())

    def __call__(self, sheet: str, done: int, phase: str) -> None:
        if phase != "validate":
            return
        self.done[sheet] = done
        now = time.monotonic()
        if self.saved is None or now - self.saved >= self.interval:
            self.saved = now
            ImportJob.objects.filter(pk=self.job.pk).update(
                rows_done=self.rows, phase=phase, heartbeat=timezone.now()
            )


def estimate_rows(path: Path) -> int:
    """About how many data rows the file holds (0 if it cannot tell).

    Counts ``</row>`` in the worksheets of an xlsx and line ends in CSV
    files, less one header per sheet: a cheap pass (no parsing) that makes
    the progress bar meaningful.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
            total = 0
            for info in archive.infolist():
                name = info.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    marker = b"</row>"
                elif name.endswith((".csv", ".tsv", ".txt")):
                    marker = b"\n"
                else:
                    continue
                total += max(0, _count(archive, info, marker) - 1)
            return total
    except Exception:  # noqa: BLE001 - an estimate; the importer reports the problem
        return 0


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, marker: bytes) -> int:
    found = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            found += block.count(marker)
            # a marker split between two chunks is counted in the next block
            tail = block[-(len(marker) - 1) :] if len(marker) > 1 else b""
    return found
