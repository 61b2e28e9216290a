"""The 事業評価書 in a real browser: a figure's link to its rows, the PDF download.

Drives Debian's chromium through Playwright against live_server with the demo
data, as an officer (the live draft). Console errors fail the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from tests.browser.conftest import log_in, open_tab
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def page(chromium: Browser, live_server: Any) -> Iterator[tuple[Page, list[str]]]:
    make_user(User.Role.OFFICER, username="sheet-officer", password=PASSWORD)
    errors: list[str] = []
    tab = open_tab(chromium, errors, accept_downloads=True)
    log_in(tab, live_server.url, "sheet-officer", PASSWORD, "/sheets/2005/")
    yield tab, errors
    tab.context.close()


def test_it_follows_a_figure_to_its_rows_and_downloads_the_pdf(
    page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    tab, errors = page
    expect(tab).to_have_url(re.compile(r"/sheets/2005/$"))
    headings = tab.locator("h2.sheet-heading")
    expect(headings).to_have_count(12)
    expect(headings.first).to_have_text("事業名")
    expect(headings.last).to_have_text("備考")
    expect(tab.locator("svg.bar-chart")).to_be_visible()

    with tab.expect_download() as download_info:
        tab.locator('.sheet-downloads a[data-format="pdf"]').click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename.endswith(".pdf")
    assert target.read_bytes().startswith(b"%PDF")

    figure = tab.locator('a.figure[data-figure="researchers.KC.total"]').first
    expect(figure).to_have_text("1,500人")
    figure.click()
    expect(tab).to_have_url(re.compile(r"/sheets/sources/outcomes/\?kind=researchers"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("数値の根拠（年度別実績）")
    expect(tab.locator("table.source-totals")).to_contain_text("1500")
    expect(tab.locator("table.source-rows tbody tr")).to_have_count(30)
    assert errors == []
