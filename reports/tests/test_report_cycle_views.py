"""The report pages an officer runs a year with: filters and counts, the
return's reason at the top, the region's reply, controls per role, the diff."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from reports.choices import ReportStatus
from reports.models import (
    AnnualReport,
    ParticipantCount,
    ReportVersion,
    StatusChange,
)
from reports.services import return_report, submit_report
from tests.base import Personas, make_personas
from tests.factories import make_programme, make_region, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name: str, report: AnnualReport) -> str:
    kwargs = {"code": report.region.code, "fy": report.fiscal_year}
    return reverse(f"reports:{name}", kwargs=kwargs)


def _listed(html: str) -> list[str]:
    """(region name, FY) rows of the list table, as text."""
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return re.findall(r"/reports/([\w-]+/\d+)/", body)


def _count(html: str, key: str) -> int:
    found = re.search(rf'data-status-count="{key}">.*?<strong>(\d+)</strong>', html)
    if found is None:
        found = re.search(rf'data-status-count="{key}">(\d+)<', html)
    assert found, key
    return int(found.group(1))


def _returned(p: Personas) -> AnnualReport:
    report = make_report(region=p.region, fiscal_year=2005)
    ParticipantCount.objects.create(
        version=report.current_version, sector="academia", researchers=95
    )
    submit_report(report, p.region_user)
    return_report(report, p.officer, "学の研究者数を確認してください。")
    report.refresh_from_db()
    return report


def test_the_officer_filters_by_programme_year_status_and_overdue(p: Personas) -> None:
    other = make_region(programme=make_programme(code="ZZ", name_ja="別事業"))
    late = make_report(region=p.region, fiscal_year=2004, due_date=date(2005, 5, 31))
    make_report(region=p.region, fiscal_year=2005, status=ReportStatus.SUBMITTED)
    make_report(region=p.other_region, fiscal_year=2004, status=ReportStatus.ACCEPTED)
    make_report(region=other, fiscal_year=2004)
    code = p.region.programme.code
    officer = _client(p.officer)

    everything = officer.get(reverse("reports:list")).content.decode()
    assert len(_listed(everything)) == 4
    assert _count(everything, "draft") == 2
    assert _count(everything, "overdue") == 1

    by_programme = officer.get(
        reverse("reports:list"), {"programme": code, "fiscal_year": 2004}
    ).content.decode()
    assert sorted(_listed(by_programme)) == sorted(
        [f"{p.region.code}/2004", f"{p.other_region.code}/2004"]
    )
    assert _count(by_programme, "accepted") == 1

    overdue = officer.get(reverse("reports:list"), {"overdue": "1"}).content.decode()
    assert _listed(overdue) == [f"{late.region.code}/2004"]
    assert "期限超過" in overdue

    submitted = officer.get(reverse("reports:list"), {"status": "submitted"})
    assert _listed(submitted.content.decode()) == [f"{p.region.code}/2005"]
    # Counts ignore the status filter: each says what clicking it would list.
    assert _count(submitted.content.decode(), "draft") == 2

    nonsense = officer.get(reverse("reports:list"), {"status": "x", "fiscal_year": "y"})
    assert nonsense.status_code == 200
    assert len(_listed(nonsense.content.decode())) == 4


def test_the_list_sorts_by_due_date(p: Personas) -> None:
    make_report(region=p.region, fiscal_year=2004, due_date=date(2005, 5, 31))
    make_report(region=p.other_region, fiscal_year=2004, due_date=date(2005, 4, 30))

    html = _client(p.officer).get(reverse("reports:list"), {"sort": "due_date"})

    assert _listed(html.content.decode()) == [
        f"{p.other_region.code}/2004",
        f"{p.region.code}/2004",
    ]


def test_a_returned_report_shows_its_reason_at_the_top_with_who_and_when(
    p: Personas,
) -> None:
    report = _returned(p)

    html = _client(p.region_user).get(_url("detail", report)).content.decode()

    notice = html.index('class="return-notice"')
    assert notice < html.index('id="counts-title"')
    assert "学の研究者数を確認してください。" in html[notice:]
    assert str(p.officer) in html[notice : notice + 600]
    assert "再提出する" in html
    assert 'name="comment"' in html


def test_an_officer_viewing_a_returned_report_sees_no_region_controls(
    p: Personas,
) -> None:
    report = _returned(p)

    html = _client(p.officer).get(_url("detail", report)).content.decode()

    assert "学の研究者数を確認してください。" in html
    assert _url("upload", report) not in html
    assert _url("prefill", report) not in html
    assert _url("submit", report) not in html


def test_the_reply_on_resubmission_is_kept_in_the_history(p: Personas) -> None:
    report = _returned(p)

    response = _client(p.region_user).post(
        _url("submit", report),
        {"lock_version": report.lock_version, "comment": "学を140人に直しました。"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    last = StatusChange.objects.filter(report=report).order_by("at", "pk").last()
    assert last is not None and last.comment == "学を140人に直しました。"
    history = _client(p.officer).get(_url("detail", report)).content.decode()
    assert "学を140人に直しました。" in history


def test_the_diff_defaults_to_the_last_two_versions_cell_by_cell(
    p: Personas,
) -> None:
    report = _returned(p)
    new = ReportVersion.objects.create(report=report, number=2)
    ParticipantCount.objects.create(version=new, sector="academia", researchers=140)
    report.current_version = new
    report.save(update_fields=["current_version"])

    response = _client(p.officer).get(_url("diff", report))
    html = response.content.decode()

    assert response.status_code == 200
    assert "第1版 → 第2版" in html
    cells = html[html.index('class="table diff-cells"') :]
    assert re.search(
        r"研究者数</td><td><del[^>]*>95</del></td><td><ins[^>]*>140</ins>", cells
    )


def test_the_diff_of_a_single_version_says_so_and_a_wrong_one_is_404(
    p: Personas,
) -> None:
    report = make_report(region=p.region)
    client = _client(p.region_user)

    alone = client.get(_url("diff", report))
    assert alone.status_code == 200
    assert "比較できる版が2つ以上ありません" in alone.content.decode()
    assert client.get(_url("diff", report) + "?from=1&to=9").status_code == 404
    assert client.get(_url("diff", report) + "?from=a&to=1").status_code == 404
