"""django-tables2 tables of the registry, and their CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import django_tables2 as tables
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from geo.models import Prefecture
from lib.csv_safety import neutralise_cell
from programmes.models import Region

__all__ = ["RegionTable", "csv_response"]


class RegionTable(tables.Table):
    code = tables.Column(verbose_name=_("地域コード"))
    name_ja = tables.Column(
        verbose_name=_("名称"),
        linkify=("programmes:region_detail", {"code": tables.A("code")}),
    )
    programme = tables.Column(
        verbose_name=_("事業"),
        accessor="programme__name_ja",
        # Creation order puts 知的クラスター before 都市エリア, as the seed does.
        # By the region's own column, not the programme's start year: the
        # default sort (programme, start FY, code) then walks the index
        # region_programme_start and stops after one page, where a sort on a
        # joined column read and sorted every region (17 ms at 4,222 regions).
        order_by=("programme_id",),
    )
    prefectures = tables.ManyToManyColumn(
        verbose_name=_("都道府県"),
        separator="・",
        orderable=True,
        order_by=("main_prefecture__code",),
    )
    start_fy = tables.Column(verbose_name=_("開始年度"))
    planned_end_fy = tables.Column(verbose_name=_("終了予定年度"))
    status = tables.Column(verbose_name=_("状態"))
    name_certainty = tables.Column(verbose_name=_("名称の確度"))

    class Meta:
        model = Region
        fields = (
            "code",
            "name_ja",
            "programme",
            "prefectures",
            "start_fy",
            "planned_end_fy",
            "status",
            "name_certainty",
        )
        order_by = ("programme", "start_fy", "code")
        empty_text = _("条件に合う地域はありません。")
        attrs = {"class": "table region-table"}

    def body_html(self) -> SafeString:
        """The page's rows as one HTML string, built in Python.

        django-tables2's template renders every cell through template tags
        (three quarters of the list page's time, docs/benchmarks.md); the
        rows here are plain escaped text, so format_html_join does the same
        in a fraction of it. Column order is Meta.fields, as in the header.
        """
        return format_html_join(
            "\n",
            '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (self._cells(row.record) for row in self.paginated_rows),
        )

    def _cells(self, region: Region) -> tuple[Any, ...]:
        return (
            region.code,
            reverse("programmes:region_detail", kwargs={"code": region.code}),
            region.name_ja,
            region.programme.name_ja,
            self.render_prefectures(region.prefectures),
            region.start_fy,
            region.planned_end_fy,
            region.get_status_display(),
            self.render_name_certainty(region),
        )

    def render_prefectures(self, value: Any) -> str:
        """Names from the prefetch cache, in code order: no query per row."""
        return "・".join(p.name_ja for p in _prefetched(value))

    def value_prefectures(self, value: Any) -> str:
        return self.render_prefectures(value)

    def render_name_certainty(self, record: Region) -> SafeString:
        label = record.get_name_certainty_display()
        return format_html(
            '<span class="badge certainty-{}">{}</span>', record.name_certainty, label
        )

    def value_name_certainty(self, record: Region) -> str:
        return str(record.get_name_certainty_display())

    def value_status(self, record: Region) -> str:
        return str(record.get_status_display())


def _prefetched(value: Any) -> Iterable[Prefecture]:
    # `.all()` reads the prefetch cache; ordering it again would query again.
    return value.all()


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> HttpResponse:
    """A CSV download that Excel opens as UTF-8 Japanese (BOM first)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [neutralise_cell("" if cell is None else str(cell)) for cell in row]
        )
    return response
