"""Bodies are bounded before they are spooled (issue 13, finding 6).

An anonymous multipart POST of 10 × 19 MB to ``/accounts/login/`` with a
valid CSRF cookie used to be answered 403 only after 180 MB had been written
to ``/tmp``: the 20 MB cap was per file and Django allowed 100 files. These
tests send that request to a real server (pytest-django's live server: real
sockets, Django's real multipart parser) and watch the upload directory while
it is served.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from chiiki.uploads import RequestBodyTooBig, SizeCappedUploadHandler

MB = 1024 * 1024
BOUNDARY = "chiikiboundary7MA4YWxkTrZu0gW"


class DiskWatcher:
    """The largest total size the directory reached while watched."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> DiskWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            total = 0
            for entry in os.scandir(self.directory):
                try:
                    total += entry.stat().st_size
                except FileNotFoundError:
                    pass  # removed between listing and stat
            self.peak = max(self.peak, total)
            time.sleep(0.002)


def _parts(files: int, size: int) -> tuple[list[bytes], int]:
    """Multipart framing around ``files`` files of ``size`` bytes (content lazily)."""
    heads = [
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file{i}"; '
            f'filename="f{i}.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        for i in range(files)
    ]
    tail = f"--{BOUNDARY}--\r\n".encode()
    length = sum(len(h) + size + 2 for h in heads) + len(tail)
    return [*heads, tail], length


def _body(files: int, size: int) -> Iterator[bytes]:
    parts, _ = _parts(files, size)
    chunk = b"\0" * MB
    for head in parts[:-1]:
        yield head
        left = size
        while left:
            yield chunk[: min(left, MB)]
            left -= min(left, MB)
        yield b"\r\n"
    yield parts[-1]


def _post(url: str, files: int, size: int, cookie: str) -> tuple[int | None, bytes]:
    """POST the files; the status and body, or None if the server hung up first."""
    split = urlsplit(url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    _, length = _parts(files, size)
    connection.putrequest("POST", split.path)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(length))
    connection.putheader("Cookie", cookie)
    connection.putheader("Referer", url)
    connection.endheaders()
    try:
        for piece in _body(files, size):
            connection.send(piece)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the body was read: the answer may still be there
    try:
        response = connection.getresponse()
        return response.status, response.read()
    except (ConnectionResetError, http.client.RemoteDisconnected):
        return None, b""
    finally:
        connection.close()


@pytest.fixture
def upload_dir(settings: Any, tmp_path: Path) -> Path:
    directory = tmp_path / "uploads"
    directory.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(directory)
    return directory


def _csrf_cookie(live_server: Any) -> str:
    client = Client()
    client.get("/accounts/login/")
    return f"csrftoken={client.cookies['csrftoken'].value}"


@pytest.mark.django_db(transaction=True)
def test_ten_files_of_19_mb_to_the_login_page_put_under_25_mb_on_disk(
    live_server: Any, upload_dir: Path
) -> None:
    url = f"{live_server.url}/accounts/login/"

    with DiskWatcher(upload_dir) as disk:
        status, body = _post(
            url, files=10, size=19 * MB, cookie=_csrf_cookie(live_server)
        )

    assert disk.peak < 25 * MB
    assert disk.peak == 0  # refused from Content-Length: nothing was read at all
    assert status in (413, None)
    if status == 413:
        assert "送信されたデータが大きすぎます" in body.decode()


@pytest.mark.django_db(transaction=True)
def test_the_measurement_sees_spooled_files_when_the_cap_is_lifted(
    live_server: Any, upload_dir: Path, settings: Any
) -> None:
    # The control: with no total cap the same kind of request does fill the
    # directory, so the test above would fail without the limit.
    settings.CHIIKI_MAX_REQUEST_BYTES = 10**12
    url = f"{live_server.url}/accounts/login/"

    with DiskWatcher(upload_dir) as disk:
        _post(url, files=2, size=19 * MB, cookie=_csrf_cookie(live_server))

    assert disk.peak > 25 * MB


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_413_in_json(live_server: Any, upload_dir: Path) -> None:
    url = f"{live_server.url}/api/v1/reports/x/2005/import"

    with DiskWatcher(upload_dir) as disk:
        status, body = _post(url, files=2, size=19 * MB, cookie="")

    assert disk.peak == 0
    assert status in (413, None)
    if status == 413:
        assert "上限" in body.decode()


def test_a_request_within_the_total_may_not_carry_more_than_five_files() -> None:
    files = {f"f{i}": SimpleUploadedFile(f"f{i}.csv", b"a,b\n") for i in range(6)}
    response = Client(raise_request_exception=False).post("/accounts/login/", files)

    assert response.status_code == 400
    assert "5 個まで" in response.content.decode()


def test_the_upload_handler_counts_all_files_together(settings: Any) -> None:
    # Under WSGI the body never exceeds its Content-Length (checked first);
    # the running count is the bound where no length was declared (ASGI).
    settings.CHIIKI_MAX_UPLOAD_BYTES = 1_000
    settings.CHIIKI_MAX_REQUEST_BYTES = 2_500
    handler = SizeCappedUploadHandler()
    handler.handle_raw_input(None, {}, 0, b"b")

    for index in range(2):
        handler.new_file("file", f"f{index}.csv", "text/csv", 900)
        assert handler.receive_data_chunk(b"x" * 900, 0) == b"x" * 900
    handler.new_file("file", "f2.csv", "text/csv", 900)
    with pytest.raises(RequestBodyTooBig):
        handler.receive_data_chunk(b"x" * 900, 0)


def test_the_handler_refuses_a_declared_length_over_the_total(settings: Any) -> None:
    settings.CHIIKI_MAX_REQUEST_BYTES = 1_000
    request = RequestFactory().post(
        "/", {"f": SimpleUploadedFile("f.csv", b"x" * 2_000)}
    )

    with pytest.raises(RequestBodyTooBig) as refused:
        request.FILES  # noqa: B018
    assert "1,000 バイト" in refused.value.chiiki_message


def test_the_total_leaves_room_for_one_file_at_the_per_file_cap(settings: Any) -> None:
    assert (
        settings.CHIIKI_MAX_REQUEST_BYTES
        >= settings.CHIIKI_MAX_UPLOAD_BYTES + 64 * 1024
    )
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
