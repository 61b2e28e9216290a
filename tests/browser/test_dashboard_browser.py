"""What a visitor sees in a real browser: dashboard → region list → a region.

Drives Debian's chromium through Playwright against pytest-django's
live_server with the demo data. Console errors fail the test: a Content-
Security-Policy violation (an inline script or style) shows up as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]


@dataclass
class Visit:
    """A browser tab and the console errors it has collected."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)


@pytest.fixture
def visit(chromium: Browser, live_server: Any) -> Iterator[Visit]:
    """A fresh Japanese-locale tab (LocaleMiddleware reads Accept-Language)."""
    context = chromium.new_context(
        locale="ja-JP", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    tab = Visit(page=page, base_url=live_server.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def test_it_shows_the_fy2004_programme_on_the_dashboard(
    visit: Visit, tmp_path: Path
) -> None:
    visit.goto("/")
    page = visit.page

    expect(page.get_by_role("heading", name="知的クラスター創成事業")).to_be_visible()
    expect(
        page.get_by_role("heading", name="都市エリア産学官連携促進事業")
    ).to_be_visible()
    expect(page.locator('[data-programme="KC"] .num')).to_have_text("18")
    expect(page.locator('[data-programme="CA"] .num')).to_have_text("37")
    expect(page.locator("#fiscal_year, select[name=fiscal_year]")).to_have_value("2004")
    expect(page.locator("svg.japan-map")).to_be_visible()
    expect(page.locator("svg.japan-map path[data-code]")).to_have_count(47)
    expect(page.locator("svg.bar-chart")).to_be_visible()
    expect(page.get_by_text("12,400百万円")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    assert visit.errors == []


def test_it_changes_the_fiscal_year_in_place(visit: Visit) -> None:
    visit.goto("/")
    page = visit.page

    page.select_option("select[name=fiscal_year]", "2002")

    expect(page.locator('[data-programme="KC"] .num')).to_have_text("12")
    expect(page.locator('[data-programme="CA"] .num')).to_have_text("19")
    expect(page).to_have_url(re.compile(r"\?fiscal_year=2002$"))
    assert visit.errors == []


def test_it_walks_from_the_map_to_the_region_list(visit: Visit) -> None:
    visit.goto("/")
    page = visit.page

    page.locator('svg.japan-map path[data-code="01"]').click()

    expect(page).to_have_url(re.compile(r"/regions/\?prefecture=01&fiscal_year=2004$"))
    expect(page.get_by_role("heading", name="地域一覧")).to_be_visible()
    expect(page.locator("table.region-table")).to_contain_text("札幌")
    assert visit.errors == []


def test_it_filters_the_list_with_htmx_and_opens_a_region(visit: Visit) -> None:
    visit.goto("/")
    page = visit.page
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="地域一覧"
    ).click()
    expect(page.get_by_role("heading", name="地域一覧")).to_be_visible()
    # A marker on window survives an htmx swap but not a full page load.
    page.evaluate("window.__chiikiMarker = 'still here'")

    page.get_by_label("キーワード").fill("札幌")
    page.get_by_role("button", name="絞り込む").click()

    expect(page.locator(".result-count")).to_have_text(re.compile(r"^\s*1 件\s*$"))
    expect(page).to_have_url(re.compile(r"q=%E6%9C%AD%E5%B9%8C"))
    assert page.evaluate("window.__chiikiMarker") == "still here"

    page.locator("table.region-table").get_by_role("link", name="札幌").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("札幌")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("知的クラスター創成事業")
    expect(facts).to_contain_text("2002年度（平成14年度）")
    expect(facts).to_contain_text("北海道")
    expect(page.get_by_role("heading", name="年度別の実績")).to_be_visible()
    assert visit.errors == []


def test_it_sorts_and_pages_the_list_without_errors(visit: Visit) -> None:
    visit.goto("/regions/")
    page = visit.page

    page.locator("table.region-table thead").get_by_role(
        "link", name="開始年度"
    ).click()
    expect(page).to_have_url(re.compile(r"sort=-?start_fy"))
    page.locator("nav.pagination").get_by_role("link", name="2", exact=True).click()

    expect(page.locator("nav.pagination .current")).to_have_text("2")
    expect(page.locator("table.region-table tbody tr")).not_to_have_count(0)
    assert visit.errors == []
