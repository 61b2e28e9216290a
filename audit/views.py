"""The officer's audit page: browse, filter, inspect one entry, export CSV.

Read-only by construction: there is no form, and AuditEntry refuses updates
and deletes even from code.
"""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.access import PolicyRequiredMixin, policy_required
from accounts.policy import Action, scope
from audit.filtersets import AuditEntryFilterSet
from audit.models import AuditEntry
from audit.tables import CSV_HEADER, AuditEntryTable, csv_rows

__all__ = ["AuditEntryDetailView", "AuditEntryListView", "export_csv"]


def _entries(request: HttpRequest) -> Any:
    queryset = AuditEntry.objects.select_related("content_type")
    return scope(request.user, queryset, Action.VIEW)


class AuditEntryListView(PolicyRequiredMixin, SingleTableMixin, FilterView):
    """監査ログ: every change, newest first, filterable."""

    policy_action = Action.VIEW
    policy_model = AuditEntry
    filterset_class = AuditEntryFilterSet
    table_class = AuditEntryTable
    table_pagination = {"per_page": 50}
    template_name = "audit/entry_list.html"

    def get_queryset(self) -> Any:
        return _entries(self.request)


class AuditEntryDetailView(PolicyRequiredMixin, DetailView):
    """One entry with its before/after values side by side."""

    policy_action = Action.VIEW
    policy_model = AuditEntry
    template_name = "audit/entry_detail.html"
    context_object_name = "entry"

    def get_queryset(self) -> Any:
        return _entries(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = _diff_rows(self.object)
        return context


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


@policy_required(Action.EXPORT, AuditEntry)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered entries as CSV (UTF-8 with BOM so Excel reads Japanese)."""
    filterset = AuditEntryFilterSet(request.GET, queryset=_entries(request))
    entries = filterset.qs.order_by("time", "pk").iterator(chunk_size=2000)
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield "\ufeff" + writer.writerow(CSV_HEADER)
        for row in csv_rows(entries):
            yield writer.writerow(row)

    name = "audit-{:%Y%m%d-%H%M%S}.csv".format(timezone.localtime())
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _diff_rows(entry: AuditEntry) -> list[dict[str, Any]]:
    before, after = entry.before or {}, entry.after or {}
    changed = set(entry.changed_fields)
    return [
        {
            "field": key,
            "before": before.get(key),
            "after": after.get(key),
            "changed": key in changed,
        }
        for key in sorted(set(before) | set(after))
    ]
