"""Public pages of the registry: the region list (with CSV) and a region's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from chiiki.caching import cached
from chiiki.htmx import htmx_partial, vary_on_htmx
from programmes.filtersets import RegionFilterSet
from programmes.queries import region_for_detail, regions_for_list
from programmes.tables import RegionTable, csv_response
from reports.outcome_queries import outcome_headers, region_outcome_rows

__all__ = ["RegionDetailView", "RegionListView"]


class RegionListView(SingleTableMixin, FilterView):
    """地域一覧: filter, sort and page; htmx swaps only the results.

    The list is public and the same for every reader, so the results (count,
    table, pager) and the filter fields are rendered once per query string,
    language and data version (chiiki/caching.py); a warm request costs the
    data-version query and the page around them. Rendering 25 rows through
    django-tables2 (sort links, pager, cells) took ~30 ms per request.
    """

    queryset = regions_for_list()
    filterset_class = RegionFilterSet
    table_class = RegionTable
    table_pagination = {"per_page": 25}
    template_name = "programmes/region_list.html"
    partial_template_name = "programmes/partials/region_table.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "csv":
            return self.export_csv()
        params = _query_key(request)
        results = cached(
            "region-results", params, get_language(), compute=self._results_html
        )
        if htmx_partial(request):
            response: HttpResponse = HttpResponse(results)
        else:
            fields = cached(
                "region-filter-form",
                params,
                get_language(),
                compute=lambda: render_to_string(
                    "programmes/partials/filter_fields.html",
                    {"filter": self._filterset()},
                ),
            )
            context = {"results_html": results, "filter_fields_html": fields}
            response = render(request, self.template_name, context)
        return vary_on_htmx(response)  # type: ignore[return-value]

    def _filterset(self) -> RegionFilterSet:
        return self.get_filterset(self.get_filterset_class())  # type: ignore[no-any-return]

    def _filtered(self) -> Any:
        """The regions the query string selects (none if the filters are invalid)."""
        filterset = self._filterset()
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def _results_html(self) -> str:
        """Count, table and pager; an invalid page raises Http404, never cached."""
        self.object_list = self._filtered()
        table = self.get_table(**self.get_table_kwargs())
        return render_to_string(
            self.partial_template_name, {"table": table}, self.request
        )

    def export_csv(self) -> HttpResponse:
        """Every filtered region in the table's order, not just one page."""
        table = self.table_class(data=self._filtered())
        RequestConfig(self.request, paginate=False).configure(table)
        return csv_response(table.as_values(), "regions.csv")


def _query_key(request: HttpRequest) -> list[tuple[str, list[str]]]:
    """The query string in a stable order: the cache key of what it selects."""
    return sorted((name, request.GET.getlist(name)) for name in request.GET)


class RegionDetailView(DetailView):
    """A region's page: registry facts, HQ, links and yearly outcomes."""

    queryset = region_for_detail()
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "region"
    template_name = "programmes/region_detail.html"
    content_template_name = "programmes/partials/region_detail_content.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The page body is public and the same for every reader: rendered once
        per region, language and data version (it took ~25 ms: registry facts,
        HQ, zones, councils and the outcomes table). An unknown code raises
        Http404 inside, which is never cached."""

        def content() -> dict[str, str]:
            self.object = self.get_object()
            context = self.get_context_data(object=self.object)
            html = render_to_string(self.content_template_name, context, request)
            return {"title": self.object.name_ja, "html": html}

        code = kwargs[self.slug_url_kwarg]
        page = cached("region-detail", code, get_language(), compute=content)
        # render_to_string's SafeString survives the cache's pickling.
        context = {"title": page["title"], "content_html": page["html"]}
        return render(request, self.template_name, context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = region_outcome_rows(self.object)
        context["outcome_headers"] = outcome_headers()
        context["outcome_rows"] = rows
        context["has_synthetic"] = any(row.is_synthetic for row in rows)
        return context
