"""前年度から引き継ぐ: the report page's button and the API action."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tokens import issue_token
from reports.choices import ReportStatus
from reports.models import AnnualReport, JointResearch, ParticipatingCompany
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _accepted_2003(p: Personas) -> AnnualReport:
    previous = make_report(region=p.region, fiscal_year=2003)
    version = previous.current_version
    previous.status = ReportStatus.ACCEPTED
    previous.accepted_version = version
    previous.save()
    ParticipatingCompany.objects.create(version=version, name="株式会社A")
    for title, ended in (("継続", None), ("前年度終了", date(2004, 3, 31))):
        JointResearch.objects.create(
            version=version, title=title, started_on=date(2003, 4, 1), ended_on=ended
        )
    return previous


def _url(name: str, report: AnnualReport) -> str:
    kwargs = {"code": report.region.code, "fy": report.fiscal_year}
    return reverse(f"reports:{name}", kwargs=kwargs)


def test_the_draft_page_offers_the_button_and_it_copies_once(p: Personas) -> None:
    _accepted_2003(p)
    draft = make_report(region=p.region, fiscal_year=2004)
    client = Client()
    client.force_login(p.region_user)

    page = client.get(_url("detail", draft)).content.decode()
    assert "前年度から引き継ぐ" in page

    first = client.post(_url("prefill", draft), follow=True).content.decode()
    second = client.post(_url("prefill", draft), follow=True).content.decode()

    version = draft.current_version
    assert "前年度から引き継ぎました（参加企業 1 件、共同研究 1 件）" in first
    assert "既に行があるため" in second
    assert ParticipatingCompany.objects.filter(version=version).count() == 1
    assert list(
        JointResearch.objects.filter(version=version).values_list("title", flat=True)
    ) == ["継続"]


def test_no_button_without_an_accepted_previous_year(p: Personas) -> None:
    draft = make_report(region=p.region, fiscal_year=2004)
    client = Client()
    client.force_login(p.region_user)
    assert (
        "前年度から引き継ぐ" not in client.get(_url("detail", draft)).content.decode()
    )
    client.post(_url("prefill", draft))
    assert not ParticipatingCompany.objects.exists()


def test_the_api_prefills_a_draft(p: Personas) -> None:
    _accepted_2003(p)
    draft = make_report(region=p.region, fiscal_year=2004)
    token = issue_token(p.region_user).plaintext
    url = f"/api/v1/reports/{draft.region.code}/2004/prefill"

    response = Client().post(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    again = Client().post(url, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert response.json()["counts"]["companies"] == 1
    assert again.status_code == 409
