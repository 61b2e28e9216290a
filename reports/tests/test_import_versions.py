"""An import lands on the report version its uploader saw, or is refused.

Every door: the API (``If-Match``, 409 naming the other import, the new
``lock_version`` in 200), the web form (its hidden version, 409 page), and
an upload while a background import of the same report is still open. The
race itself (two processes) is in test_concurrent_imports.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tokens import issue_token
from reports.background import start_import
from reports.models import AnnualReport, ImportJob, PatentApplication
from reports.tests.builders import valid_rows, write_csv_zip
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


@pytest.fixture
def report(p: Personas) -> AnnualReport:
    return make_report(region=p.region, fiscal_year=2004)


def _api(
    client: Client, report: AnnualReport, path: Path, user: User, **headers: str
) -> Any:
    url = f"/api/v1/reports/{report.region.code}/{report.fiscal_year}/import"
    token = issue_token(user).plaintext
    with path.open("rb") as handle:
        return client.post(
            url, {"file": handle}, HTTP_AUTHORIZATION=f"Bearer {token}", **headers
        )


def _web(client: Client, report: AnnualReport, path: Path, **data: object) -> Any:
    url = reverse(
        "reports:upload", kwargs={"code": report.region.code, "fy": report.fiscal_year}
    )
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(url, {"file": upload, **data})


def _lock_version(report: AnnualReport) -> int:
    report.refresh_from_db()
    return report.lock_version


def test_it_bumps_lock_version_and_answers_it(
    p: Personas, report: AnnualReport, tmp_path: Path
) -> None:
    before = _lock_version(report)
    path = write_csv_zip(tmp_path / "a.zip", valid_rows(3))

    response = _api(Client(), report, path, p.region_user)

    assert response.status_code == 200
    assert response.json()["lock_version"] == before + 1 == _lock_version(report)
    again = _api(Client(), report, path, p.region_user)
    assert again.json()["lock_version"] == before + 2


def test_it_honours_if_match_and_refuses_a_stale_one_with_409(
    p: Personas, report: AnnualReport, tmp_path: Path
) -> None:
    seen = _lock_version(report)
    first = write_csv_zip(tmp_path / "first.zip", valid_rows(3))
    second = write_csv_zip(tmp_path / "second.zip", valid_rows(5))
    etag = f'"{seen}"'

    ok = _api(Client(), report, first, p.region_user, HTTP_IF_MATCH=etag)
    stale = _api(Client(), report, second, p.region_user, HTTP_IF_MATCH=etag)

    assert ok.status_code == 200
    assert stale.status_code == 409
    assert "detail" in stale.json()
    assert _lock_version(report) == seen + 1
    report.refresh_from_db()
    stored = PatentApplication.objects.filter(version=report.current_version)
    assert stored.count() == 3  # the first file's rows, not replaced


def test_the_web_form_carries_the_version_and_a_stale_one_gets_409(
    p: Personas, report: AnnualReport, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(p.region_user)
    detail = reverse(
        "reports:detail", kwargs={"code": report.region.code, "fy": report.fiscal_year}
    )
    seen = _lock_version(report)
    page = client.get(detail).content.decode()
    assert f'name="lock_version" value="{seen}"' in page
    first = write_csv_zip(tmp_path / "first.zip", valid_rows(3))
    second = write_csv_zip(tmp_path / "second.zip", valid_rows(5))

    ok = _web(client, report, first, lock_version=seen)
    stale = _web(client, report, second, lock_version=seen)

    assert ok.status_code == 302
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "「first.zip」" in text and "「second.zip」は取り込んでいません" in text
    # the page it shows carries the current version, ready for a retry
    assert f'name="lock_version" value="{seen + 1}"' in text
    report.refresh_from_db()
    stored = PatentApplication.objects.filter(version=report.current_version)
    assert stored.count() == 3


def test_an_upload_while_a_background_import_is_open_is_refused(
    p: Personas, report: AnnualReport, tmp_path: Path, settings: object
) -> None:
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    big = write_csv_zip(tmp_path / "big.zip", valid_rows(4))
    job = start_import(
        SimpleUploadedFile("big.zip", big.read_bytes()), report, p.region_user
    )
    small = write_csv_zip(tmp_path / "small.zip", valid_rows(2))

    api = _api(Client(), report, small, p.region_user)
    client = Client()
    client.force_login(p.region_user)
    web = _web(client, report, small)

    assert api.status_code == 409
    assert api.json()["code"] == "import.conflict"
    assert "「big.zip」" in api.json()["detail"]
    assert web.status_code == 409 and "「big.zip」" in web.content.decode()
    assert ImportJob.objects.get() == job
    assert PatentApplication.objects.count() == 0
