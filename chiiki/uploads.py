"""Uploads larger than anything Chiiki accepts are not stored past the limit.

Django's handlers spool an upload to memory or a temporary file in full before
any view sees it, so a form's size check (reports.forms.check_upload,
evaluations.validators) came only after a 2 GB upload had filled the disk.
:class:`SizeCappedUploadHandler` sits first in ``FILE_UPLOAD_HANDLERS``: once a
file passes ``CHIIKI_MAX_UPLOAD_BYTES`` it stops handing chunks to the storing
handlers, and the file arrives as an :class:`OversizedUpload`, its name and
true size without content. The usual checks then refuse it by size with their
own Japanese message, through the web and the API alike; nothing else changes.

The same handler bounds the whole body: before parsing starts it refuses a
declared ``Content-Length`` over ``CHIIKI_MAX_REQUEST_BYTES``, and while
parsing it counts the bytes of every file together, so many files each under
the per-file cap (10 × 19 MB) cannot add up on disk either.
:class:`chiiki.request_guard.RequestGuardMiddleware` already answers 413 from
the header; this is the bound for a request that reaches the parser anyway
(a handler or test that skips the middleware, or a body of undeclared length).
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

__all__ = ["OversizedUpload", "RequestBodyTooBig", "SizeCappedUploadHandler"]


class RequestBodyTooBig(RequestDataTooBig):
    """The body passed ``CHIIKI_MAX_REQUEST_BYTES``: a 400 with a Japanese message."""

    def __init__(self, size: int, limit: int) -> None:
        from chiiki.request_guard import too_large_message

        self.chiiki_message = too_large_message(size, limit)
        super().__init__(self.chiiki_message)


class OversizedUpload(UploadedFile):
    """A file that went past the limit: its name and full size, no content."""

    def __init__(
        self, name: str, size: int, content_type: str | None, charset: str | None
    ) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class SizeCappedUploadHandler(FileUploadHandler):
    """Counts every file's bytes; passes on only the first ``limit`` of them.

    Django makes one instance per request, so ``total`` adds up all its files.
    """

    limit: int
    total: int = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: bytes,
        encoding: str | None = None,
    ) -> None:
        request_limit = settings.CHIIKI_MAX_REQUEST_BYTES
        if content_length > request_limit:
            raise RequestBodyTooBig(content_length, request_limit)
        return

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.CHIIKI_MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.total += len(raw_data)
        request_limit = settings.CHIIKI_MAX_REQUEST_BYTES
        if self.total > request_limit:
            raise RequestBodyTooBig(self.total, request_limit)
        if start + len(raw_data) > self.limit:
            return None  # the storing handlers get nothing more of this file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size > self.limit:
            return OversizedUpload(
                self.file_name or "upload", file_size, self.content_type, self.charset
            )
        return None  # within the limit: the storing handler's file is the upload
