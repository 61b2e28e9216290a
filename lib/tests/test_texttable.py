"""Plain-text tables whose columns line up with Japanese text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lib.tests._settings import PROPERTY
from lib.texttable import display_width, render_table


def test_it_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("札幌") == 4
    assert display_width("ＡＢ1") == 5


def test_it_aligns_columns_by_display_width() -> None:
    text = render_table(
        ["地域", "配分額"],
        [["札幌", "1,000"], ["kc-x", "10"]],
        right=[False, True],
        title="表題",
        footer="合計",
    )
    lines = text.splitlines()
    assert lines[0] == "表題"
    assert lines[-1] == "合計"
    assert lines[2] == "----  ------"
    assert lines[3] == "札幌   1,000"
    assert lines[4] == "kc-x      10"


@PROPERTY
@given(
    st.lists(
        st.tuples(st.text("ab札幌エ1", max_size=6), st.text("xy東京", max_size=6)),
        max_size=8,
    )
)
def test_it_gives_every_row_the_same_right_edge(rows: list[tuple[str, str]]) -> None:
    text = render_table(["a", "b"], rows, right=[False, True])
    lines = text.splitlines()
    filled = [line for line, row in zip(lines[2:], rows, strict=True) if row[1]]
    assert {display_width(line) for line in [lines[0], *filled]} == {
        display_width(lines[1])
    }
