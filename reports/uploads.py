"""Run an uploaded report file through the importer (web page and API)."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from reports.background import refuse_if_importing
from reports.import_lock import guarded_import
from reports.importing import ImportResult
from reports.models import AnnualReport

__all__ = ["import_upload"]


def import_upload(
    upload: UploadedFile,
    report: AnnualReport,
    user: Any,
    *,
    dry_run: bool = False,
    expected_version: int | None = None,
) -> ImportResult:
    """Spool the upload to a temporary file and import it into ``report``.

    The importer reads paths (xlsx and zip need seeking), so the upload is
    copied chunk by chunk; the suffix tells the reader the format. The rows
    land on ``expected_version`` (If-Match, the form's hidden field; default:
    the version of ``report`` as loaded) or raise
    :class:`~reports.import_lock.ImportConflict`, as does an upload while a
    background import of the report is still open.
    """
    source = PurePath(upload.name or "upload").name
    if not dry_run:
        refuse_if_importing(report, source)
    if expected_version is None:
        expected_version = report.lock_version
    suffix = PurePath(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="chiiki-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return guarded_import(
            path,
            report.region.code,
            report.fiscal_year,
            user=user if getattr(user, "pk", None) else None,
            dry_run=dry_run,
            source_name=source,
            expected_version=expected_version,
        )
