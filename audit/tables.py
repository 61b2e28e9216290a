"""The audit page's table and the rows of its CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from lib.csv_safety import neutralise_row

__all__ = ["CSV_HEADER", "AuditEntryTable", "csv_rows"]


class AuditEntryTable(tables.Table):
    time = tables.DateTimeColumn(verbose_name=_("日時"), format="Y-m-d H:i:s")
    user_name = tables.Column(verbose_name=_("ユーザー"))
    action = tables.Column(verbose_name=_("操作"))
    content_type = tables.Column(verbose_name=_("種類"), orderable=False)
    object_repr = tables.Column(
        verbose_name=_("対象"),
        linkify=("audit:entry_detail", {"pk": tables.A("pk")}),
    )
    changed = tables.Column(
        verbose_name=_("変更項目"), accessor="changed_fields", orderable=False
    )
    remote_addr = tables.Column(verbose_name=_("接続元"))

    class Meta:
        model = AuditEntry
        fields = (
            "time",
            "user_name",
            "action",
            "content_type",
            "object_repr",
            "changed",
            "remote_addr",
        )
        order_by = ("-time",)
        empty_text = _("条件に合う記録はありません。")
        attrs = {"class": "table audit-table"}

    def render_content_type(self, value: Any) -> str:
        model = value.model_class()
        return str(model._meta.verbose_name) if model else value.model

    def render_changed(self, value: list[str]) -> str:
        return ", ".join(value) or "—"


CSV_HEADER = [
    "time",
    "user",
    "action",
    "content_type",
    "object_id",
    "object",
    "remote_addr",
    "request_id",
    "reason",
    "before",
    "after",
]


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list[Any]]:
    """One neutralised row per entry: user text never runs as a formula."""
    for entry in entries:
        yield neutralise_row(
            [
                entry.time.isoformat(),
                entry.user_name,
                entry.action,
                entry.content_type.app_labeled_name,
                entry.object_id,
                entry.object_repr,
                entry.remote_addr or "",
                entry.request_id,
                entry.reason,
                _json(entry.before),
                _json(entry.after),
            ]
        )


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)
