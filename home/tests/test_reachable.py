"""Every role reaches its working pages by links from its home, none only by URL.

A small crawler with the Django test client: it starts at /home/ (the
public at /), follows same-site links (GET only, no downloads, no admin or
API) breadth-first to a bounded depth, and records the kinds of page found.
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.usefixtures("demo")

HREF = re.compile(r'href="(/[^"#?]*)(?:\?[^"#]*)?"')
SKIP = re.compile(
    r"^/(admin|api|static|i18n|accounts/logout)|\.(xlsx|zip|csv|pdf|md|png)$"
)
KINDS = {
    "report": re.compile(r"^/reports/[\w-]+/\d{4}/$"),
    "report_list": re.compile(r"^/reports/$"),
    "evaluation": re.compile(r"^/evaluations/\d+/$"),
    "evaluation_item": re.compile(r"^/evaluations/items/\d+/$"),
    "sheet": re.compile(r"^/sheets/\d{4}/$"),
}


def _crawl(client: Client, start: str, depth: int = 2, limit: int = 150) -> set[str]:
    """Paths reached from ``start`` within ``depth`` clicks (200 pages only)."""
    seen = {start}
    queue = deque([(start, 0)])
    reached: set[str] = set()
    while queue and len(reached) < limit:
        path, level = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        reached.add(path)
        if level == depth:
            continue
        for link in HREF.findall(response.content.decode()):
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append((link, level + 1))
    return reached


def _kinds(paths: set[str]) -> set[str]:
    return {kind for kind, pattern in KINDS.items() for p in paths if pattern.match(p)}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        # No 事業評価書 is published in the demo: only officers have one (the draft).
        ("sapporo", {"report", "report_list", "evaluation"}),
        ("officer", {"report", "report_list", "evaluation", "sheet"}),
        ("reviewer", {"evaluation", "evaluation_item"}),
    ],
)
def test_each_role_reaches_its_pages_from_its_home(
    username: str, expected: set[str]
) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))

    found = _kinds(_crawl(client, "/home/"))

    assert expected <= found, expected - found
