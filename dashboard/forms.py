"""The dashboard's form: the shared fiscal-year selector plus the map indicator."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chiiki.forms import DEFAULT_FISCAL_YEAR, FiscalYearForm, selected_fiscal_year

__all__ = [
    "DEFAULT_FISCAL_YEAR",
    "DashboardForm",
    "FiscalYearForm",
    "selected_fiscal_year",
    "selected_indicator",
]


class DashboardForm(FiscalYearForm):
    """The dashboard's GET form: the fiscal year and what colours the map."""

    indicator = forms.ChoiceField(label=_("地図の指標"), required=False)

    def __init__(
        self,
        years: Sequence[int],
        selected: int,
        indicators: dict[str, Any],
        chosen: str,
    ) -> None:
        super().__init__(years, selected)
        self.initial["indicator"] = chosen
        self.fields["indicator"].choices = list(indicators.items())


def selected_indicator(
    raw: str | None, indicators: Collection[str], default: str
) -> str:
    """The requested map indicator if known, else the default (quietly, like FYs)."""
    return raw if raw in indicators else default
