"""The Content-Security-Policy is sent, and no template needs an exception to it.

The policy (chiiki/settings.py) allows scripts and styles only from our own
static files; inline <script>, style="" and on*="" handlers would be blocked
by the browser, so they must not exist in our templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
INLINE_CODE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline <style>": re.compile(r"<style[\s>]", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->",
    re.DOTALL,
)


def _code(path: Path) -> str:
    """The template without comments (which may mention what they avoid)."""
    return COMMENTS.sub("", path.read_text(encoding="utf-8"))


def _templates() -> list[Path]:
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for d in dirs if d.is_dir() for p in d.rglob("*.html"))


def test_no_template_contains_inline_code() -> None:
    problems = [
        f"{path.relative_to(ROOT)}: {kind}"
        for path in _templates()
        for kind, pattern in INLINE_CODE.items()
        if pattern.search(_code(path))
    ]
    assert not problems, "Inline code the CSP would block:\n" + "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/regions/", "/accounts/login/", "/api/v1/docs"])
def test_pages_carry_a_strict_content_security_policy(
    client: Client, path: str
) -> None:
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
