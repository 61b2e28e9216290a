"""The evidence page in a real browser, reached by following links.

Each role opens the dashboard, follows 効果検証 in the navigation, sees the
estimate and the event-study chart, and changes the control group through
the form. Console errors (CSP violations included) fail the test. Screenshots
go to /tmp/h6/ (CHIIKI_SCREENSHOTS overrides).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from demo.users import DEMO_PASSWORD
from tests.browser.conftest import chromium, log_in, open_tab

__all__ = ["chromium"]  # the browser fixture, shared with tests/browser/

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]
expect.set_options(timeout=20_000)

SHOTS = Path(os.environ.get("CHIIKI_SCREENSHOTS", "/tmp/h6"))


@pytest.mark.parametrize("username", [None, "officer", "sapporo", "reviewer"])
def test_each_role_follows_the_link_to_the_estimate(
    chromium: Browser, live_server: Any, username: str | None
) -> None:
    errors: list[str] = []
    page = open_tab(chromium, errors, locale="ja-JP")
    if username:
        log_in(page, live_server.url, username, DEMO_PASSWORD, "/")
    else:
        page.goto(live_server.url + "/")
    page.get_by_role("navigation").get_by_role("link", name="効果検証").click()
    expect(page.get_by_role("heading", name="事業の効果検証")).to_be_visible()
    expect(page.locator("svg.event-chart circle")).to_have_count(10)
    expect(page.get_by_text("合成").first).to_be_visible()
    page.select_option("select[name=control]", "notyet")
    page.get_by_role("button", name="推定").click()
    expect(page).to_have_url(re.compile(r"control=notyet"))
    expect(page.locator("svg.event-chart")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "evidence_{}.png".format(username or "public")))
    assert errors == []
