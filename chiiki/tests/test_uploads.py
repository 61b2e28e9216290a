"""Uploads past the size limit arrive as name and size only (chiiki/uploads.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from accounts.tokens import issue_token
from chiiki.uploads import OversizedUpload
from evaluations.validators import MAX_ATTACHMENT_BYTES
from reports.forms import MAX_UPLOAD_BYTES
from reports.models import PatentApplication
from tests.base import make_personas
from tests.factories import make_report


def _received(data: bytes, name: str = "report.xlsx") -> object:
    request = RequestFactory().post("/", {"file": SimpleUploadedFile(name, data)})
    return request.FILES["file"]


def test_a_file_past_the_limit_keeps_its_name_and_size_but_no_content(
    settings: Any,
) -> None:
    settings.CHIIKI_MAX_UPLOAD_BYTES = 1_000

    upload = _received(b"x" * 1_001)

    assert isinstance(upload, OversizedUpload)
    assert (upload.name, upload.size) == ("report.xlsx", 1_001)
    assert upload.read() == b""


def test_a_file_at_the_limit_arrives_whole(settings: Any) -> None:
    settings.CHIIKI_MAX_UPLOAD_BYTES = 1_000

    upload = _received(b"y" * 1_000)

    assert not isinstance(upload, OversizedUpload)
    assert upload.read() == b"y" * 1_000


def test_a_large_file_past_the_limit_is_not_spooled_to_disk(
    settings: Any,
) -> None:
    # Beyond FILE_UPLOAD_MAX_MEMORY_SIZE Django writes a temporary file; the
    # cap still answers with the size only.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    settings.CHIIKI_MAX_UPLOAD_BYTES = 10_000

    upload = _received(b"z" * 200_000)

    assert isinstance(upload, OversizedUpload)
    assert upload.size == 200_000


def test_the_cap_is_no_smaller_than_any_accepted_file(
    settings: Any,
) -> None:
    # Else a file the forms accept would be cut short.
    assert settings.CHIIKI_MAX_UPLOAD_BYTES >= MAX_UPLOAD_BYTES
    assert settings.CHIIKI_MAX_UPLOAD_BYTES >= MAX_ATTACHMENT_BYTES


@pytest.mark.django_db
def test_the_api_refuses_a_report_file_over_20_mb_with_a_clear_message() -> None:
    people = make_personas()
    report = make_report(region=people.region)
    token = issue_token(people.region_user).plaintext
    big = SimpleUploadedFile("report.xlsx", b"\0" * (MAX_UPLOAD_BYTES + 1))

    response = Client().post(
        f"/api/v1/reports/{report.region.code}/{report.fiscal_year}/import",
        {"file": big},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert "ファイルが大きすぎます" in response.json()["detail"]
    assert not PatentApplication.objects.exists()
