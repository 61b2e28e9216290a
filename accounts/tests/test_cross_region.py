"""A region's staff never reach another region's drafts, imports or history.

Issue 7's acceptance: "a region user's token gets 403 or 404 on another
region's draft report, its import endpoint and its history". The outsider
(staff of another region) tries with their Bearer token on the API and with
their session on the pages; nothing may be revealed or changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from accounts.tokens import issue_token
from reports.choices import ReportStatus
from reports.models import AnnualReport, PatentApplication, StatusChange
from reports.services import return_report, submit_report
from reports.tests.builders import valid_rows, write_csv_zip
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db

DENIED = {403, 404}
SECRET_COMMENT = "特許番号の誤りを直してください（内部）"


@pytest.fixture
def p() -> Personas:
    return make_personas()


@pytest.fixture
def draft(p: Personas) -> AnnualReport:
    """Bob's region's draft, once returned with an internal comment."""
    report = make_report(region=p.region, fiscal_year=2004)
    submit_report(report, p.region_user)
    return_report(report, p.officer, SECRET_COMMENT)
    report.refresh_from_db()
    return report


@pytest.fixture
def accepted(p: Personas) -> AnnualReport:
    report = make_report(region=p.region, fiscal_year=2003)
    submit_report(report, p.region_user)
    report.refresh_from_db()
    report.status = ReportStatus.ACCEPTED
    report.accepted_version = report.current_version
    report.save()
    return report


def _api(report: AnnualReport, step: str = "") -> str:
    base = f"/api/v1/reports/{report.region.code}/{report.fiscal_year}"
    return f"{base}/{step}" if step else base


def _page(report: AnnualReport, step: str = "") -> str:
    base = f"/reports/{report.region.code}/{report.fiscal_year}/"
    return f"{base}{step}/" if step else base


def _bearer(p: Personas) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(p.outsider).plaintext}"}


def test_the_token_cannot_read_another_regions_draft(
    p: Personas, draft: AnnualReport
) -> None:
    response = Client().get(_api(draft), **_bearer(p))

    assert response.status_code in DENIED
    assert SECRET_COMMENT not in response.content.decode()


def test_the_token_cannot_import_into_another_regions_draft(
    p: Personas, draft: AnnualReport, tmp_path: Path
) -> None:
    path = write_csv_zip(tmp_path / "report.zip", valid_rows(1))
    version = draft.current_version_id

    with path.open("rb") as handle:
        response = Client().post(_api(draft, "import"), {"file": handle}, **_bearer(p))
    with path.open("rb") as handle:
        dry = Client().post(
            _api(draft, "import") + "?dry_run=true", {"file": handle}, **_bearer(p)
        )

    assert response.status_code in DENIED
    assert dry.status_code in DENIED
    draft.refresh_from_db()
    assert draft.current_version_id == version
    assert not PatentApplication.objects.exists()


@pytest.mark.parametrize("step", ["submit", "accept", "return", "prefill"])
def test_the_token_cannot_move_another_regions_report(
    p: Personas, draft: AnnualReport, step: str
) -> None:
    changes = StatusChange.objects.count()

    response = Client().post(
        _api(draft, step),
        {"comment": "x"},
        content_type="application/json",
        **_bearer(p),
    )

    assert response.status_code in DENIED
    draft.refresh_from_db()
    assert draft.status == ReportStatus.RETURNED
    assert StatusChange.objects.count() == changes


def test_the_history_of_a_draft_is_hidden_from_the_other_region(
    p: Personas, draft: AnnualReport
) -> None:
    browser = Client()
    browser.force_login(p.outsider)

    for path in (_page(draft), _page(draft, "diff") + "?from=1&to=1"):
        response = browser.get(path)
        assert response.status_code in DENIED, path
        assert SECRET_COMMENT not in response.content.decode()
    # A Bearer token means nothing to the pages: still nobody there.
    response = Client().get(_page(draft), **_bearer(p))
    assert response.status_code in DENIED


def test_the_history_of_an_accepted_report_stays_with_its_region(
    p: Personas, accepted: AnnualReport
) -> None:
    browser = Client()
    browser.force_login(p.outsider)

    page = browser.get(_page(accepted))
    diff = browser.get(_page(accepted, "diff") + "?from=1&to=1")
    api = Client().get(_api(accepted), **_bearer(p))

    assert page.status_code == 200  # published counts are public
    assert "版と履歴" not in page.content.decode()
    assert "change-table" not in page.content.decode()
    assert diff.status_code in DENIED
    assert api.status_code == 200
    assert set(api.json()) == {
        "region",
        "fiscal_year",
        "status",
        "status_label",
        "version",
        "lock_version",
        "counts",
    }
    own = Client()
    own.force_login(p.region_user)
    assert "版と履歴" in own.get(_page(accepted)).content.decode()


def test_the_audit_trail_is_closed_to_region_staff(p: Personas) -> None:
    browser = Client()
    browser.force_login(p.outsider)

    assert browser.get("/audit/").status_code in DENIED
    assert browser.get("/audit/export.csv").status_code in DENIED
