"""The dashboard: the subsidy, its programmes and its targets at a glance, per FY."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from chiiki.caching import cached
from dashboard.forms import DashboardForm, selected_fiscal_year, selected_indicator
from dashboard.maps import DEFAULT_INDICATOR, INDICATORS, region_map
from programmes.charts import budget_chart
from programmes.models import Programme
from programmes.queries import (
    budgets_by_year,
    fiscal_year_span,
    programmes_with_active_counts,
    region_counts_by_year,
    subsidy,
)
from reports.outcome_queries import outcomes_by_year_and_programme
from targets.charts import efficiency_chart, target_cards
from targets.completeness import completeness, completeness_table
from targets.efficiency import benchmark_efficiency, programme_efficiency
from targets.services import evaluate_targets

__all__ = ["home"]


def home(request: HttpRequest) -> HttpResponse:
    """Counts, budgets, targets, outcomes, efficiency and the map for a FY.

    ``?fiscal_year=`` (default FY2004) and ``?indicator=`` (what colours the
    map, default the number of regions) fall back quietly when unknown.
    """
    requested = _requested_year(request.GET.get("fiscal_year"))
    indicator = selected_indicator(
        request.GET.get("indicator"), INDICATORS, DEFAULT_INDICATOR
    )

    def content() -> str:
        years = fiscal_year_span()
        fiscal_year = selected_fiscal_year(requested, years)
        context = {
            "fiscal_year": fiscal_year,
            "form": DashboardForm(years, fiscal_year, INDICATORS, indicator),
            "years": years,
            **_figures(years, fiscal_year, indicator),
        }
        return render_to_string("dashboard/partials/content.html", context, request)

    # Everything below the site's header depends on the data, the requested FY,
    # the indicator and the language only: rendered once per data version
    # (chiiki/caching.py), the span of years included. At national scale the
    # outcome totals read a million rows and the year span scans the regions;
    # a warm request costs one data-version query and a cache read.
    html = cached("dashboard", requested, indicator, get_language(), compute=content)
    return render(request, "dashboard/home.html", {"content_html": html})


def _requested_year(raw: str | None) -> str | None:
    """The ``?fiscal_year=`` worth a cache entry of its own, else None (default).

    Only a plausible year is kept, so arbitrary query strings cannot fill the
    cache with copies of the default page.
    """
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2200:
        return raw
    return None


def _figures(years: list[int], fiscal_year: int, indicator: str) -> dict[str, Any]:
    """Everything the page shows that comes from the data (cached per version:
    at national scale the outcome totals read a million rows)."""
    programmes = list(programmes_with_active_counts(fiscal_year))
    outcomes = outcomes_by_year_and_programme(programmes)
    table = completeness_table()
    return {
        "subsidy": subsidy(),
        "programmes": programmes,
        "active_total": sum(p.active_regions for p in programmes),
        "year_counts": region_counts_by_year(years),
        "map": region_map(fiscal_year, indicator),
        "target_cards": target_cards(evaluate_targets(fiscal_year)),
        "outcomes": outcomes,
        # Rows of years whose reports are incomplete say 暫定 with the counts.
        "outcome_rows": [
            (year, cells, completeness(year, table=table))
            for year, cells in outcomes.rows
        ],
        "completeness": completeness(fiscal_year, table=table),
        **_budgets(programmes),
        **_efficiency(fiscal_year),
    }


def _budgets(programmes: list[Programme]) -> dict[str, Any]:
    budgets = budgets_by_year()
    series = [(p.code, p.name_ja) for p in programmes]
    return {"budgets": budgets, "chart": budget_chart(budgets, series)}


def _efficiency(fiscal_year: int) -> dict[str, Any]:
    """This subsidy's patents per 1億円 in the FY beside the seed's benchmarks."""
    rows = programme_efficiency(fiscal_year) + benchmark_efficiency()
    return {"efficiency_rows": rows, "efficiency_chart": efficiency_chart(rows)}
