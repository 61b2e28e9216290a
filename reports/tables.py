"""django-tables2 tables of the report pages: the list and each sheet's rows."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from reports.models import AnnualReport
from reports.queries import is_overdue
from reports.sheets import SHEETS_BY_KEY

__all__ = ["ReportTable", "sheet_table_class"]


class ReportTable(tables.Table):
    """The report list; every column sorts (``?sort=``), overdue is marked."""

    programme = tables.Column(
        verbose_name=_("事業"),
        accessor="region__programme__name_ja",
        order_by=("region__programme__code", "region__code"),
    )
    region = tables.Column(
        verbose_name=_("地域"), accessor="region__name_ja", order_by="region__code"
    )
    fiscal_year = tables.Column(
        verbose_name=_("年度"),
        linkify=(
            "reports:detail",
            {"code": tables.A("region__code"), "fy": tables.A("fiscal_year")},
        ),
    )
    status = tables.Column(verbose_name=_("状態"))
    due_date = tables.Column(verbose_name=_("提出期限"))
    version = tables.Column(
        verbose_name=_("版"), accessor="current_version__number", default="—"
    )

    class Meta:
        model = AnnualReport
        fields = ("programme", "region", "fiscal_year", "status", "due_date", "version")
        order_by = ("region", "-fiscal_year")
        empty_text = _("表示できる報告はありません。")
        attrs = {"class": "table report-table"}

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_status(self, record: AnnualReport) -> SafeString:
        badge = status_badge(record)
        if self.today is not None and is_overdue(record, self.today):
            days = (self.today - record.due_date).days
            overdue = format_html(
                '<span class="badge status-overdue">{}</span>',
                _("期限超過 {days}日").format(days=days),
            )
            return format_html("{} {}", badge, overdue)
        return badge


def status_badge(report: AnnualReport) -> SafeString:
    return format_html(
        '<span class="badge status-{}">{}</span>',
        report.status,
        report.get_status_display(),
    )


@cache
def sheet_table_class(sheet_key: str) -> type[tables.Table]:
    """A sortable table of one sheet's rows, columns as in the template."""
    sheet = SHEETS_BY_KEY[sheet_key]
    columns = [c.key for c in sheet.columns]
    meta = type(
        "Meta",
        (),
        {
            "model": sheet.model,
            "fields": columns,
            "empty_text": _("行はありません。"),
            "attrs": {"class": "table sheet-table"},
        },
    )
    return type(f"{sheet.model.__name__}Table", (tables.Table,), {"Meta": meta})
