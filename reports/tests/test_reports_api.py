"""/api/v1/reports/{code}/{fy}: every status code the operations answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from reports.choices import ReportStatus
from reports.models import AnnualReport, PatentApplication, StatusChange
from reports.tests.builders import valid_rows, write_xlsx
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _url(report: AnnualReport, action: str = "") -> str:
    base = f"/api/v1/reports/{report.region.code}/{report.fiscal_year}"
    return f"{base}/{action}" if action else base


def _auth(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user).plaintext}"}


def _upload(client: Client, report: AnnualReport, path: Path, **headers: str) -> object:
    with path.open("rb") as handle:
        return client.post(_url(report, "import"), {"file": handle}, **headers)


def test_it_reads_an_accepted_report_without_a_token(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.ACCEPTED)
    report.accepted_version = report.current_version
    report.save()

    response = Client().get(_url(report))

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"]) == ("accepted", 1)
    assert body["counts"]["patent_applications"] == 0


def test_it_hides_a_draft_unless_the_token_may_see_it(p: Personas) -> None:
    report = make_report(region=p.region)

    assert Client().get(_url(report)).status_code == 404
    assert Client().get(_url(report), **_auth(p.outsider)).status_code == 404
    assert Client().get(_url(report), **_auth(p.region_user)).status_code == 200
    bad = Client().get(_url(report), HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401


def test_it_imports_with_counts(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(3))

    response = _upload(Client(), report, path, **_auth(p.region_user))

    assert response.status_code == 200
    assert response.json()["counts"]["patent_applications"] == 3
    assert PatentApplication.objects.count() == 3


def test_it_validates_only_on_dry_run(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(3))
    client = Client()

    with path.open("rb") as handle:
        response = client.post(
            _url(report, "import") + "?dry_run=true",
            {"file": handle},
            **_auth(p.region_user),
        )

    assert response.json()["status"] == "validated"
    assert not PatentApplication.objects.exists()


def test_it_answers_422_with_row_errors(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    rows = valid_rows(2)
    rows["patent_applications"][1][1] = "昨日"
    path = write_xlsx(tmp_path / "r.xlsx", rows)

    response = _upload(Client(), report, path, **_auth(p.officer))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and errors[0]["sheet"] == "patent_applications"
    assert not PatentApplication.objects.exists()


def test_it_answers_400_for_a_file_of_the_wrong_type(
    p: Personas, tmp_path: Path
) -> None:
    report = make_report(region=p.region)
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF")

    response = _upload(Client(), report, path, **_auth(p.region_user))

    assert response.status_code == 400


def test_it_answers_401_without_a_token(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region)
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(1))

    assert _upload(Client(), report, path).status_code == 401
    assert Client().post(_url(report, "submit")).status_code == 401


def test_it_answers_404_to_another_region_and_403_when_not_allowed(
    p: Personas, tmp_path: Path
) -> None:
    draft = make_report(region=p.region, fiscal_year=2004)
    accepted = make_report(region=p.region, fiscal_year=2003)
    AnnualReport.objects.filter(pk=accepted.pk).update(status=ReportStatus.ACCEPTED)
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(1))

    assert _upload(Client(), draft, path, **_auth(p.outsider)).status_code == 404
    assert _upload(Client(), accepted, path, **_auth(p.region_user)).status_code == 403
    assert not PatentApplication.objects.exists()


def test_it_submits_accepts_and_returns(p: Personas) -> None:
    report = make_report(region=p.region)
    region, officer = _auth(p.region_user), _auth(p.officer)

    submitted = Client().post(_url(report, "submit"), **region)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    denied = Client().post(_url(report, "accept"), **region)
    assert denied.status_code == 403
    returned = Client().post(
        _url(report, "return"), {"comment": "直してください"},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert returned.json()["status"] == "returned"
    Client().post(_url(report, "submit"), **region)
    accepted = Client().post(_url(report, "accept"), **officer)

    assert accepted.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert StatusChange.objects.count() == 4


def test_it_answers_400_to_a_return_without_comment(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)

    response = Client().post(
        _url(report, "return"), {"comment": ""},
        content_type="application/json", **_auth(p.officer),
    )  # fmt: skip

    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_answers_409_to_an_illegal_step_or_a_stale_if_match(
    p: Personas, tmp_path: Path
) -> None:
    report = make_report(region=p.region)

    illegal = Client().post(_url(report, "accept"), **_auth(p.officer))
    stale = Client().post(
        _url(report, "submit"), HTTP_IF_MATCH='"4"', **_auth(p.region_user)
    )
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(1))
    stale_import = _upload(
        Client(), report, path, HTTP_IF_MATCH='"4"', **_auth(p.region_user)
    )

    assert illegal.status_code == 409
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 0
    assert stale_import.status_code == 409
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not PatentApplication.objects.exists()


def test_it_accepts_a_current_if_match(p: Personas) -> None:
    report = make_report(region=p.region)

    response = Client().post(
        _url(report, "submit"), HTTP_IF_MATCH='"0"', **_auth(p.region_user)
    )

    assert response.status_code == 200
    assert response.json()["lock_version"] == 1
