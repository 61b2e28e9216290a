"""The dashboard: the subsidy and its two programmes at a glance, per fiscal year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.charts import budget_chart
from dashboard.forms import FiscalYearForm, selected_fiscal_year
from dashboard.maps import region_map
from geo.japan_map import MAP_BUCKETS
from programmes.queries import (
    budgets_by_year,
    fiscal_year_span,
    programmes_with_active_counts,
    region_counts_by_year,
    subsidy,
)

__all__ = ["home"]


def home(request: HttpRequest) -> HttpResponse:
    """Counts, budgets and the map for ``?fiscal_year=`` (default FY2004)."""
    years = fiscal_year_span()
    fiscal_year = selected_fiscal_year(request.GET.get("fiscal_year"), years)
    programmes = list(programmes_with_active_counts(fiscal_year))
    budgets = budgets_by_year()
    series = [(p.code, p.name_ja) for p in programmes]
    context = {
        "subsidy": subsidy(),
        "fiscal_year": fiscal_year,
        "form": FiscalYearForm(years, fiscal_year),
        "programmes": programmes,
        "active_total": sum(p.active_regions for p in programmes),
        "years": years,
        "year_counts": region_counts_by_year(years),
        "budgets": budgets,
        "chart": budget_chart(budgets, series),
        "map_svg": region_map(fiscal_year),
        "map_buckets": MAP_BUCKETS,
    }
    return render(request, "dashboard/home.html", context)
