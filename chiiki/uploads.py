"""Uploads larger than anything Chiiki accepts are not stored past the limit.

Django's handlers spool an upload to memory or a temporary file in full before
any view sees it, so a form's size check (reports.forms.check_upload,
evaluations.validators) came only after a 2 GB upload had filled the disk.
:class:`SizeCappedUploadHandler` sits first in ``FILE_UPLOAD_HANDLERS``: once a
file passes ``CHIIKI_MAX_UPLOAD_BYTES`` it stops handing chunks to the storing
handlers, and the file arrives as an :class:`OversizedUpload`, its name and
true size without content. The usual checks then refuse it by size with their
own Japanese message, through the web and the API alike; nothing else changes.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

__all__ = ["OversizedUpload", "SizeCappedUploadHandler"]


class OversizedUpload(UploadedFile):
    """A file that went past the limit: its name and full size, no content."""

    def __init__(
        self, name: str, size: int, content_type: str | None, charset: str | None
    ) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class SizeCappedUploadHandler(FileUploadHandler):
    """Counts every file's bytes; passes on only the first ``limit`` of them."""

    limit: int

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.CHIIKI_MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            return None  # the storing handlers get nothing more of this file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size > self.limit:
            return OversizedUpload(
                self.file_name or "upload", file_size, self.content_type, self.charset
            )
        return None  # within the limit: the storing handler's file is the upload
