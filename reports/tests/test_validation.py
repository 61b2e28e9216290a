"""reports.validation and reports.cells: every rule, one row at a time."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lib.tables import Formula, match_header
from reports.choices import ReportStatus
from reports.models import PatentApplication
from reports.sheets import SHEETS_BY_KEY
from reports.tests.builders import corporate_number
from reports.validation import (
    Findings,
    SheetStats,
    SheetValidator,
    ValidationContext,
    check_header,
    check_totals,
    ledger,
)
from tests.factories import make_region, make_report

pytestmark = pytest.mark.django_db

FY = 2004


def _check(
    sheet: str, *records: dict[str, Any], region_id: int = 0, limit: int = 1000
) -> tuple[Findings, list[tuple[object, ...]], SheetStats]:
    findings = Findings(limit=limit)
    clean: list[tuple[object, ...]] = []
    validator = SheetValidator(
        SHEETS_BY_KEY[sheet], ValidationContext(region_id, FY), findings, clean.append
    )
    validator.run(iter(enumerate(records, start=2)))
    return findings, clean, validator.stats


def _patent(**overrides: Any) -> dict[str, Any]:
    row = {
        "application_number": "特願2004-1",
        "filed_on": "2004-06-01",
        "title": "発明",
        "applicants": "テスト大学",
        "foreign": "いいえ",
    }
    return {**row, **overrides}


def _codes(findings: Findings) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.code) for e in findings.errors]


def _warning_codes(findings: Findings) -> list[tuple[int | None, str | None, str]]:
    return [(w.row, w.column, w.code) for w in findings.warnings]


# --- cells -----------------------------------------------------------------------


def test_it_reads_what_people_type() -> None:
    findings, clean, _ = _check(
        "patent_applications",
        _patent(application_number="特願平16-０１２３４５", filed_on="平成16年4月1日"),
        _patent(application_number="特願２００４－２", filed_on="H16.4.2", foreign=""),
        _patent(application_number="pct/jp2004/012345", foreign="はい"),
        _patent(application_number="特願2004-4", filed_on=date(2004, 5, 1), foreign=1),
    )
    assert findings.errors == []
    assert clean == [
        ("特願2004-12345", date(2004, 4, 1), "発明", "テスト大学", False),
        ("特願2004-2", date(2004, 4, 2), "発明", "テスト大学", False),
        ("PCT/JP2004/012345", date(2004, 6, 1), "発明", "テスト大学", True),
        ("特願2004-4", date(2004, 5, 1), "発明", "テスト大学", True),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,234", 1234), ("１２３", 123), (" 7 ", 7), (12, 12), (3.0, 3)],
)
def test_it_reads_integers_with_separators_and_full_width_digits(
    raw: object, expected: int
) -> None:
    findings, clean, _ = _check("participants", {"sector": "産", "researchers": raw})
    assert findings.errors == []
    assert clean == [("industry", expected)]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("多数", "integer.invalid"),
        ("-1", "number.negative"),
        (1.5, "integer.invalid"),
        ("12,34", "integer.invalid"),
        ("3000000000", "number.too_large"),
        ("", "value.required"),
        (Formula("=SUM(A1:A3)"), "cell.formula"),
    ],
)
def test_it_rejects_bad_integers(raw: object, code: str) -> None:
    findings, clean, _ = _check("participants", {"sector": "学", "researchers": raw})
    assert _codes(findings) == [(2, "researchers", code)]
    assert clean == []
    assert findings.errors[0].message_ja and findings.errors[0].message_en


@pytest.mark.parametrize("raw", ["商品化", "product", "PRODUCT", " 商品化 "])
def test_it_accepts_an_enumeration_by_label_or_key(raw: str) -> None:
    findings, clean, _ = _check(
        "commercializations",
        {"kind": raw, "name": "製品", "date": "2004-10-01"},
    )
    assert findings.errors == []
    assert clean[0][0] == "product"


def test_it_lists_allowed_values_for_a_bad_enumeration() -> None:
    findings, _, _ = _check("funds", {"source": "寄付", "amount_yen": "1"})
    assert _codes(findings) == [(2, "source", "enum.invalid")]
    assert "国の補助金" in findings.errors[0].message_ja


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5億円", 500_000_000), ("500百万円", 500_000_000), ("1,000", 1000), (7, 7)],
)
def test_it_reads_amounts_in_yen(raw: object, expected: int) -> None:
    findings, clean, _ = _check("funds", {"source": "subsidy", "amount_yen": raw})
    assert findings.errors == []
    assert clean == [("subsidy", expected)]


def test_it_checks_corporate_numbers() -> None:
    good = corporate_number(42)
    typed = f"{good[0]}-{good[1:5]}-{good[5:9]}-{good[9:]}"
    bad = ("1" if good[0] != "1" else "2") + good[1:]
    findings, clean, _ = _check(
        "companies",
        {"name": "A社", "corporate_number": typed},
        {"name": "B社", "corporate_number": bad},
        {"name": "C社", "corporate_number": "123"},
        {"name": "D社"},
    )
    assert _codes(findings) == [
        (3, "corporate_number", "corporate_number.check_digit"),
        (4, "corporate_number", "corporate_number.length"),
    ]
    assert clean == [("A社", good), ("D社", "")]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"application_number": "特開2004-123"}, "patent_application_number.invalid"),
        ({"application_number": "PCT/JP2004/012345"}, "patent.not_domestic"),
        ({"title": "x" * 301}, "text.too_long"),
        ({"title": "発明\x00"}, "text.control_character"),
        ({"applicants": "  "}, "value.required"),
        ({"foreign": "たぶん"}, "bool.invalid"),
        ({"filed_on": "2004-13-45"}, "date.nonexistent"),
        ({"filed_on": "来年の春"}, "date.invalid"),
        ({"filed_on": "平成31年5月1日"}, "date.not_in_era"),
        ({"filed_on": 38078}, "date.invalid"),
    ],
)
def test_it_rejects_bad_patent_rows(overrides: dict[str, Any], code: str) -> None:
    findings, clean, _ = _check("patent_applications", _patent(**overrides))
    assert [e.code for e in findings.errors] == [code]
    assert findings.errors[0].row == 2
    assert clean == []


def test_it_warns_when_the_number_year_differs_from_the_filing_date() -> None:
    findings, clean, _ = _check("patent_applications", _patent(filed_on="2005-01-10"))
    assert findings.errors == []
    assert _warning_codes(findings) == [
        (2, "application_number", "patent.year_mismatch")
    ]
    assert len(clean) == 1


def test_it_reports_unlabelled_values() -> None:
    findings, _, _ = _check(
        "patent_applications", {**_patent(), "__unlabelled__": [(7, "メモ")]}
    )
    assert _codes(findings) == [(2, "#7", "column.unlabelled")]


# --- the fiscal year --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "record", "column"),
    [
        ("patent_applications", _patent(filed_on="2005-04-01"), "filed_on"),
        (
            "commercializations",
            {"kind": "起業", "name": "X", "date": "2004-03-31"},
            "date",
        ),
        (
            "activities",
            {"kind": "forum", "title": "X", "held_on": "H17.4.1"},
            "held_on",
        ),
    ],
)
def test_it_rejects_dates_outside_the_fiscal_year(
    sheet: str, record: dict[str, Any], column: str
) -> None:
    findings, clean, _ = _check(sheet, record)
    assert _codes(findings) == [(2, column, "date.outside_fiscal_year")]
    assert "2004年度" in findings.errors[0].message_ja
    assert clean == []


def _research(**overrides: Any) -> dict[str, Any]:
    return {"title": "研究", "started_on": "2004-04-01", **overrides}


def test_it_lets_joint_research_start_before_the_year_with_a_warning() -> None:
    findings, clean, _ = _check("joint_research", _research(started_on="2002-10-01"))
    assert findings.errors == []
    assert _warning_codes(findings) == [(2, "started_on", "date.continuing")]
    assert clean == [("研究", "", False, date(2002, 10, 1), None, 0)]


@pytest.mark.parametrize(
    ("overrides", "column", "code"),
    [
        ({"started_on": "2005-04-01"}, "started_on", "date.after_fiscal_year"),
        (
            {"started_on": "2002-04-01", "ended_on": "2004-03-31"},
            "ended_on",
            "date.before_fiscal_year",
        ),
        (
            {"started_on": "2004-06-01", "ended_on": "2004-05-01"},
            "ended_on",
            "date.end_before_start",
        ),
    ],
)
def test_it_rejects_joint_research_outside_the_year(
    overrides: dict[str, Any], column: str, code: str
) -> None:
    findings, _, _ = _check("joint_research", _research(**overrides))
    assert (2, column, code) in _codes(findings)


# --- duplicates -----------------------------------------------------------------------


def test_it_rejects_a_patent_counted_twice_in_the_file() -> None:
    findings, clean, _ = _check(
        "patent_applications",
        _patent(),
        _patent(application_number="特願2004-2"),
        _patent(application_number="特願平16-000001"),
    )
    assert _codes(findings) == [(4, "application_number", "duplicate.in_file")]
    assert "2行目" in findings.errors[0].message_ja
    assert len(clean) == 2


def test_it_compares_company_names_as_people_read_them() -> None:
    findings, _, _ = _check(
        "companies",
        {"name": "ＡＢＣ工業 株式会社"},
        {"name": "abc工業株式会社"},
        {"name": "ABC工業株式会社", "corporate_number": corporate_number(1)},
    )
    assert _codes(findings) == [(3, "name", "duplicate.in_file")]


def test_it_rejects_a_sector_given_twice() -> None:
    findings, _, _ = _check(
        "participants",
        {"sector": "産", "researchers": "1"},
        {"sector": "industry", "researchers": "2"},
    )
    assert _codes(findings) == [(3, "sector", "duplicate.in_file")]


def test_it_only_warns_about_two_equal_fund_rows() -> None:
    findings, clean, _ = _check(
        "funds",
        {"source": "company", "amount_yen": "100"},
        {"source": "企業負担", "amount_yen": "100"},
    )
    assert findings.errors == []
    assert _warning_codes(findings) == [(3, "source", "duplicate.in_file")]
    assert len(clean) == 2


def test_it_keeps_the_first_errors_and_counts_the_rest() -> None:
    rows = [{"sector": "産", "researchers": "x"} for _ in range(20)]
    findings, _, _ = _check("participants", *rows, limit=5)
    assert findings.error_count == 20
    assert len(findings.errors) == 5


# --- earlier accepted reports -------------------------------------------------------


def _accepted_patent(region: Any, fy: int, number: str) -> None:
    report = make_report(region=region, fiscal_year=fy, status=ReportStatus.ACCEPTED)
    report.accepted_version = report.current_version
    report.save(update_fields=["accepted_version"])
    PatentApplication.objects.create(
        version=report.current_version,
        application_number=number,
        filed_on=date(fy, 6, 1),
        title="既出",
        applicants="A",
    )


@pytest.mark.parametrize("preload", [True, False])
def test_it_rejects_a_patent_already_counted_in_an_accepted_year(
    monkeypatch: pytest.MonkeyPatch, preload: bool
) -> None:
    if not preload:
        monkeypatch.setattr(ledger, "_PRELOAD_LIMIT", -1)
    region, other = make_region(start_fy=2002), make_region(start_fy=2002)
    _accepted_patent(region, 2003, "特願2004-1")
    _accepted_patent(other, 2004, "特願2004-2")
    make_report(region=region, fiscal_year=2002)  # a draft: not counted
    findings, _, _ = _check(
        "patent_applications",
        _patent(),
        _patent(application_number="特願2004-2"),
        _patent(application_number="特願2004-3"),
        region_id=region.pk,
    )
    assert _codes(findings) == [(2, "application_number", "duplicate.accepted_year")]
    assert "2003年度" in findings.errors[0].message_ja
    assert _warning_codes(findings) == [
        (3, "application_number", "duplicate.other_region")
    ]
    assert other.code in findings.warnings[0].message_ja


# --- headers and totals ------------------------------------------------------------


def test_it_reports_missing_unknown_and_repeated_columns() -> None:
    sheet = SHEETS_BY_KEY["companies"]
    header = match_header(["企業名", "name", "備考"], sheet.header_aliases(), ["name"])
    findings = Findings()
    assert check_header(sheet, header, findings) is False
    assert _codes(findings) == [
        (1, "備考", "column.unknown"),
        (1, "name", "column.duplicated"),
    ]
    header = match_header(["法人番号"], sheet.header_aliases(), sheet.required_keys)
    check_header(sheet, header, findings)
    assert (1, "name", "column.missing") in _codes(findings)


def _stats(**sheets: SheetStats) -> dict[str, SheetStats]:
    stats = {key: SheetStats() for key in SHEETS_BY_KEY}
    stats.update(sheets)
    return stats


def test_it_requires_industry_researchers_when_companies_take_part() -> None:
    findings = Findings()
    participants = SheetStats(rows=1, researchers={"academia": (10, 2)})
    check_totals(
        _stats(companies=SheetStats(rows=3), participants=participants), findings
    )
    assert _codes(findings) == [(None, "researchers", "totals.industry_researchers")]


def test_it_rejects_more_industry_partners_than_companies() -> None:
    findings = Findings()
    research = SheetStats(rows=2, max_partners=4, max_partners_row=3)
    participants = SheetStats(rows=1, researchers={"industry": (5, 2)})
    check_totals(
        _stats(
            companies=SheetStats(rows=3),
            joint_research=research,
            participants=participants,
        ),
        findings,
    )
    assert _codes(findings) == [(3, "industry_partners", "totals.industry_partners")]


def test_it_warns_about_joint_research_without_researchers() -> None:
    findings = Findings()
    check_totals(_stats(joint_research=SheetStats(rows=1)), findings)
    assert findings.errors == []
    assert _warning_codes(findings) == [(None, "researchers", "totals.no_researchers")]


def test_it_skips_totals_when_a_sheet_could_not_be_read() -> None:
    findings = Findings()
    stats = _stats(companies=SheetStats(rows=3))
    stats["participants"].readable = False
    check_totals(stats, findings)
    assert findings.errors == []
