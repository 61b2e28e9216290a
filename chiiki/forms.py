"""Forms every page shares: the fiscal-year selector.

On the interface floor, beside the project's other request helpers, so that
any app's pages can use it without importing another app's views or forms.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.wareki import format_fiscal_year

__all__ = ["DEFAULT_FISCAL_YEAR", "FiscalYearForm", "selected_fiscal_year"]

#: The year the FY2005 evaluation sheet describes (18 KC regions, 37 CA areas).
DEFAULT_FISCAL_YEAR = 2004


class FiscalYearForm(forms.Form):
    """A GET form whose select lists the years the data covers."""

    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, years: Sequence[int], selected: int) -> None:
        super().__init__(initial={"fiscal_year": selected})
        self.fields["fiscal_year"].choices = [
            (year, f"{year}（{format_fiscal_year(year)}）") for year in years
        ]


def selected_fiscal_year(raw: str | None, years: Sequence[int]) -> int:
    """The requested year if the data covers it, else FY2004, else the latest.

    A bad or out-of-range ``?fiscal_year=`` falls back quietly: the dashboard
    is a public page and a stale bookmark should still show something useful.
    """
    if raw is not None and raw.strip().isdigit() and int(raw) in years:
        return int(raw)
    if DEFAULT_FISCAL_YEAR in years or not years:
        return DEFAULT_FISCAL_YEAR
    return years[-1]
