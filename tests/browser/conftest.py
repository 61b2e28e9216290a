"""What every browser test shares: Debian's chromium, launched once per module,
and logging in through the real login form while collecting console errors
(a Content-Security-Policy violation shows up there)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

#: Flags for a headless chromium in a container without a GPU or network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless chromium for the whole module: starting it takes seconds."""
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


def open_tab(browser: Browser, errors: list[str], **context: Any) -> Page:
    """A Japanese-locale tab whose console errors and page errors go to ``errors``."""
    options = {"locale": "ja-JP", "viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(**(options | context)).new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def log_in(page: Page, base_url: str, username: str, password: str, path: str) -> None:
    """Log in through the login form and land on ``path``."""
    page.goto(f"{base_url}/accounts/login/?next={path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
