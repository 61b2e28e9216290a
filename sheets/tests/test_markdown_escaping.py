"""The published Markdown shows prose literally: no HTML gets through.

Issue 13, finding 10: prose typed as ``<script>…`` was copied into the ``.md``
export as it was, so any viewer that renders Markdown (which passes raw HTML
through) would run it. The check renders the file with a CommonMark renderer
that keeps raw HTML (markdown-it-py's default), as a repository viewer would.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from accounts.models import User
from sheets.choices import ProsePart, SheetFormat, SheetLanguage
from sheets.document import build_sheet
from sheets.models import SheetRendition
from sheets.render import render
from sheets.services import publish_sheet, save_prose
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

HOSTILE = (
    '<script>alert("合成")</script> & <img src=x onerror=alert(1)> '
    '<a href="javascript:alert(2)">リンク</a>'
)


@pytest.fixture
def officer() -> User:
    return make_user(User.Role.OFFICER)


def _assert_literal(markdown: str) -> None:
    assert "<script" not in markdown
    assert "<img" not in markdown
    assert "&lt;script&gt;alert(&quot;" in markdown or "&lt;script&gt;" in markdown
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html  # the reader still sees what was typed


def test_the_markdown_escapes_html_in_prose(officer: User) -> None:
    save_prose(2005, ProsePart.OVERVIEW, HOSTILE, officer)

    markdown = render(build_sheet(2005), "md").decode()

    _assert_literal(markdown)
    assert "&amp;" in markdown


def test_the_published_markdown_file_escapes_html(officer: User) -> None:
    save_prose(2005, ProsePart.NECESSITY, HOSTILE, officer, text_en=HOSTILE)

    published = publish_sheet(2005, officer)

    for language in SheetLanguage.values:
        rendition = SheetRendition.objects.get(
            sheet=published, format=SheetFormat.MARKDOWN, language=language
        )
        _assert_literal(bytes(rendition.content).decode())
