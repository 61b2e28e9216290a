"""The report pages along the access ladder: anonymous, outsider, own, officer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from reports.choices import ReportStatus
from reports.models import AnnualReport, PatentApplication, ReportVersion, StatusChange
from reports.tests.builders import valid_rows, write_xlsx
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _url(name: str, report: AnnualReport) -> str:
    kwargs = {"code": report.region.code, "fy": report.fiscal_year}
    return reverse(f"reports:{name}", kwargs=kwargs)


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _transitions() -> int:
    return AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).count()


def test_it_hides_a_draft_from_anonymous_and_outsiders(p: Personas) -> None:
    report = make_report(region=p.region)

    assert _client().get(_url("detail", report)).status_code == 404
    assert _client(p.outsider).get(_url("detail", report)).status_code == 404
    assert _client(p.region_user).get(_url("detail", report)).status_code == 200
    assert _client(p.officer).get(_url("detail", report)).status_code == 200


def test_it_shows_the_public_only_the_counts_of_an_accepted_report(
    p: Personas,
) -> None:
    report = make_report(region=p.region, status=ReportStatus.ACCEPTED)
    report.accepted_version = report.current_version
    report.save()

    public = _client().get(_url("detail", report))
    own = _client(p.region_user).get(_url("detail", report))

    assert public.status_code == 200
    assert "シート別件数" in public.content.decode()
    assert "版と履歴" not in public.content.decode()
    assert "版と履歴" in own.content.decode()
    assert _client().get(_url("diff", report) + "?from=1&to=1").status_code == 404


def test_it_lists_only_visible_reports(p: Personas) -> None:
    make_report(region=p.region, fiscal_year=2003)
    make_report(region=p.region, fiscal_year=2002, status=ReportStatus.ACCEPTED)

    public = _client().get(reverse("reports:list") + f"?region={p.region.code}")
    own = _client(p.region_user).get(reverse("reports:list"))

    assert len(public.context["table"].rows) == 1
    assert len(own.context["table"].rows) == 2


def test_it_submits_along_the_ladder(p: Personas) -> None:
    report = make_report(region=p.region)
    data = {"lock_version": 0}

    assert _client().post(_url("submit", report), data).status_code == 404
    assert _client(p.outsider).post(_url("submit", report), data).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert _transitions() == 0

    response = _client(p.region_user).post(_url("submit", report), data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert _transitions() == 1


def test_it_accepts_only_for_officers(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    data = {"lock_version": 0}

    assert _client(p.region_user).post(_url("accept", report), data).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = _client(p.officer).post(_url("accept", report), data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert StatusChange.objects.get().actor == p.officer


def test_it_returns_with_a_comment_and_refuses_a_stale_click(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    officer = _client(p.officer)

    stale = officer.post(_url("return", report), {"lock_version": 5, "comment": "x"})
    assert stale.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    officer.post(_url("return", report), {"lock_version": 0, "comment": "再確認"})

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert StatusChange.objects.get().comment == "再確認"


def test_it_uploads_shows_errors_then_imports(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    rows = valid_rows(2)
    good = write_xlsx(tmp_path / "good.xlsx", rows)
    rows["patent_applications"][0][1] = "not-a-date"
    bad = write_xlsx(tmp_path / "bad.xlsx", rows)
    client = _client(p.region_user)

    def upload(path: Path) -> object:
        content = SimpleUploadedFile(path.name, path.read_bytes())
        return client.post(_url("upload", report), {"file": content})

    assert _client(p.outsider).post(_url("upload", report)).status_code == 404
    rejected = upload(bad)
    assert rejected.status_code == 200
    assert rejected.context["result"].findings.error_count == 1
    assert "理由" in rejected.content.decode()
    assert not PatentApplication.objects.exists()

    assert upload(good).status_code == 302
    assert PatentApplication.objects.count() == 2


def test_it_refuses_a_file_of_the_wrong_type(p: Personas) -> None:
    report = make_report(region=p.region)
    content = SimpleUploadedFile("report.pdf", b"%PDF")

    response = _client(p.region_user).post(_url("upload", report), {"file": content})

    assert response.status_code == 200
    assert "xlsx・csv・zip のファイル" in response.content.decode()


def test_it_shows_a_diff_between_versions(p: Personas) -> None:
    report = make_report(region=p.region)
    ReportVersion.objects.create(report=report, number=2)

    response = _client(p.officer).get(_url("diff", report) + "?from=1&to=2")

    assert response.status_code == 200
    assert len(response.context["diffs"]) == 7
    assert (
        _client(p.officer).get(_url("diff", report) + "?from=1&to=9").status_code == 404
    )


def test_it_serves_the_templates() -> None:
    xlsx = _client().get(reverse("reports:template_xlsx"))
    zipped = _client().get(reverse("reports:template_csv"))

    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert zipped["Content-Type"] == "application/zip"
