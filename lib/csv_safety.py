"""Neutralise spreadsheet formulas in exported cells (CSV/formula injection).

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, and a leading tab or carriage return can hide such a prefix.
Every CSV/XLSX export passes its text cells through :func:`neutralise_cell`,
which prefixes a single quote, the convention both programs show as text.
Numbers are left alone so that ``-5`` stays a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

__all__ = ["FORMULA_PREFIXES", "neutralise_cell", "neutralise_row"]

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise_cell(value: T) -> T | str:
    """The value, with a ``'`` in front when it is text that would run as code."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values: Iterable[T]) -> list[T | str]:
    return [neutralise_cell(value) for value in values]
