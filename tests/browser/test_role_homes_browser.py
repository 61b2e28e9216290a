"""The yearly cycle as each role lives it, followed by links from each home.

Region staff log in, land on their home, open the overdue FY2005 report,
upload, submit after confirming; the officer's inbox shows it waiting, the
officer returns it with a reason (confirmed); the region reads the reason at
the top, replies and resubmits; the officer reads the cell-level diff and
accepts. The reviewer lands on their score sheets. Screenshots of every home
go to /tmp/h8/ (CHIIKI_SCREENSHOTS overrides) for people to look at; console
errors (CSP violations included) fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.users import DEMO_PASSWORD
from reports.choices import ReportStatus
from reports.models import AnnualReport, StatusChange
from reports.tests.builders import valid_rows, write_xlsx
from tests.browser.conftest import open_tab

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]

# A whole year in one test on a shared, busy machine: be patient with each step.
expect.set_options(timeout=20_000)

SHOTS = Path(os.environ.get("CHIIKI_SCREENSHOTS", "/tmp/h8"))
REPORT = "札幌 2005年度 年次報告"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in(browser: Browser, base_url: str, username: str, errors: list[str]) -> Page:
    """Log in from the site's own link, as a person would; land on the home."""
    page = open_tab(browser, errors)
    page.set_default_navigation_timeout(120_000)
    page.set_default_timeout(60_000)
    page.goto(base_url + "/")
    page.get_by_role("link", name="ログイン").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{base_url}/home/")
    return page


def _confirm(page: Page, button: str, consequence: str) -> None:
    """The dialog states the consequence; only its own button goes ahead."""
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(consequence)
    dialog.get_by_role("button", name=button, exact=True).click()


def test_a_year_through_the_homes(
    chromium: Browser, live_server: Any, tmp_path: Path
) -> None:
    errors: list[str] = []
    base = live_server.url
    first = valid_rows(2, fy=2005)
    first["participants"][1][1] = "95"
    fixed = valid_rows(2, fy=2005)
    fixed["participants"][1][1] = "140"
    first_file = write_xlsx(tmp_path / "first.xlsx", first)
    fixed_file = write_xlsx(tmp_path / "fixed.xlsx", fixed)

    # Region: home → the overdue FY2005 draft → upload → submit (after confirming).
    page = _log_in(chromium, base, "sapporo", errors)
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()
    row = page.locator('tr[data-report="kc-sapporo-2005"]')
    expect(row).to_contain_text("期限超過")
    expect(row).to_contain_text("内容を確かめて提出する")
    expect(page.locator(".site-nav")).to_contain_text("年次報告")
    _shot(page, "home-region")
    row.get_by_role("link", name="2005年度").click()
    expect(page.get_by_role("heading", name=REPORT)).to_be_visible()
    page.set_input_files("input[name=file]", str(first_file))
    page.get_by_role("button", name="アップロード").click()
    expect(page.get_by_text("取り込みました")).to_be_visible()
    page.locator("main").get_by_role("button", name="提出する").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_contain_text("担当官が受理するか差し戻すまで")
    _shot(page, "confirm-submit")
    dialog.get_by_role("button", name="やめる").click()
    expect(dialog).to_be_hidden()
    assert _status() == ReportStatus.DRAFT
    page.locator("main").get_by_role("button", name="提出する").click()
    _confirm(page, "提出する", "文部科学省に提出します")
    expect(page.get_by_text("提出しました。")).to_be_visible()
    page.context.close()

    # Officer: inbox → the waiting report → return with a reason.
    page = _log_in(chromium, base, "officer", errors)
    expect(page.locator('[data-count="waiting"]')).to_have_text("1")
    _shot(page, "home-officer")
    page.locator("table.inbox-waiting").get_by_role("link", name=REPORT).click()
    page.fill("textarea[name=comment]", "学の研究者数（95人）を確認してください。")
    page.get_by_role("button", name="差し戻す").click()
    _confirm(page, "差し戻す", "地域に差し戻します")
    expect(page.get_by_text("差し戻しました。", exact=True)).to_be_visible()
    expect(page.locator(".return-notice")).to_contain_text("学の研究者数（95人）")
    expect(page.get_by_role("button", name="提出する")).to_have_count(0)
    expect(page.locator("input[name=file]")).to_have_count(0)
    page.context.close()

    # Region: the reason on the home and at the top; fix, reply, resubmit.
    page = _log_in(chromium, base, "sapporo", errors)
    row = page.locator('tr[data-report="kc-sapporo-2005"]')
    expect(row).to_contain_text("学の研究者数（95人）を確認してください。")
    row.get_by_role("link", name="直して再提出する").click()
    expect(page.locator(".return-notice")).to_contain_text("学の研究者数（95人）")
    _shot(page, "report-returned-region")
    page.set_input_files("input[name=file]", str(fixed_file))
    page.get_by_role("button", name="アップロード").click()
    expect(page.get_by_text("取り込みました")).to_be_visible()
    page.fill("textarea[name=comment]", "学を140人に直しました。")
    page.locator("main").get_by_role("button", name="再提出する").click()
    _confirm(page, "提出する", "文部科学省に提出します")
    expect(page.get_by_text("提出しました。")).to_be_visible()
    page.context.close()

    # Officer: the diff cell by cell, then accept.
    page = _log_in(chromium, base, "officer", errors)
    page.locator("table.inbox-waiting").get_by_role("link", name=REPORT).click()
    page.get_by_role("link", name="前の版からの変更を見る").click()
    cells = page.locator("table.diff-cells")
    expect(cells).to_contain_text("研究者数")
    expect(cells.locator("del")).to_contain_text(["95"])
    expect(cells.locator("ins")).to_contain_text(["140"])
    _shot(page, "report-diff")
    page.get_by_role("link", name=REPORT).click()
    page.get_by_role("button", name="受理する").click()
    _confirm(page, "受理する", "この操作は取り消せません")
    expect(page.get_by_text("受理しました。")).to_be_visible()
    page.context.close()

    report = AnnualReport.objects.get(region__code="kc-sapporo", fiscal_year=2005)
    assert report.status == ReportStatus.ACCEPTED
    assert StatusChange.objects.filter(
        report=report, comment="学を140人に直しました。"
    ).exists()
    assert errors == []


def test_the_reviewer_lands_on_their_items_and_the_public_on_the_dashboard(
    chromium: Browser, live_server: Any
) -> None:
    errors: list[str] = []
    page = _log_in(chromium, live_server.url, "reviewer", errors)
    expect(page.get_by_role("heading", name="ホーム", exact=True)).to_be_visible()
    expect(page.locator(".reviewer-evaluation").first).to_contain_text("件採点済み")
    _shot(page, "home-reviewer")
    page.context.close()

    page = open_tab(chromium, errors)
    page.goto(live_server.url + "/")
    expect(page.locator(".site-nav")).not_to_contain_text("年次報告")
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", name="ページが見つかりません")).to_be_visible()
    _shot(page, "error-404")
    page.context.close()
    assert [e for e in errors if "404" not in e] == []


def _status() -> str:
    report = AnnualReport.objects.get(region__code="kc-sapporo", fiscal_year=2005)
    return report.status
