"""Public pages of the registry: the region list (with CSV) and a region's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from chiiki.caching import cached
from chiiki.htmx import htmx_partial, vary_on_htmx
from dashboard.queries import outcome_headers, region_outcome_rows
from programmes.filtersets import RegionFilterSet
from programmes.queries import region_for_detail, regions_for_list
from programmes.tables import RegionTable, csv_response

__all__ = ["RegionDetailView", "RegionListView"]


class RegionListView(SingleTableMixin, FilterView):
    """地域一覧: filter, sort and page; htmx swaps only the results."""

    queryset = regions_for_list()
    filterset_class = RegionFilterSet
    table_class = RegionTable
    table_pagination = {"per_page": 25}
    template_name = "programmes/region_list.html"
    partial_template_name = "programmes/partials/region_table.html"

    def get_template_names(self) -> list[str]:
        if htmx_partial(self.request):
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not htmx_partial(self.request):
            context["filter_fields_html"] = self._filter_fields_html(context["filter"])
        return context

    def _filter_fields_html(self, filterset: RegionFilterSet) -> str:
        """The filter form's fields, cached: rendering its selects (47
        prefectures, every programme) through widget templates cost as much
        as the whole table. They depend on the filter values, the language
        and the choices (data version) only."""
        values = [
            (name, filterset.data.getlist(name)) for name in filterset.form.fields
        ]
        return cached(
            "region-filter-form",
            values,
            get_language(),
            compute=lambda: render_to_string(
                "programmes/partials/filter_fields.html", {"filter": filterset}
            ),
        )

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> Any:
        if self.request.GET.get("export") == "csv":
            return self.export_csv()
        return vary_on_htmx(super().render_to_response(context, **kwargs))

    def export_csv(self) -> HttpResponse:
        """Every filtered region in the table's order, not just one page."""
        table = self.table_class(data=self.object_list)
        RequestConfig(self.request, paginate=False).configure(table)
        return csv_response(table.as_values(), "regions.csv")


class RegionDetailView(DetailView):
    """A region's page: registry facts, HQ, links and yearly outcomes."""

    queryset = region_for_detail()
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "region"
    template_name = "programmes/region_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = region_outcome_rows(self.object)
        context["outcome_headers"] = outcome_headers()
        context["outcome_rows"] = rows
        context["has_synthetic"] = any(row.is_synthetic for row in rows)
        return context
