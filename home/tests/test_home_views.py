"""Each role's home after log-in, on the demo data (FY2005 drafts are overdue)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.users import DEMO_PASSWORD
from evaluations.choices import EvaluationState
from evaluations.models import Assignment, Evaluation
from home.queries import officer_inbox, region_reports, reviewer_evaluations
from reports.choices import ReportStatus
from reports.importing import import_report_file
from reports.models import AnnualReport
from reports.services import return_report, submit_report
from reports.tests.builders import valid_rows, write_xlsx

pytestmark = pytest.mark.usefixtures("demo")

HOME = "/home/"


def _client(username: str | None = None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _count(response: object, box: str) -> int:
    html = response.content.decode()  # type: ignore[attr-defined]
    found = re.search(rf'data-count="{box}">(\d+)<', html)
    assert found, box
    return int(found.group(1))


def _fill(report: AnnualReport, user: User, tmp_path: Path, n: int = 2) -> None:
    path = write_xlsx(tmp_path / "report.xlsx", valid_rows(n, fy=report.fiscal_year))
    result = import_report_file(path, report.region.code, report.fiscal_year, user=user)
    assert result.ok
    report.refresh_from_db()


def test_log_in_lands_each_role_on_its_home() -> None:
    response = Client().post(
        reverse("login"), {"username": "sapporo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_the_public_keeps_the_dashboard() -> None:
    response = _client().get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    html = _client().get("/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert reverse("reports:list") not in nav
    assert HOME not in nav


def test_signed_in_navigation_has_home_and_annual_reports() -> None:
    html = _client("sapporo").get("/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert f'href="{HOME}"' in nav
    assert f'href="{reverse("reports:list")}"' in nav


def test_region_home_lists_own_reports_by_year_with_overdue_and_next_step() -> None:
    response = _client("sapporo").get(HOME)
    text = _text(response)

    assert response.status_code == 200
    years = re.findall(r'data-report="kc-sapporo-(\d+)"', response.content.decode())
    assert years == ["2005", "2004", "2003", "2002"]
    assert "ca-hakodate" not in response.content.decode()
    assert "期限超過" in text
    assert "2006年5月31日（平成18年5月31日）" in text
    assert "受理" in text


def test_region_home_shows_a_returned_report_with_reason_who_and_when(
    tmp_path: Path,
) -> None:
    report = AnnualReport.objects.get(region__code="kc-sapporo", fiscal_year=2005)
    sapporo = User.objects.get(username="sapporo")
    officer = User.objects.get(username="officer")
    _fill(report, sapporo, tmp_path)
    submit_report(report, sapporo)
    return_report(report, officer, "特許の出願日を確認してください。")

    text = _text(_client("sapporo").get(HOME))

    assert "差戻しの理由" in text
    assert "特許の出願日を確認してください。" in text
    assert str(officer) in text
    assert "直して再提出する" in text


def test_officer_inbox_counts_waiting_overdue_evaluations_and_sheets(
    tmp_path: Path,
) -> None:
    before = _client("officer").get(HOME)
    overdue = AnnualReport.objects.filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        due_date__lt=date.today(),
    ).count()
    assert overdue > 0
    assert _count(before, "waiting") == 0
    assert _count(before, "overdue") == overdue
    assert (
        _count(before, "evaluations")
        == Evaluation.objects.exclude(state=EvaluationState.PUBLISHED).count()
    )
    assert _count(before, "sheets") == 1  # FY2005's prose was never published

    report = AnnualReport.objects.get(region__code="kc-sapporo", fiscal_year=2005)
    sapporo = User.objects.get(username="sapporo")
    _fill(report, sapporo, tmp_path, 1)
    submit_report(report, sapporo)

    after = _client("officer").get(HOME)
    assert _count(after, "waiting") == 1
    assert _count(after, "overdue") == overdue - 1
    assert str(report) in _text(after)


def test_reviewer_home_lists_own_items_with_progress() -> None:
    reviewer = User.objects.get(username="reviewer")
    evaluation = Evaluation.objects.get(state=EvaluationState.DRAFT)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.OPEN)
    own = Assignment.objects.filter(
        member__user=reviewer, item__evaluation=evaluation
    ).select_related("item")

    response = _client("reviewer").get(HOME)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index(evaluation.title_ja) < html.index("中間評価")  # open first
    for assignment in own:
        assert reverse("evaluations:item", args=[assignment.item.pk]) in html
    assert f"0 / {own.count()} 件採点済み" in _text(response)


def test_a_home_page_costs_a_bounded_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    today = date.today()
    officer = User.objects.get(username="officer")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        officer_inbox(officer, today)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        region_reports(User.objects.get(username="sapporo"), today)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        reviewer_evaluations(User.objects.get(username="reviewer"))
