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
from django_tasks import task

from lib.tables import check_zip
from reports.importing import ImportUsageError, import_report_file
from reports.models import AnnualReport, ImportJob, ImportJobStatus

__all__ = [
    "BACKGROUND_MIN_BYTES",
    "Progress",
    "estimate_rows",
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


def wants_background(upload: UploadedFile) -> bool:
    limit = getattr(settings, "REPORT_IMPORT_BACKGROUND_BYTES", BACKGROUND_MIN_BYTES)
    return (upload.size or 0) > limit


def start_import(upload: UploadedFile, report: AnnualReport, user: Any) -> ImportJob:
    """Store ``upload`` and enqueue its import; the job tells how it goes."""
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
        source_name=PurePath(upload.name or "upload").name[:255],
        path=str(path),
    )
    run_import_job.enqueue(job.pk)
    return job


@task()
def run_import_job(job_id: int) -> str:
    """Import the job's file into its report, recording progress and result."""
    job = ImportJob.objects.select_related("report__region", "user").get(pk=job_id)
    if job.finished:
        return job.status
    path = Path(job.path)
    job.status = ImportJobStatus.RUNNING
    job.rows_total = estimate_rows(path)
    job.save(update_fields=["status", "rows_total", "updated"])
    progress = Progress(job)
    try:
        result = import_report_file(
            path,
            job.report.region.code,
            job.report.fiscal_year,
            user=job.user,
            progress=progress,
            source_name=job.source_name,
        )
        job.result = result.as_dict()
        job.status = ImportJobStatus.DONE
    except ImportUsageError as exc:
        job.result = _failure(exc.code, exc.message_ja, exc.message_en)
        job.status = ImportJobStatus.FAILED
    except Exception:
        log.exception("import job %s failed", job_id)
        job.result = _failure(
            "job.failed",
            "取り込み処理が異常終了しました。何も取り込まれていません。"
            "もう一度アップロードしてください。",
            "The import stopped unexpectedly; nothing was imported. Upload again.",
        )
        job.status = ImportJobStatus.FAILED
    finally:
        path.unlink(missing_ok=True)
    # the estimate was only for the bar: at the end, the rows actually read
    job.rows_done = job.rows_total = progress.rows
    job.save(update_fields=["result", "status", "rows_done", "rows_total", "updated"])
    return job.status


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
                rows_done=self.rows, phase=phase
            )


def _failure(code: str, ja: str, en: str) -> dict[str, Any]:
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
