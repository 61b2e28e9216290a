"""`manage.py kpi` on the demo data: every target against an independent count.

The independent counts read the accepted report rows (the sheets) and the
registry in Python, never YearlyOutcome, so they check the aggregates and the
metric engine together.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from geo.models import DesignatedCity, Prefecture
from programmes.models import Programme, Region
from reports.models import (
    Activity,
    AnnualReport,
    Commercialization,
    JointResearch,
    ParticipatingCompany,
    PatentApplication,
)
from targets.completeness import close_year, missing_regions
from targets.models import Target
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

FY = 2004


def kpi(*args: str) -> str:
    out = io.StringIO()
    call_command("kpi", *args, stdout=out)
    return out.getvalue()


def kpi_json(fiscal_year: int = FY) -> dict[str, dict[str, Any]]:
    rows = json.loads(kpi("--fiscal-year", str(fiscal_year), "--format", "json"))
    return {row["id"]: row for row in rows}


def accepted_rows(model: type[Any], first: int, last: int) -> Counter[int]:
    """Rows of the accepted versions per FY, counted in Python."""
    accepted = {
        report.accepted_version_id: report.fiscal_year
        for report in AnnualReport.objects.exclude(accepted_version=None)
        if first <= report.fiscal_year <= last
    }
    return Counter(
        accepted[row.version_id]
        for row in model.objects.all()
        if row.version_id in accepted
    )


def metric(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(m for m in result["metrics"] if m["metric"] == key)


def test_it_lists_all_eight_targets_as_json() -> None:
    results = kpi_json()

    assert list(results) == [t.code for t in Target.objects.order_by("order")]
    assert len(results) == 8
    for result in results.values():
        assert result["fiscal_year"] == FY
        assert result["deadline"] == 2006
        for key in ("value", "goal", "unit", "progress", "forecast", "interval"):
            assert key in result
        assert result["judgement"] in {"達成見込み", "概ね達成見込み", "達成困難"}
        assert [p["fiscal_year"] for p in result["series"]][-1] == FY


def test_it_counts_patents_and_commercialisations_of_6_2_4_exactly() -> None:
    result = kpi_json()["6-2-4"]

    patents = accepted_rows(PatentApplication, 2002, 2004)
    assert result["value"] == sum(patents.values())
    assert metric(result, "patent-applications")["value"] == sum(patents.values())
    assert metric(result, "patent-applications")["series"] == [
        {"fiscal_year": 2002, "value": patents[2002], "provisional": False},
        {
            "fiscal_year": 2003,
            "value": patents[2002] + patents[2003],
            "provisional": False,
        },
        {"fiscal_year": 2004, "value": sum(patents.values()), "provisional": False},
    ]
    commercial = accepted_rows(Commercialization, 2002, 2004)
    assert metric(result, "commercializations")["value"] == sum(commercial.values())


def test_it_counts_the_registry_targets_independently() -> None:
    results = kpi_json()
    regions = list(
        Region.objects.select_related("programme").prefetch_related("prefectures")
    )
    active = [r for r in regions if r.is_active_in(FY)]

    assert results["6-2-1"]["value"] == sum(r.programme.code == "KC" for r in active)
    covered = {p.code for r in active for p in r.prefectures.all()}
    assert results["6-2-2"]["value"] == pytest.approx(100 * len(covered) / 47, abs=0.01)
    safety = [
        r for r in regions
        if r.programme.code == "CA" and r.safety_security and r.start_fy <= FY
    ]  # fmt: skip
    assert results["4-9-追加"]["value"] == len(safety)


def test_it_counts_policy_outlines_of_prefectures_and_cities() -> None:
    result = kpi_json()["6-2-7"]

    prefectures = [p.st_policy_outline_fy for p in Prefecture.objects.all()]
    cities = [
        c.st_policy_outline_fy
        for c in DesignatedCity.objects.all()
        if c.designated_on < date(FY + 1, 4, 1)  # designated by the FY's end
    ]
    adopted = sum(fy is not None and fy <= FY for fy in prefectures + cities)
    assert result["value"] == pytest.approx(
        100 * adopted / (len(prefectures) + len(cities)), abs=0.01
    )


def test_it_measures_growth_increase_and_every_year_independently() -> None:
    results = kpi_json()
    joint = accepted_rows(JointResearch, 2002, 2004)
    companies = accepted_rows(ParticipatingCompany, 2002, 2004)

    assert results["6-2-3"]["value"] == pytest.approx(
        100 * (joint[2004] - joint[2002]) / joint[2002], abs=0.01
    )
    assert results["6-2-6"]["value"] == companies[2004] - companies[2003]
    assert results["6-2-5"]["series"] == [
        {
            "fiscal_year": fy,
            "value": pytest.approx(_presentation_share(fy), abs=0.01),
            "provisional": False,
        }
        for fy in (2002, 2003, 2004)
    ]


def _presentation_share(fiscal_year: int) -> float:
    """KC regions active in the FY that held a joint presentation, in %."""
    kc = [
        r
        for r in Region.objects.filter(programme__code="KC")
        if r.is_active_in(fiscal_year)
    ]
    held = {
        row.version.report.region_id
        for row in Activity.objects.select_related("version__report")
        if row.kind == "joint_presentation"
        and row.version.report.fiscal_year == fiscal_year
        and row.version.report.accepted_version_id == row.version_id
    }
    return 100 * sum(r.pk in held for r in kc) / len(kc)


def test_it_prints_a_table_by_default_for_the_latest_reported_year() -> None:
    table = kpi()

    assert "2004年度時点" in table
    assert "6-2-4" in table and "4-9-追加" in table
    assert "特許出願件数" in table
    assert "達成見込み" in table


def test_it_forecasts_instead_of_judging_while_the_deadline_year_is_incomplete() -> (
    None
):
    # The demo has no accepted FY2005 or FY2006 report: the FY2006 deadline
    # cannot be judged yet, only forecast from the complete years.
    results = kpi_json(2007)

    prospects = {"達成見込み", "概ね達成見込み", "達成困難", "データ不足"}
    reported = [r for r in results.values() if r["completeness"] is not None]
    assert reported
    for result in reported:
        assert result["completeness"]["provisional"] is True
        assert result["completeness"]["label"].startswith("暫定（")
        assert {m["judgement"] for m in result["metrics"]} <= prospects
        assert result["value_fiscal_year"] in (2004, None)
        assert result["deadline_value"] is None


def close_years(*years: int) -> None:
    """締め: every report still missing gets a reason (the demo has none)."""
    officer = make_user(User.Role.OFFICER, username="closing-officer")
    for programme in Programme.objects.all():
        for year in years:
            missing = missing_regions(programme, year)
            reasons = {r.code: "テスト用の締め（報告なし）" for r in missing}
            close_year(programme, year, reasons, officer)


def test_it_judges_achievement_after_the_deadline_once_the_years_are_closed() -> None:
    close_years(2005, 2006, 2007)
    results = kpi_json(2007)

    words = {
        "想定した以上に達成",
        "想定どおり達成",
        "一定の成果が上がっているが、一部については想定どおり達成できなかった",
        "想定どおりには達成できなかった",
    }
    assert {r["judgement"] for r in results.values()} <= words
    assert all(r["forecast"] is None for r in results.values())
    assert results["6-2-4"]["deadline_value"] == results["6-2-4"]["value"]


def test_it_narrows_to_a_programme() -> None:
    out = kpi("--fiscal-year", "2004", "--format", "json", "--programme", "CA")
    results = {row["id"]: row for row in json.loads(out)}

    assert results["6-2-1"]["value"] == 0  # a KC metric, narrowed to CA
    patents = PatentApplication.objects.filter(
        version__report__region__programme__code="CA",
        version__report__accepted_version__isnull=False,
    )
    assert results["6-2-4"]["value"] == sum(
        1 for p in patents.select_related("version__report")
        if p.version.report.accepted_version_id == p.version_id
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fiscal-year", "abc"], "abc"),
        (["--programme", "XX"], "XX"),
    ],
)
def test_it_refuses_bad_arguments_with_exit_status_2(
    args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as error:
        kpi(*args)

    assert error.value.returncode == 2
