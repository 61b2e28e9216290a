"""Region filters shared by the HTML list and the API.

For example `?programme=KC&fiscal_year=2004` lists the 18 KC regions of FY2004.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo.models import Prefecture
from programmes.choices import RegionStatus
from programmes.models import Programme, Region, RegionQuerySet


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("キーワード"))
    programme = django_filters.ModelChoiceFilter(
        field_name="programme",
        to_field_name="code",
        queryset=Programme.objects.all(),
        label=_("事業"),
    )
    fiscal_year = django_filters.NumberFilter(
        method="active_in", label=_("実施年度"), min_value=1990, max_value=2200
    )
    prefecture = django_filters.ModelChoiceFilter(
        field_name="prefectures",
        queryset=Prefecture.objects.all(),
        label=_("都道府県"),
        distinct=True,
    )
    status = django_filters.ChoiceFilter(choices=RegionStatus.choices, label=_("状態"))
    start_fy = django_filters.NumberFilter(label=_("開始年度"))

    class Meta:
        model = Region
        fields = ["q", "programme", "fiscal_year", "prefecture", "status", "start_fy"]

    def search(self, queryset: RegionQuerySet, name: str, value: str) -> RegionQuerySet:
        return queryset.filter(
            Q(name_ja__icontains=value)
            | Q(cluster_name_ja__icontains=value)
            | Q(code__icontains=value)
            | Q(name_en__icontains=value)
        )

    def active_in(
        self, queryset: RegionQuerySet, name: str, value: int
    ) -> RegionQuerySet:
        return queryset.active_in(int(value))
