"""A region uploads its FY2005 report, fixes its errors and submits; the office accepts.

Drives Debian's chromium through Playwright against live_server with the demo
data; console errors (CSP violations included) fail the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from demo.users import DEMO_PASSWORD
from reports.choices import ReportStatus
from reports.models import AnnualReport
from reports.tests.builders import valid_rows, write_xlsx
from tests.browser.conftest import log_in, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]

REPORT_PATH = "/reports/kc-sapporo/2005/"


def _log_in(browser: Browser, base_url: str, username: str, errors: list[str]) -> Page:
    page = open_tab(browser, errors)
    log_in(page, base_url, username, DEMO_PASSWORD, REPORT_PATH)
    expect(page.get_by_role("heading", name="札幌 2005年度 年次報告")).to_be_visible()
    return page


def test_it_uploads_fixes_submits_and_accepts(
    chromium: Browser, live_server: Any, tmp_path: Path
) -> None:
    errors: list[str] = []
    rows = valid_rows(3, fy=2005)
    good = write_xlsx(tmp_path / "good.xlsx", rows)
    rows["patent_applications"][0][1] = "いつか"
    bad = write_xlsx(tmp_path / "bad.xlsx", rows)

    page = _log_in(chromium, live_server.url, "sapporo", errors)
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="アップロード").click()
    table = page.locator("table.error-table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("理由")
    expect(table.locator("tbody tr").first).to_contain_text("いつか")

    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="アップロード").click()
    expect(page.get_by_text("取り込みました")).to_be_visible()
    expect(page.locator('tr[data-sheet="patent_applications"] .num')).to_have_text("3")
    page.locator("main").get_by_role("button", name="提出する").click()
    page.locator("#confirm-dialog").get_by_role("button", name="提出する").click()
    expect(page.get_by_text("提出しました。")).to_be_visible()
    page.context.close()

    page = _log_in(chromium, live_server.url, "officer", errors)
    page.locator("main").get_by_role("button", name="受理する").click()
    page.locator("#confirm-dialog").get_by_role("button", name="受理する").click()
    expect(page.get_by_text("受理しました。")).to_be_visible()
    page.context.close()

    report = AnnualReport.objects.get(region__code="kc-sapporo", fiscal_year=2005)
    assert report.status == ReportStatus.ACCEPTED
    assert errors == []


def test_a_background_import_shows_its_progress_then_its_counts(
    chromium: Browser, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    """A large upload (here: any, by the threshold setting) goes to the worker;
    the page polls its progress (htmx, every second) and then shows the counts."""
    settings.REPORT_IMPORT_BACKGROUND_BYTES = 0
    settings.VAR_DIR = tmp_path / "var"
    errors: list[str] = []
    good = write_xlsx(tmp_path / "good.xlsx", valid_rows(4, fy=2005))

    page = _log_in(chromium, live_server.url, "sapporo", errors)
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="アップロード").click()
    expect(page.get_by_text("順番を待っています…")).to_be_visible()

    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)

    done = page.locator("#import-job")
    expect(done).to_contain_text("取り込みました（第", timeout=10_000)
    expect(done.locator("tbody")).to_contain_text("特許出願")
    page.get_by_role("link", name="報告を表示する").click()
    expect(page.locator('tr[data-sheet="patent_applications"] .num')).to_have_text("4")
    page.context.close()
    assert errors == []
