"""Checks on proposal attachments: only PDF and xlsx, and not too large.

The extension alone proves nothing, so the first bytes are checked too: a PDF
starts with ``%PDF-``, an xlsx is a ZIP holding ``[Content_Types].xml`` and an
``xl/`` folder. That keeps renamed executables and macro workbooks (.xlsm is a
different extension) out of the committee's downloads.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

#: 20 MB: large enough for a scanned self-evaluation report, small enough to mail.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (".pdf", ".xlsx")


def attachment_upload_to(instance: Any, filename: str) -> str:
    """A random stored name: uploaded names may clash or carry path tricks."""
    suffix = PurePath(filename).suffix.lower()
    return f"evaluations/proposals/{uuid.uuid4().hex}{suffix}"


def validate_attachment(file: File) -> None:
    name = PurePath(getattr(file, "name", "") or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("添付できるのは PDF（.pdf）と Excel（.xlsx）のファイルだけです。"),
            code="attachment_type",
        )
    if file.size is None or file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("ファイルが大きすぎます（上限 {} MB）。").format(
                MAX_ATTACHMENT_BYTES // (1024 * 1024)
            ),
            code="attachment_size",
        )
    if file.size == 0 or not _content_matches(file, suffix):
        raise ValidationError(
            _("ファイルの内容が拡張子（{}）と一致しません。").format(suffix),
            code="attachment_content",
        )


def _content_matches(file: File, suffix: str) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        if suffix == ".pdf":
            return file.read(5) == b"%PDF-"
        return _is_xlsx(file)
    finally:
        file.seek(position)


def _is_xlsx(stream: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
