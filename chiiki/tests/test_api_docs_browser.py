"""`/api/v1/docs` in a real browser: Swagger UI renders every operation.

The document once held duplicate response codes and Swagger UI showed only
"Parser error … duplicated mapping key". Debian's chromium through
Playwright; any console or page error fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import chromium, open_tab

__all__ = ["chromium"]  # the shared fixture, used here by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_every_operation(
    chromium: Browser, live_server: Any
) -> None:
    errors: list[str] = []
    page = open_tab(chromium, errors)
    try:
        page.goto(f"{live_server.url}/api/v1/docs")
        operations = page.locator(".opblock")
        expect(operations.first).to_be_visible(timeout=30_000)
        spec = page.request.get(f"{live_server.url}/api/v1/openapi.json").json()
        expected = sum(len(ops) for ops in spec["paths"].values())
        expect(operations).to_have_count(expected)
        body = page.inner_text("body")
        assert "Parser error" not in body
        assert "duplicated mapping key" not in body
        # Open one operation: its responses (one row per code) render too.
        page.locator(".opblock-summary", has_text="/api/v1/regions").first.click()
        expect(page.locator(".responses-table .response").first).to_be_visible()
        codes = page.locator(".responses-table .response-col_status").all_inner_texts()
        assert len(codes) == len(set(codes)), codes
    finally:
        page.context.close()
    assert errors == []
