"""Save a full-page screenshot of a running Chiiki page (for the README).

It starts nothing itself: run the server first (`make run`), then

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000/ \
        --output docs/screenshot-dashboard.png

It drives Debian's chromium through Playwright; it never downloads a browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def take_screenshot(
    url: str, output: Path, *, width: int = 1280, locale: str = "ja-JP"
) -> None:
    """Load ``url`` with a Japanese browser locale and write a full-page PNG."""
    output.parent.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=str(output), full_page=True)
        browser.close()
    finally:
        playwright.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="page to capture, e.g. http://127.0.0.1:8000/")
    parser.add_argument(
        "--output", type=Path, default=Path("docs/screenshot-dashboard.png")
    )
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--locale", default="ja-JP")
    args = parser.parse_args(argv)
    take_screenshot(args.url, args.output, width=args.width, locale=args.locale)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
