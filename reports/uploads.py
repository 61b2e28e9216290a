"""Run an uploaded report file through the importer (web page and API)."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from reports.importing import ImportResult, import_report_file
from reports.models import AnnualReport

__all__ = ["import_upload"]


def import_upload(
    upload: UploadedFile, report: AnnualReport, user: Any, *, dry_run: bool = False
) -> ImportResult:
    """Spool the upload to a temporary file and import it into ``report``.

    The importer reads paths (xlsx and zip need seeking), so the upload is
    copied chunk by chunk; the suffix tells the reader the format.
    """
    suffix = PurePath(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="chiiki-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_report_file(
            path,
            report.region.code,
            report.fiscal_year,
            user=user if getattr(user, "pk", None) else None,
            dry_run=dry_run,
            source_name=PurePath(upload.name or "upload").name,
        )
