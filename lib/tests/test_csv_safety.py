"""Formula injection: risky text gets a quote, everything else is unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.csv_safety import FORMULA_PREFIXES, neutralise_cell, neutralise_row
from lib.tests._settings import PROPERTY


@pytest.mark.parametrize(
    "value", ["=1+1", "+81-3", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", "=HYPERLINK()"]
)
def test_it_quotes_text_that_would_run_as_a_formula(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, 3.5, None, True, "札幌", "a=b", "", "'=x"])
def test_it_leaves_numbers_and_harmless_text_alone(value: object) -> None:
    assert neutralise_cell(value) == value


def test_it_neutralises_a_whole_row() -> None:
    assert neutralise_row(["=x", 1, "ok"]) == ["'=x", 1, "ok"]


@PROPERTY
@given(st.text())
def test_it_never_leaves_a_formula_prefix_at_the_start(text: str) -> None:
    result = neutralise_cell(text)
    assert not result.startswith(FORMULA_PREFIXES)
    assert result.endswith(text)
