"""The targets in a real browser: cards, charts and the map on the dashboard.

Drives Debian's chromium through Playwright against live_server with the demo
data. Console errors fail the test: a Content-Security-Policy violation (an
inline script or style) shows up as one.
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
    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)


@pytest.fixture
def visit(chromium: Browser, live_server: Any) -> Iterator[Visit]:
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


def test_it_shows_target_cards_charts_and_the_map_then_a_prefecture(
    visit: Visit, tmp_path: Path
) -> None:
    visit.goto("/")
    page = visit.page

    cards = page.locator("article.target-card")
    expect(cards).to_have_count(8)
    patents = page.locator('article.target-card[data-target="6-2-4"]')
    expect(patents).to_contain_text("特許出願件数")
    expect(patents.locator("svg.line-chart")).to_have_count(2)
    expect(
        patents.locator("svg.line-chart polygon.forecast-band").first
    ).to_be_visible()
    expect(patents.locator(".badge.judgement").first).to_have_text(
        re.compile("達成見込み|概ね達成見込み|達成困難")
    )
    expect(page.locator("svg.japan-map path[data-code]")).to_have_count(47)
    expect(page.locator("svg.efficiency-chart")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    page.locator('svg.japan-map path[data-code="13"]').click()

    expect(page).to_have_url(re.compile(r"/regions/\?prefecture=13&fiscal_year=2004$"))
    expect(page.get_by_role("heading", name="地域一覧")).to_be_visible()
    expect(page.locator("table.region-table tbody tr")).not_to_have_count(0)
    assert visit.errors == []


def test_it_recolours_the_map_by_an_indicator_in_place(visit: Visit) -> None:
    visit.goto("/")
    page = visit.page
    page.evaluate("window.__chiikiMarker = 'still here'")

    page.select_option("select[name=indicator]", "patent_applications")

    expect(
        page.get_by_role("heading", name=re.compile("都道府県別の特許出願件数"))
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"indicator=patent_applications"))
    assert page.evaluate("window.__chiikiMarker") == "still here"
    expect(page.locator("svg.japan-map path.map-b3").first).to_be_visible()
    assert visit.errors == []


def test_it_opens_a_target_and_explains_its_forecast(visit: Visit) -> None:
    visit.goto("/targets/")
    page = visit.page

    page.locator('article.target-card[data-target="6-2-3"] h3 a').click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("6-2-3")
    expect(page.get_by_role("heading", name="予測の根拠")).to_be_visible()
    expect(page.locator("svg.line-chart line.goal-line")).to_have_count(1)
    expect(page.locator("table.series-table")).to_contain_text("2004")
    assert visit.errors == []
