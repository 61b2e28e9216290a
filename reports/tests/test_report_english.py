"""The report pages in English (reports/locale/en), errors included."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports.tests.builders import valid_rows, write_xlsx
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def test_the_report_page_and_its_error_table_read_in_english(
    p: Personas, tmp_path: Path
) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    kwargs = {"code": report.region.code, "fy": 2004}
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(p.region_user)

    page = client.get(reverse("reports:detail", kwargs=kwargs)).content.decode()

    for english in ("Upload the report file", "Rows per sheet", "Versions and history"):
        assert english in page
    assert "報告ファイルのアップロード" not in page

    rows = valid_rows(3)
    rows["patent_applications"][0][1] = "2099-01-01"
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    upload = SimpleUploadedFile("bad.xlsx", path.read_bytes())
    refused = client.post(reverse("reports:upload", kwargs=kwargs), {"file": upload})

    text = refused.content.decode()
    assert "Not imported (1 error)" in text
    assert "is outside FY2004" in text
