"""Completeness: one FY2005 report accepted must not read as a collapsed year.

The issue's scenario on the demo data: an officer accepts 1 of the 36
FY2005 reports. Every output that sums FY2005 then says 暫定 with the counts,
and no judgement or negative progress comes from the partial year.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from audit.models import AuditEntry
from programmes.models import Programme
from reports.models import AnnualReport
from reports.services import accept_report, submit_report
from targets.completeness import (
    ClosureError,
    close_year,
    completeness,
    latest_complete_year,
    missing_regions,
)
from targets.models import MissingReport, YearClosure
from targets.services import default_fiscal_year
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

PARTIAL = "暫定（36地域中1地域受理）"


def accept_one_fy2005_report() -> AnnualReport:
    """What the issue's officer did: accept Sapporo's FY2005 report only."""
    report = AnnualReport.objects.get(fiscal_year=2005, region__programme__code="KC")
    officer = User.objects.filter(role=User.Role.OFFICER).first()
    region_user = User.objects.filter(role=User.Role.REGION, regions=report.region)
    submit_report(report, region_user.first())
    accept_report(report, officer)
    return report


def kpi_json(fiscal_year: int) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command(
        "kpi", "--fiscal-year", str(fiscal_year), "--format", "json", stdout=out
    )
    return json.loads(out.getvalue())


def outcome_metrics(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for r in results for m in r["metrics"] if m["completeness"]]


def test_it_counts_expected_submitted_and_accepted_reports() -> None:
    assert completeness(2004).is_complete
    assert completeness(2004).label == "確定"

    accept_one_fy2005_report()

    state = completeness(2005)
    assert (state.expected, state.submitted, state.accepted) == (36, 1, 1)
    assert state.is_provisional and state.label == PARTIAL
    assert completeness(2005, "KC").label == "暫定（18地域中1地域受理）"
    assert completeness(2005, "CA").label == "暫定（18地域中0地域受理）"
    assert latest_complete_year() == 2004
    assert default_fiscal_year() == 2004


@pytest.mark.parametrize("fiscal_year", [2005, 2006])
def test_kpi_never_judges_or_regresses_on_the_partial_year(fiscal_year: int) -> None:
    before = {m["metric"]: m for m in outcome_metrics(kpi_json(fiscal_year))}
    accept_one_fy2005_report()

    metrics = outcome_metrics(kpi_json(fiscal_year))

    assert metrics
    for metric in metrics:
        assert metric["progress"] is None or metric["progress"] >= 0
        assert metric["value_fiscal_year"] in (2004, None)
        # The judgement and forecast are those of the complete years alone.
        assert metric["judgement"] == before[metric["metric"]]["judgement"]
        assert metric["forecast"] == before[metric["metric"]]["forecast"]
        assert metric["completeness"]["provisional"] is True
        points = {p["fiscal_year"]: p for p in metric["series"]}
        assert points[2005]["provisional"] is True
        assert points[2005]["value"] is None
    if fiscal_year == 2005:
        assert {m["completeness"]["label"] for m in metrics} >= {PARTIAL}


def test_the_api_carries_the_completeness(client: Client) -> None:
    accept_one_fy2005_report()

    body = client.get("/api/v1/targets", {"fiscal_year": 2005}).json()

    patents = next(t for t in body if t["id"] == "6-2-4")
    assert patents["completeness"]["label"] == PARTIAL
    assert patents["completeness"]["expected"] == 36
    assert patents["completeness"]["accepted"] == 1
    assert all(t["progress"] is None or t["progress"] >= 0 for t in body)
    assert patents["value_fiscal_year"] == 2004


def test_the_dashboard_and_target_pages_say_provisional(client: Client) -> None:
    accept_one_fy2005_report()

    home = client.get("/", {"fiscal_year": 2005}).content.decode()
    detail = client.get("/targets/6-2-3/", {"fiscal_year": 2005}).content.decode()

    assert PARTIAL in home
    assert PARTIAL in detail
    for html in (home, detail):
        assert not re.search(r"進捗\s*(<strong>)?\s*[-−]", html)
        assert not re.search(r"<dd>[-−]\d", html)


def test_it_refuses_to_close_a_year_without_a_reason_per_missing_report() -> None:
    officer = make_user(User.Role.OFFICER, username="closing-officer")
    kc = Programme.objects.get(code="KC")
    missing = missing_regions(kc, 2005)
    reasons = {r.code: "報告なし" for r in missing[1:]}

    with pytest.raises(ClosureError) as refused:
        close_year(kc, 2005, reasons, officer)

    assert refused.value.code == "reason_required"
    assert missing[0].name_ja in refused.value.message
    assert not YearClosure.objects.exists()


def test_it_refuses_a_region_user() -> None:
    from django.core.exceptions import PermissionDenied

    region_user = User.objects.filter(role=User.Role.REGION).first()
    kc = Programme.objects.get(code="KC")

    with pytest.raises(PermissionDenied):
        close_year(kc, 2005, {}, region_user)
    assert not YearClosure.objects.exists()


def test_a_closed_year_counts_as_complete_and_shows_its_reasons(
    client: Client,
) -> None:
    accept_one_fy2005_report()
    officer = make_user(User.Role.OFFICER, username="closing-officer")
    for programme in Programme.objects.all():
        missing = missing_regions(programme, 2005)
        reasons = {r.code: f"{r.name_ja}は辞退（テスト）" for r in missing}
        close_year(programme, 2005, reasons, officer)

    state = completeness(2005)
    assert state.is_complete and state.closed
    assert state.label == "確定（締め：36地域中1地域受理）"
    assert MissingReport.objects.count() == 35
    assert latest_complete_year() == 2005
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
        .filter(object_repr__endswith="2005年度 締め")
        .count()
        == 2
    )
    detail = client.get("/targets/6-2-4/", {"fiscal_year": 2005}).content.decode()
    assert "確定（締め：36地域中1地域受理）" in detail
    assert "は辞退（テスト）" in detail
