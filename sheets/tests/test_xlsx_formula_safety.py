"""Officer prose in the 事業評価書 xlsx is text, never a live formula.

Issues 14 (outputs safe) and 16 (one formula-safe writer): prose typed as
``=HYPERLINK(...)`` was written as a formula that LibreOffice evaluated in a
file the public downloads.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from accounts.models import User
from sheets.choices import ProsePart
from sheets.document import build_sheet
from sheets.render import render
from sheets.services import save_prose
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://example.invalid","x")', "+1+2", "-3+4", "@SUM(A1:A2)"],
)
def test_prose_that_looks_like_a_formula_stays_text(typed: str) -> None:
    save_prose(2005, ProsePart.OVERVIEW, typed, make_user(User.Role.OFFICER))

    book = load_workbook(io.BytesIO(render(build_sheet(2005), "xlsx")))

    cells = [c for row in book.active.iter_rows() for c in row if c.value == typed]
    assert cells, f"{typed!r} not found in the xlsx"
    assert all(cell.data_type == "s" for cell in cells)
