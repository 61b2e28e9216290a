"""The admin shows the report workflow's records but edits none of them."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from reports.choices import OutcomeKind, ReportStatus
from reports.models import YearlyOutcome
from tests.factories import make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    officer = make_user(User.Role.OFFICER, is_staff=True, is_superuser=True)
    client.force_login(officer)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "yearlyoutcome",
        "patentapplication",
        "commercialization",
        "participantcount",
        "participatingcompany",
        "jointresearch",
        "activity",
        "fund",
        "reportversion",
        "statuschange",
    ],
)
def test_it_lists_workflow_rows_without_an_add_button(
    admin_client: Client, model: str
) -> None:
    listing = admin_client.get(f"/admin/reports/{model}/")

    assert listing.status_code == 200
    assert f'href="/admin/reports/{model}/add/"' not in listing.content.decode()
    assert admin_client.get(f"/admin/reports/{model}/add/").status_code == 403


def test_it_refuses_to_edit_or_delete_a_yearly_outcome(admin_client: Client) -> None:
    row = YearlyOutcome.objects.create(
        region=make_region(), fiscal_year=2004, kind=OutcomeKind.RESEARCHERS, value=7
    )
    url = f"/admin/reports/yearlyoutcome/{row.pk}"

    admin_client.post(f"{url}/change/", {"value": "999"})
    deleted = admin_client.post(f"{url}/delete/", {"post": "yes"})

    assert deleted.status_code == 403
    row.refresh_from_db()
    assert row.value == 7


def test_it_shows_a_reports_status_read_only(admin_client: Client) -> None:
    report = make_report(status=ReportStatus.SUBMITTED)

    page = admin_client.get(f"/admin/reports/annualreport/{report.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="status"' not in html
    assert 'name="due_date"' in html  # the rest stays editable
